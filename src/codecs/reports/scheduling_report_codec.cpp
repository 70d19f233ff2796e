// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/reports/scheduling_report_codec.hpp"

#include <cstdlib>

#include "codecs/json/json_writer.hpp"

namespace medoffice::codecs {

namespace bill = app::billing;
using tabular::Cell;
using tabular::ColumnType;
using tabular::Table;

std::string tenthsText(std::int64_t n) {
  const std::int64_t a = n < 0 ? -n : n;
  return std::string(n < 0 ? "-" : "") + std::to_string(a / 10) + "." + std::to_string(a % 10);
}

namespace {

/// Permille as percent with one decimal: 125 -> "12.5".
void writeTenths(JsonWriter& w, std::string_view key, std::optional<std::int64_t> tenths) {
  w.key(key);
  if (tenths) {
    w.raw(tenthsText(*tenths));
  } else {
    w.null();
  }
}

std::optional<std::int64_t> waitTenths(const bill::SchedulingRow& r, std::int64_t micros) {
  if (r.waits == 0) return std::nullopt;
  return bill::tenthsOfMinute(micros);
}

void writeRow(JsonWriter& w, const bill::SchedulingRow& r) {
  w.beginObject();
  optionalId(w, "provider_id", r.providerId);
  w.member("provider", r.name)
      .member("booked", r.booked)
      .member("cancelled", r.cancelled)
      .member("started", r.started)
      .member("completed", r.completed)
      .member("no_shows", r.noShows);
  writeTenths(w, "no_show_rate_percent", r.noShowPermille());
  w.member("available_minutes", r.availableMinutes).member("booked_minutes", r.bookedMinutes);
  writeTenths(w, "utilisation_percent", r.utilisationPermille());
  w.key("wait").beginObject().member("count", r.waits);
  writeTenths(w, "median_minutes", waitTenths(r, r.waitMedianMicros));
  writeTenths(w, "p90_minutes", waitTenths(r, r.waitP90Micros));
  w.endObject().endObject();
}

Cell tenthsCell(std::optional<std::int64_t> t) {
  if (!t) return std::monostate{};
  return tenthsText(*t);
}

}  // namespace

std::string toJson(const bill::SchedulingReport& r) {
  JsonWriter w;
  w.beginObject().member("from", r.from.toString()).member("to", r.to.toString());
  optionalId(w, "location_id", r.locationId.value);
  optionalId(w, "provider_id", r.providerId.value);
  w.key("providers").beginArray();
  for (const auto& row : r.rows) writeRow(w, row);
  w.endArray().key("total");
  writeRow(w, r.total);
  w.endObject();
  return w.take();
}

std::vector<Table> reportTables(const bill::SchedulingReport& r) {
  Table t;
  t.sheetName = "Scheduling";
  t.title = "Scheduling metrics, " + r.from.toString() + " to " + r.to.toString();
  t.columns = {{"provider_id", "Provider id", ColumnType::kInteger},
               {"provider", "Provider", ColumnType::kText},
               {"booked", "Booked", ColumnType::kInteger},
               {"cancelled", "Cancelled", ColumnType::kInteger},
               {"started", "Started", ColumnType::kInteger},
               {"completed", "Completed", ColumnType::kInteger},
               {"no_shows", "No-shows", ColumnType::kInteger},
               {"no_show_rate_percent", "No-show rate (%)", ColumnType::kText},
               {"available_minutes", "Available (min)", ColumnType::kInteger},
               {"booked_minutes", "Booked (min)", ColumnType::kInteger},
               {"utilisation_percent", "Utilisation (%)", ColumnType::kText},
               {"waits", "Waits measured", ColumnType::kInteger},
               {"wait_median_minutes", "Median wait (min)", ColumnType::kText},
               {"wait_p90_minutes", "90th percentile wait (min)", ColumnType::kText}};
  auto add = [&](Cell id, const bill::SchedulingRow& row) {
    const auto i = [](std::int64_t v) { return Cell(std::in_place_type<std::int64_t>, v); };
    t.rows.push_back({std::move(id), row.name, i(row.booked), i(row.cancelled), i(row.started),
                      i(row.completed), i(row.noShows), tenthsCell(row.noShowPermille()),
                      i(row.availableMinutes), i(row.bookedMinutes),
                      tenthsCell(row.utilisationPermille()), i(row.waits),
                      tenthsCell(waitTenths(row, row.waitMedianMicros)),
                      tenthsCell(waitTenths(row, row.waitP90Micros))});
  };
  for (const auto& row : r.rows) add(Cell(std::in_place_type<std::int64_t>, row.providerId), row);
  add(std::monostate{}, r.total);
  return {std::move(t)};
}

}  // namespace medoffice::codecs
