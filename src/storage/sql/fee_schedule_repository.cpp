// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/fee_schedule_repository.hpp"

namespace medoffice::storage {

namespace {

/// Codes per lookup query: well inside every engine's parameter limit.
constexpr std::size_t kCodesPerQuery = 512;

/// The length a list of `n` codes is padded to (repeating its last code), so that a connection
/// prepares and caches a handful of statement texts rather than one per list length.
std::size_t paddedLength(std::size_t n) {
  for (std::size_t size : {1, 4, 16, 64, 256}) {
    if (n <= size) return size;
  }
  return kCodesPerQuery;
}

/// The schedule condition, written exactly as the indexes are so that both engines use them.
constexpr std::string_view kSchedule = "organization_id = ? AND COALESCE(payer_id, 0) = ?";

}  // namespace

const Table<domain::FeeScheduleEntry>& feeScheduleTable() {
  static const Table<domain::FeeScheduleEntry> table({
      .table = "fee_schedule_entries",
      .noun = "fee",
      .cursorKind = "fee",
      .columns = {"code", "modifier", "amount_cents", "effective_from", "effective_to", "active"},
      .insertOnlyColumns = {"payer_id"},
      .read =
          [](Reader& r, domain::FeeScheduleEntry& e) {
            e.code = r.text();
            e.modifier = r.text();
            e.amount = domain::Money::fromCents(r.i64());
            e.effectiveFrom = r.requiredDate();
            e.effectiveTo = r.date();
            e.active = r.boolean();
            e.payerId = r.id<domain::PayerId>();
          },
      .write =
          [](Params& p, const domain::FeeScheduleEntry& e) {
            append(p, e.code, e.modifier, sqlInt(e.amount.cents()), e.effectiveFrom.toString(),
                   dateOrNull(e.effectiveTo), sqlBool(e.active));
          },
      .writeInsertOnly =
          [](Params& p, const domain::FeeScheduleEntry& e) {
            append(p, optionalId(e.payerId.value));
          },
  });
  return table;
}

Result<domain::FeeScheduleEntry> SqlFeeSchedules::insert(const domain::FeeScheduleEntry& e,
                                                         domain::Instant now) {
  return feeScheduleTable().insert(c_, e, now);
}

Status SqlFeeSchedules::insertMany(const std::vector<domain::FeeScheduleEntry>& entries,
                                   domain::Instant now) {
  return feeScheduleTable().insertMany(c_, entries, now);
}

Result<domain::FeeScheduleEntry> SqlFeeSchedules::update(const domain::FeeScheduleEntry& e,
                                                         std::int64_t expected,
                                                         domain::Instant now) {
  return feeScheduleTable().update(c_, e, expected, now);
}

Result<domain::FeeScheduleEntry> SqlFeeSchedules::setActive(domain::OrganizationId org,
                                                            domain::FeeScheduleEntryId id,
                                                            bool active, std::int64_t expected,
                                                            domain::Instant now) {
  return feeScheduleTable().setActive(c_, org, id.value, active, expected, now);
}

std::optional<domain::FeeScheduleEntry> SqlFeeSchedules::get(domain::OrganizationId org,
                                                             domain::FeeScheduleEntryId id) {
  return feeScheduleTable().get(c_, org, id.value);
}

Result<app::Page<domain::FeeScheduleEntry>> SqlFeeSchedules::list(domain::OrganizationId org,
                                                                  domain::PayerId payer,
                                                                  const std::string& code,
                                                                  const app::PageRequest& page) {
  const auto& t = feeScheduleTable();
  auto after = idAfter(page, t.spec().cursorKind);
  if (!after) return after.error();
  const int limit = clampLimit(page.limit);
  std::string sql = t.select("WHERE ").append(kSchedule);
  Params p{sqlInt(org.value), sqlInt(payer.value)};
  andIf(sql, p, !code.empty(), "code = ?", code);
  if (!page.includeInactive) sql += " AND active = 1";
  sql += " AND id > ? ORDER BY id LIMIT ?";
  append(p, sqlInt(*after), sqlInt(limit + 1));
  return pageOf<domain::FeeScheduleEntry>(c_.query(sql, p), limit, t.spec().cursorKind,
                                          [&t](const Row& row) { return t.decode(row); });
}

std::vector<domain::FeeScheduleEntry> SqlFeeSchedules::schedule(domain::OrganizationId org,
                                                                domain::PayerId payer) {
  static const std::string sql = feeScheduleTable().select("WHERE ").append(kSchedule).append(
      " AND active = 1 ORDER BY code, modifier, effective_from");
  return feeScheduleTable().query(c_, sql, {sqlInt(org.value), sqlInt(payer.value)});
}

std::vector<domain::FeeScheduleEntry> SqlFeeSchedules::inForce(
    domain::OrganizationId org, domain::PayerId payer, const std::vector<std::string>& codes,
    domain::Date from, domain::Date to) {
  std::vector<domain::FeeScheduleEntry> out;
  for (std::size_t at = 0; at < codes.size(); at += kCodesPerQuery) {
    const std::size_t n = std::min(kCodesPerQuery, codes.size() - at);
    const std::size_t padded = paddedLength(n);
    std::string sql = feeScheduleTable().select("WHERE ").append(kSchedule);
    Params p{sqlInt(org.value), sqlInt(payer.value)};
    if (padded == 1) {
      sql += " AND code = ?";
    } else {
      sql += " AND code IN (" + table_detail::placeholders(padded) + ")";
    }
    for (std::size_t k = 0; k < padded; ++k) p.emplace_back(codes[at + std::min(k, n - 1)]);
    sql +=
        " AND active = 1 AND effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?)";
    append(p, to.toString(), from.toString());
    auto part = feeScheduleTable().query(c_, sql, p);
    out.insert(out.end(), std::make_move_iterator(part.begin()),
               std::make_move_iterator(part.end()));
  }
  return out;
}

}  // namespace medoffice::storage
