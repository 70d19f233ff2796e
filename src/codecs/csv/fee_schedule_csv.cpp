// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/csv/fee_schedule_csv.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "codecs/csv/csv_reader.hpp"

namespace medoffice::codecs::csv {

namespace {

using domain::Error;
using domain::FieldError;

constexpr std::size_t kMaxProblems = 20;
constexpr std::size_t kMaxRows = 200'000;
/// The largest amount a fee may have (domain::validate): 2^53 cents, $90,071,992,547,409.92.
constexpr std::int64_t kMaxCents = std::int64_t{1} << 53;
/// Digits before the decimal point read at all: 15 cannot overflow int64 as cents, and more than
/// 14 is past kMaxCents anyway.
constexpr std::size_t kMaxWholeDigits = 15;

enum Column { kCode, kModifier, kAmount, kFrom, kTo, kColumns };
constexpr std::array<std::string_view, kColumns> kNames{"code", "modifier", "amount",
                                                        "effective_from", "effective_to"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

/// A number of 1 to `maxDigits` digits; nullopt for anything else.
std::optional<int> smallNumber(std::string_view s, std::size_t maxDigits) {
  if (s.empty() || s.size() > maxDigits) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!isDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

/// YYYY-MM-DD, or M/D/YYYY as US spreadsheets save dates.
std::optional<domain::Date> parseDate(std::string_view s) {
  if (auto iso = domain::Date::parse(s)) return iso;
  const auto slash1 = s.find('/');
  const auto slash2 = slash1 == std::string_view::npos ? slash1 : s.find('/', slash1 + 1);
  if (slash2 == std::string_view::npos) return std::nullopt;
  const auto m = smallNumber(s.substr(0, slash1), 2);
  const auto d = smallNumber(s.substr(slash1 + 1, slash2 - slash1 - 1), 2);
  const auto y = s.size() - slash2 - 1 == 4 ? smallNumber(s.substr(slash2 + 1), 4) : std::nullopt;
  if (!m || !d || !y) return std::nullopt;
  return domain::Date::fromYmd(*y, *m, *d);
}

/// Reads the header: the column of each name (or -1), and the problem if it is not one.
struct Header {
  std::array<int, kColumns> at{-1, -1, -1, -1, -1};
  std::size_t width = 0;
};

std::optional<std::string> readHeader(const std::vector<std::string>& fields, Header& h) {
  h.width = fields.size();
  for (std::size_t k = 0; k < fields.size(); ++k) {
    const std::string name = lower(text::trim(fields[k]));
    int column = -1;
    for (int c = 0; c < kColumns; ++c) {
      if (kNames[static_cast<std::size_t>(c)] == name) column = c;
    }
    if (column < 0) {
      return "'" + fields[k] +
             "' is not a column of a fee schedule; the first line must be the header "
             "code,modifier,amount,effective_from,effective_to";
    }
    if (h.at[static_cast<std::size_t>(column)] >= 0)
      return "the column " + name + " is named twice";
    h.at[static_cast<std::size_t>(column)] = static_cast<int>(k);
  }
  for (Column required : {kCode, kAmount, kFrom}) {
    if (h.at[required] < 0) {
      return "the header has no " + std::string(kNames[required]) +
             " column (expected code,modifier,amount,effective_from,effective_to)";
    }
  }
  return std::nullopt;
}

}  // namespace

domain::Result<domain::Money> parseDollars(std::string_view text) {
  auto bad = [](std::string message) { return Error::invalidField("amount", std::move(message)); };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (!s.empty() && s.front() == '$') s.remove_prefix(1);
  const auto dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view cents = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  const auto allDigits = [](std::string_view d) {
    for (char c : d) {
      if (!isDigit(c)) return false;
    }
    return true;
  };
  if (whole.empty() || !allDigits(whole) || !allDigits(cents) ||
      (dot != std::string_view::npos && cents.empty())) {
    if (whole.find(',') != std::string_view::npos) {
      return bad("must be written without thousands separators, such as 1250.00");
    }
    return bad("must be an amount in dollars, such as 125.00");
  }
  if (cents.size() > 2) return bad("has more than 2 decimals");
  if (whole.size() > kMaxWholeDigits) return bad("is too large");
  std::int64_t value = 0;
  for (char c : whole) value = value * 10 + (c - '0');
  std::int64_t fraction = 0;
  for (std::size_t k = 0; k < 2; ++k) {
    fraction = fraction * 10 + (k < cents.size() ? cents[k] - '0' : 0);
  }
  value = value * 100 + fraction;
  if (value > kMaxCents) return bad("is too large");
  return domain::Money::fromCents(negative ? -value : value);
}

FeeScheduleFile readFeeSchedule(std::istream& in) {
  FeeScheduleFile out;
  auto problem = [&](std::size_t line, std::string_view field, const std::string& message) {
    if (out.problems.size() < kMaxProblems) {
      out.problems.push_back({std::string(field), "line " + std::to_string(line) + ": " + message});
    }
  };
  Reader reader(in);
  Header header;
  bool haveHeader = false;
  while (auto rec = reader.next()) {
    if (!haveHeader) {
      if (auto why = readHeader(rec->fields, header)) {
        problem(rec->line, "file", *why);
        return out;
      }
      haveHeader = true;
      continue;
    }
    if (out.problems.size() >= kMaxProblems) break;
    // Spreadsheets save rows that merely look empty as a line of commas: skip them as empty
    // lines are skipped.
    if (std::all_of(rec->fields.begin(), rec->fields.end(),
                    [](const std::string& f) { return text::trim(f).empty(); })) {
      continue;
    }
    if (out.rows.size() >= kMaxRows) {
      problem(rec->line, "file",
              "the file holds more than " + std::to_string(kMaxRows) + " fees; split it");
      return out;
    }
    if (rec->fields.size() != header.width) {
      problem(rec->line, "file",
              "expected " + std::to_string(header.width) + " fields as in the header, found " +
                  std::to_string(rec->fields.size()));
      continue;
    }
    auto value = [&](Column c) -> std::string_view {
      const int at = header.at[c];
      // Spreadsheets may quote values with spaces inside: they are not part of the value.
      return at < 0 ? std::string_view{} : text::trim(rec->fields[static_cast<std::size_t>(at)]);
    };
    app::fees::ImportRow row;
    row.line = rec->line;
    domain::FeeScheduleEntry& e = row.entry;
    e.code = upper(value(kCode));
    e.modifier = upper(value(kModifier));
    // This row's problems by column, so that they are listed in the file's column order.
    std::vector<std::pair<Column, std::string>> bad;
    if (value(kAmount).empty()) {
      bad.emplace_back(kAmount, "is required");
    } else if (auto amount = parseDollars(value(kAmount)); !amount) {
      bad.emplace_back(kAmount, amount.error().fields.at(0).message);
    } else {
      e.amount = *amount;
    }
    if (value(kFrom).empty()) {
      bad.emplace_back(kFrom, "is required");
    } else if (auto from = parseDate(value(kFrom))) {
      e.effectiveFrom = *from;
    } else {
      bad.emplace_back(kFrom, "must be a date (YYYY-MM-DD)");
    }
    if (!value(kTo).empty()) {
      if (auto to = parseDate(value(kTo))) {
        e.effectiveTo = *to;
      } else {
        bad.emplace_back(kTo, "must be a date (YYYY-MM-DD) or empty");
      }
    }
    // The checks of the import itself (domain::validate), so that one pass lists every problem;
    // a column that could not be read is not checked again, nor the order of dates not read.
    const bool datesRead = std::none_of(
        bad.begin(), bad.end(), [](const auto& b) { return b.first == kFrom || b.first == kTo; });
    for (const auto& f : domain::validate(e)) {
      Column c = kAmount;  // amount_cents
      for (int k = 0; k < kColumns; ++k) {
        if (kNames[static_cast<std::size_t>(k)] == f.field) c = static_cast<Column>(k);
      }
      const bool unread =
          std::any_of(bad.begin(), bad.end(), [c](const auto& b) { return b.first == c; });
      if (unread || (c == kTo && !datesRead)) continue;
      bad.emplace_back(c, f.message);
    }
    if (bad.empty()) {
      out.rows.push_back(std::move(row));
      continue;
    }
    std::stable_sort(bad.begin(), bad.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [c, message] : bad) problem(rec->line, kNames[c], message);
  }
  if (const auto& p = reader.problem()) {
    // A broken structure ends the file: what was listed before it still helps.
    if (out.problems.size() < kMaxProblems) {
      out.problems.push_back({"file", "line " + std::to_string(p->line) + ": " + p->message});
    }
    return out;
  }
  if (!haveHeader) {
    out.problems.push_back(
        {"file",
         "the file is empty; it needs the header code,modifier,amount,effective_from,"
         "effective_to and one line per fee"});
  } else if (out.rows.empty() && out.problems.empty()) {
    out.problems.push_back({"file", "the file holds no fees, only its header"});
  }
  return out;
}

std::string describeProblem(const domain::FieldError& problem) {
  const std::string& m = problem.message;
  if (problem.field == "file" || problem.field.empty()) return m;
  const auto colon = m.rfind("line ", 0) == 0 ? m.find(": ") : std::string::npos;
  if (colon == std::string::npos) return problem.field + ": " + m;
  return m.substr(0, colon) + ", " + problem.field + m.substr(colon);
}

std::string writeFeeSchedule(const std::vector<domain::FeeScheduleEntry>& entries) {
  std::string out = "code,modifier,amount,effective_from,effective_to\r\n";
  out.reserve(out.size() + entries.size() * 40);
  for (const auto& e : entries) {
    out.append(field(e.code))
        .append(",")
        .append(field(e.modifier))
        .append(",")
        .append(e.amount.toString())
        .append(",")
        .append(e.effectiveFrom.toString())
        .append(",")
        .append(e.effectiveTo ? e.effectiveTo->toString() : "")
        .append("\r\n");
  }
  return out;
}

}  // namespace medoffice::codecs::csv
