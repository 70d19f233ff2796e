// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/eligibility_repository.hpp"

#include <limits>

namespace medoffice::storage {

using app::EligibilityCheck;
using app::EligibilityCheckId;
using domain::Instant;
using domain::OrganizationId;
using domain::claims::RealtimeEligibility;

namespace {

constexpr std::string_view kCursorKind = "elig";

}  // namespace

// The raw 271 lives in eligibility_responses, read only by get().
const Table<EligibilityCheck>& eligibilityCheckTable() {
  static const Table<EligibilityCheck> table({
      .table = "eligibility_checks",
      .noun = "eligibility check",
      .cursorKind = kCursorKind,
      .columns = {"coverage_id", "patient_id", "payer_id", "clearinghouse_id", "service_date",
                  "service_type", "state", "reason", "summary", "reusable", "coverage_version",
                  "patient_version", "trace_number", "interchange_control", "group_control",
                  "transaction_control", "requested_by", "elapsed_ms", "checked_at"},
      .read =
          [](Reader& r, EligibilityCheck& c) {
            c.coverageId = r.id<domain::CoverageId>();
            c.patientId = r.id<domain::PatientId>();
            c.payerId = r.id<domain::PayerId>();
            c.clearinghouseId = r.id<domain::ClearinghouseId>();  // NULL reads as 0: none
            c.serviceDate = r.requiredDate();
            c.serviceType = r.text();
            c.state = app::parseEligibilityState(r.text()).value_or(app::EligibilityState::kFailed);
            c.reason = r.text();
            c.summary = r.text();
            c.reusable = r.boolean();
            c.coverageVersion = r.i64();
            c.patientVersion = r.i64();
            c.traceNumber = r.text();
            c.interchangeControl = static_cast<std::uint32_t>(r.i64());
            c.groupControl = static_cast<std::uint32_t>(r.i64());
            c.transactionControl = static_cast<std::uint32_t>(r.i64());
            c.requestedBy = r.i64();
            c.elapsedMs = r.i64();
            c.checkedAt = r.instant();
          },
      .write =
          [](Params& p, const EligibilityCheck& c) {
            append(p, sqlInt(c.coverageId.value), sqlInt(c.patientId.value),
                   sqlInt(c.payerId.value), optionalId(c.clearinghouseId.value),
                   c.serviceDate.toString(), c.serviceType, std::string(app::toString(c.state)),
                   c.reason, c.summary, sqlBool(c.reusable), sqlInt(c.coverageVersion),
                   sqlInt(c.patientVersion), c.traceNumber, sqlInt(c.interchangeControl),
                   sqlInt(c.groupControl), sqlInt(c.transactionControl), sqlInt(c.requestedBy),
                   sqlInt(c.elapsedMs), sqlInt(c.checkedAt.micros()));
          },
      .versioning = Versioning::kInsertOnly,
  });
  return table;
}

Result<EligibilityCheck> SqlEligibility::insert(const EligibilityCheck& check, Instant now) {
  auto stored = eligibilityCheckTable().insert(c_, check, now);
  if (!stored) return stored;
  if (!check.response.empty()) {
    c_.executeLater(
        "INSERT INTO eligibility_responses (check_id, organization_id, response) VALUES (?, ?, ?)",
        {sqlInt(stored->id.value), sqlInt(check.organizationId.value), check.response});
  }
  return stored;
}

std::optional<EligibilityCheck> SqlEligibility::get(OrganizationId org, EligibilityCheckId id) {
  auto c = eligibilityCheckTable().get(c_, org, id.value);
  if (!c) return c;
  auto rows = c_.query(
      "SELECT response FROM eligibility_responses WHERE check_id = ? AND organization_id = ?",
      {sqlInt(id.value), sqlInt(org.value)});
  if (!rows.empty()) c->response = rows[0].text(0);
  return c;
}

std::optional<EligibilityCheck> SqlEligibility::latestReusable(OrganizationId org,
                                                               domain::CoverageId coverage,
                                                               domain::Date serviceDate,
                                                               std::string_view serviceType,
                                                               Instant since) {
  auto rows = eligibilityCheckTable().query(
      c_,
      eligibilityCheckTable().select(
          "WHERE organization_id = ? AND coverage_id = ? AND service_date = ? AND "
          "service_type = ? AND reusable = 1 AND checked_at >= ? ORDER BY id DESC LIMIT 1"),
      {sqlInt(org.value), sqlInt(coverage.value), serviceDate.toString(), std::string(serviceType),
       sqlInt(since.micros())});
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

Result<app::Page<EligibilityCheck>> SqlEligibility::ofCoverage(OrganizationId org,
                                                               domain::CoverageId coverage,
                                                               const app::PageRequest& page) {
  // Newest first: the cursor is the id the next page stays below.
  auto before = idAfter(page, kCursorKind);
  if (!before) return before.error();
  const std::int64_t below =
      page.cursor.empty() ? std::numeric_limits<std::int64_t>::max() : *before;
  const int limit = clampLimit(page.limit);
  return pageOf<EligibilityCheck>(
      c_.query(eligibilityCheckTable().select("WHERE coverage_id = ? AND organization_id = ? AND "
                                              "id < ? ORDER BY id DESC LIMIT ?"),
               {sqlInt(coverage.value), sqlInt(org.value), sqlInt(below), sqlInt(limit + 1)}),
      limit, kCursorKind, [](const Row& r) { return eligibilityCheckTable().decode(r); });
}

std::optional<RealtimeEligibility> SqlEligibility::settings(OrganizationId org,
                                                            domain::ClearinghouseId ch) {
  auto rows = c_.query(
      "SELECT url, connect_timeout_ms, timeout_ms, version, created_at, updated_at FROM "
      "clearinghouse_eligibility WHERE clearinghouse_id = ? AND organization_id = ?",
      {sqlInt(ch.value), sqlInt(org.value)});
  if (rows.empty()) return std::nullopt;
  Reader r(rows[0]);
  RealtimeEligibility s;
  s.url = r.text();
  s.connectTimeoutMs = r.i32();
  s.timeoutMs = r.i32();
  s.meta = r.meta();
  return s;
}

Result<RealtimeEligibility> SqlEligibility::saveSettings(OrganizationId org,
                                                         domain::ClearinghouseId ch,
                                                         const RealtimeEligibility& s,
                                                         std::optional<std::int64_t> expected,
                                                         Instant now) {
  auto current = settings(org, ch);
  RealtimeEligibility out = s;
  if (!current) {
    if (expected) return domain::Error::versionMismatch();
    auto inserted = uniqueGuarded("clearinghouse's eligibility settings", [&] {
      return c_.execute(
          "INSERT INTO clearinghouse_eligibility (clearinghouse_id, organization_id, url, "
          "connect_timeout_ms, timeout_ms, version, created_at, updated_at) VALUES (?, ?, ?, ?, "
          "?, 1, ?, ?)",
          {sqlInt(ch.value), sqlInt(org.value), s.url, sqlInt(s.connectTimeoutMs),
           sqlInt(s.timeoutMs), sqlInt(now.micros()), sqlInt(now.micros())});
    });
    if (!inserted) return inserted.error();
    out.meta = {1, now, now};
    return out;
  }
  const std::int64_t version = expected.value_or(current->meta.version);
  if (version != current->meta.version) return domain::Error::versionMismatch();
  const auto changed = c_.execute(
      "UPDATE clearinghouse_eligibility SET url = ?, connect_timeout_ms = ?, timeout_ms = ?, "
      "version = version + 1, updated_at = ? WHERE clearinghouse_id = ? AND organization_id = ? "
      "AND version = ?",
      {s.url, sqlInt(s.connectTimeoutMs), sqlInt(s.timeoutMs), sqlInt(now.micros()),
       sqlInt(ch.value), sqlInt(org.value), sqlInt(version)});
  if (changed == 0) return domain::Error::versionMismatch();
  out.meta = {version + 1, current->meta.createdAt, now};
  return out;
}

}  // namespace medoffice::storage
