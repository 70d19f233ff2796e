// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The denials work queue (issue 17, point 5): the open denials with what the rules suggest,
// grouped by reason, payer or age; assignment, due dates and notes; and resolving each by an
// action: write it off or bill the patient (ledger entries), correct and resubmit the claim, or
// appeal (the claim moves to appealed, and the appeal letter is printed). Each function runs
// inside the caller's transaction; the routes write the audit events in it.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "domain/denials/rules.hpp"

namespace medoffice::app::denials {

/// What the denial use cases need beyond the repositories. Shared by every request.
struct DenialsSetup {
  /// The practice's rules and appeal letter: the defaults with its rules file laid over,
  /// validated at start.
  std::shared_ptr<const domain::denials::RuleSet> rules;
  const TimeZones& zones;
};

/// A denial as the queue shows it: its context, its age in its location's zone and the rules'
/// suggestion.
struct QueueEntry {
  DenialItem item;
  std::int64_t ageDays = 0;
  domain::AgeBucket bucket = domain::AgeBucket::k0To30;
  domain::denials::Suggestion suggestion;
};

enum class GroupBy { kNone, kReason, kPayer, kAge };
/// "reason", "payer", "age"; nullopt for anything else.
std::optional<GroupBy> parseGroupBy(std::string_view s);

/// One group of the queue: every denial the request selects with one reason (group, CARC and
/// remark codes), one payer, or one age bucket.
struct QueueGroup {
  std::string key;  ///< "CO-50 N130", the payer id, or "31-60"
  std::string group;
  std::string carc;
  std::vector<std::string> rarcs;
  domain::PayerId payerId;
  std::string payerName;
  std::optional<domain::AgeBucket> bucket;
  std::int64_t count = 0;
  domain::Money amount;
};

struct QueueRequest {
  DenialQuery query;  ///< organization, filters and page
  std::optional<domain::AgeBucket> age;
  GroupBy groupBy = GroupBy::kNone;
};

struct Queue {
  std::vector<QueueEntry> items;  ///< one page, oldest denial first
  std::string nextCursor;         ///< empty on the last page
  /// With groupBy: every selected denial (not only this page) counted by group, the largest
  /// amount first.
  std::vector<QueueGroup> groups;
};

/// One page of the queue. The age filter and buckets count whole days from the denial date to
/// today in the zone of the encounter's location. kInvalid naming `cursor` for a bad cursor.
Result<Queue> listQueue(Repositories& r, const DenialsSetup& setup, const QueueRequest& request,
                        domain::Instant now);

/// A denial with its notes.
struct DenialDetail {
  QueueEntry entry;
  std::vector<DenialNote> notes;
};
/// kNotFound for a denial of another practice or none.
Result<DenialDetail> getDenial(Repositories& r, const DenialsSetup& setup,
                               domain::OrganizationId org, domain::DenialId id,
                               domain::Instant now);

/// What a biller changes on an open denial. Unset members keep their value.
struct DenialEdits {
  std::optional<domain::UserId> assignedTo;  ///< an invalid id (0) unassigns it
  std::optional<std::optional<domain::Date>> dueOn;
};
/// Assigns an open denial or sets its due date (version-checked when `expectedVersion` is
/// given). The assignee must be an active user of the practice who may work denials
/// (claim.submit), else kInvalid naming `assigned_to`; a resolved denial is kConflict.
Result<QueueEntry> editDenial(Repositories& r, const DenialsSetup& setup,
                              domain::OrganizationId org, domain::DenialId id,
                              const DenialEdits& edits, std::optional<std::int64_t> expectedVersion,
                              domain::Instant now);

/// A user a denial may be assigned to: no other user field leaves the app for this list.
struct Assignee {
  domain::UserId id;
  std::string displayName;
};

/// The practice's active users who may work denials (claim.submit: billers and managers), by
/// display name then id: the users editDenial() accepts as `assigned_to`.
std::vector<Assignee> assignees(Repositories& r, domain::OrganizationId org);

/// Adds a note (1 to 4,000 characters of text; line breaks allowed, else kInvalid naming
/// `body`) to a denial, open or resolved; returns it with the author's display name.
Result<DenialNote> addNote(Repositories& r, domain::OrganizationId org, domain::DenialId id,
                           const std::string& body, domain::Instant now, domain::UserId user);

struct ResolveRequest {
  domain::DenialAction action = domain::DenialAction::kAppeal;
  std::string note;  ///< kept as a note when not empty
  std::optional<std::int64_t> expectedVersion;
};

struct ResolveOutcome {
  QueueEntry entry;  ///< the denial, resolved
  /// write_off and bill_patient: the ledger entries posted (none when the payer's place owes
  /// nothing on the lines any more).
  std::vector<domain::LedgerEntry> entries;
  domain::Money posted;  ///< their sum
  /// appeal: the claim, now appealed; correct_and_resubmit: the claim to replace.
  std::optional<ClaimRecord> claim;
};

/// Resolves an open denial:
/// - write_off: writes off the denied amount from the payer's place on the line (or, for a
///   claim-level denial, on the claim's lines in order), at most what that place still owes;
/// - bill_patient: transfers it from that place to the patient, likewise;
/// - correct_and_resubmit: marks it resubmitted and answers the claim, which the biller
///   corrects and replaces (POST /api/v1/claims/{id}/replace);
/// - appeal: moves the claim to appealed (the claim lifecycle; a claim already appealed stays
///   so), with a history entry, and marks the denial appealed; the letter is appealLetter().
/// All in the caller's transaction. kConflict for a resolved denial or a claim that cannot be
/// appealed (naming its state); kVersionMismatch when `expectedVersion` is stale; the ledger's
/// refusals as they come.
Result<ResolveOutcome> resolve(Repositories& r, const DenialsSetup& setup,
                               domain::OrganizationId org, domain::DenialId id,
                               const ResolveRequest& request, domain::Instant now,
                               domain::UserId user);

/// One denied line of an appeal letter.
struct AppealLine {
  domain::DenialId denialId;
  domain::Date serviceDate;
  std::string procedureCode;  ///< empty for a claim-level denial
  std::vector<std::string> modifiers;
  domain::Money charge;  ///< the line's (the claim's total for a claim-level denial)
  domain::Money denied;
  std::string group;
  std::string carc;
  std::vector<std::string> rarcs;
};

/// What an appeal letter prints, gathered from the records.
struct AppealLetter {
  domain::Organization practice;
  domain::Payer payer;
  domain::Patient patient;
  std::string memberId;
  ClaimRecord claim;
  domain::Date deniedOn;
  std::vector<AppealLine> lines;
  /// The descriptions of the CARCs and RARCs the lines name, from the code sets loaded (absent
  /// when not loaded): the printer prefers its own CARC list and says "unknown code" for the
  /// rest.
  std::map<std::string, std::string> carcTexts;
  std::map<std::string, std::string> rarcTexts;
  std::string signer;  ///< the user's display name
  domain::Date today;  ///< in the encounter's location's zone
  std::string letterTemplate;
};

/// The letter appealing denial `id`: it lists that denial and the other denials of the same
/// remittance claim that were appealed too, with the claim, patient, payer and practice.
/// kNotFound for a denial of another practice or none.
Result<AppealLetter> appealLetter(Repositories& r, const DenialsSetup& setup,
                                  domain::OrganizationId org, domain::DenialId id,
                                  domain::Instant now, domain::UserId user);

}  // namespace medoffice::app::denials
