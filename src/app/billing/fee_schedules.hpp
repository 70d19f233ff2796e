// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Fee schedules (issue 14, point 2): the practice's standard fee per code and modifier, and the
// amounts each payer allows by contract, each effective from a date; the fee of a charge line;
// the import of a whole schedule. Every function runs in the caller's transaction (Repositories);
// callers that change something write their audit event in that same transaction (the routes
// and `medoffice import fees` do). The CSV files are read and written by codecs/csv.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/repositories.hpp"
#include "domain/billing/fee_schedule.hpp"

namespace medoffice::app::fees {

/// A list of one schedule (`GET /api/v1/fee-schedule`).
struct ListQuery {
  domain::PayerId payer;  ///< unset: the standard fees
  std::string code;       ///< as typed (any case); empty: every code
  PageRequest page;
};

/// One page of a schedule in id order. kInvalid naming `payer_id` when the payer is not one of
/// the organization's, `code` when it cannot be a CPT or HCPCS code.
Result<Page<domain::FeeScheduleEntry>> listEntries(Repositories& r, domain::OrganizationId org,
                                                   const ListQuery& query);

/// Every active entry of a schedule by code, modifier and effective_from (an export). kInvalid
/// naming `payer_id` as listEntries.
Result<std::vector<domain::FeeScheduleEntry>> scheduleEntries(Repositories& r,
                                                              domain::OrganizationId org,
                                                              domain::PayerId payer);

/// Adds an entry to the schedule of `draft.payerId` (unset: the standard fees). Validated
/// (domain::validate: codes upper-cased, fields named), the payer checked (kInvalid naming
/// `payer_id`), and kConflict naming `effective_from` when the schedule already has an active
/// entry for that code, modifier and start date. Returns the stored entry (active).
Result<domain::FeeScheduleEntry> createEntry(Repositories& r, domain::Instant now,
                                             domain::OrganizationId org,
                                             domain::FeeScheduleEntry draft);

/// Replaces code, modifier, amount and dates of entry `changes.id` when its version is
/// `expectedVersion` (kVersionMismatch otherwise; kNotFound when absent). The payer stays: a
/// different `payerId` is kInvalid naming `payer_id` (archive the entry and add one to the other
/// schedule). `active` stays as stored. Validation and conflicts as createEntry.
Result<domain::FeeScheduleEntry> updateEntry(Repositories& r, domain::Instant now,
                                             domain::OrganizationId org,
                                             domain::FeeScheduleEntry changes,
                                             std::int64_t expectedVersion);

/// Archives (false) or restores (true) an entry, with the version check of updateEntry. An
/// archived entry prices nothing and frees its code, modifier and start date; restoring it
/// while another active entry holds them is kConflict naming `effective_from`.
Result<domain::FeeScheduleEntry> setEntryActive(Repositories& r, domain::Instant now,
                                                domain::OrganizationId org,
                                                domain::FeeScheduleEntryId id, bool active,
                                                std::int64_t expectedVersion);

/// The fee per unit of `code` with `modifiers` on `dateOfService` in the schedule of `payer`
/// (unset: the practice's standard fee; set: that payer's contracted allowed amount), chosen by
/// domain::priceOn: an entry for one of the line's modifiers (the first, in the line's order,
/// that has one) beats the code's plain entry, and among those in force the one that took effect
/// last wins. nullopt when the schedule has no entry in force for it (never a fallback from a
/// payer's schedule to the standard one). Codes and modifiers may be given in any case. One
/// indexed query; no write, so it may run inside a caller's write transaction (the encounter
/// use case does).
std::optional<domain::Money> unitFee(Repositories& r, domain::OrganizationId org,
                                     domain::PayerId payer, std::string_view code,
                                     const std::vector<std::string>& modifiers,
                                     domain::Date dateOfService);

/// The amount `payer` allows per unit by contract: unitFee with the payer set. nullopt when
/// `payer` is unset or has no entry in force.
std::optional<domain::Money> allowedAmount(Repositories& r, domain::OrganizationId org,
                                           domain::PayerId payer, std::string_view code,
                                           const std::vector<std::string>& modifiers,
                                           domain::Date dateOfService);

/// One line to price (unitFees).
struct FeeQuestion {
  std::string code;
  std::vector<std::string> modifiers;
  domain::Date dateOfService;
};

/// unitFee for many lines of one schedule at once (bulk charge entry): one answer per line, in
/// order, from one indexed query per 512 distinct codes whatever the number of lines.
std::vector<std::optional<domain::Money>> unitFees(Repositories& r, domain::OrganizationId org,
                                                   domain::PayerId payer,
                                                   const std::vector<FeeQuestion>& lines);

/// One row of a schedule file, with the line it was read from (for messages).
struct ImportRow {
  domain::FeeScheduleEntry entry;  ///< code, modifier, amount, dates; the rest is set on import
  std::size_t line = 0;
};

/// What an import did. Entries of the schedule that the file does not list are left as they
/// are (`untouched`): an import adds and corrects, it never archives.
struct ImportSummary {
  std::int64_t added = 0;      ///< new (code, modifier, effective_from) in the schedule
  std::int64_t changed = 0;    ///< same key, another amount or end date: updated
  std::int64_t unchanged = 0;  ///< the same as stored: not written
  std::int64_t untouched = 0;  ///< active entries of the schedule the file does not list
};

/// What an import will write, decided from the rows and the schedule as stored.
struct ImportPlan {
  std::vector<domain::FeeScheduleEntry> inserts;
  std::vector<domain::FeeScheduleEntry> updates;  ///< stored entries with their new values
  ImportSummary summary;
  std::vector<domain::FieldError> problems;  ///< empty when the rows may be imported
};

/// Checks `rows` (each validated as createEntry does, none listed twice) and compares them with
/// `stored` (the schedule's active entries) by code, modifier and effective_from. Problems name
/// the file's column (`code`, `modifier`, `amount`, `effective_from`, `effective_to`) as the
/// field and start their message with the line ("line 17: has more than 2 decimals"); at most
/// 20 are listed. Pure: it reads and writes nothing.
ImportPlan planImport(domain::OrganizationId org, domain::PayerId payer,
                      std::vector<ImportRow> rows,
                      const std::vector<domain::FeeScheduleEntry>& stored);

/// Imports a whole schedule of `payer` (unset: the standard fees) in the caller's transaction:
/// all rows or, on any problem, an error and nothing written (the caller's transaction must
/// not commit after an error). Idempotent: the same rows again change nothing (all unchanged).
/// kInvalid listing the rows' problems (planImport), `payer_id` as listEntries, or `rows` when
/// there are none; kConflict when a concurrent change took a key first (retry).
Result<ImportSummary> importSchedule(Repositories& r, domain::Instant now,
                                     domain::OrganizationId org, domain::PayerId payer,
                                     std::vector<ImportRow> rows);

}  // namespace medoffice::app::fees
