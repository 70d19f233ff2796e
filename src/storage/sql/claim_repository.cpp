// SPDX-License-Identifier: AGPL-3.0-or-later
#include "storage/sql/claim_repository.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "storage/sql/patient_repository.hpp"

namespace medoffice::storage {

using domain::ClaimBatchId;
using domain::ClaimId;
using domain::Instant;
using domain::Money;
using domain::OrganizationId;
using domain::claims::ClaimFrequency;
using domain::claims::ClaimState;
using domain::claims::Clearinghouse;
using domain::claims::Finding;

namespace {

std::string_view frequencyName(ClaimFrequency f) {
  switch (f) {
    case ClaimFrequency::kReplacement:
      return "replacement";
    case ClaimFrequency::kVoid:
      return "void";
    case ClaimFrequency::kOriginal:
      break;
  }
  return "original";
}

ClaimFrequency frequencyOf(std::string_view s) {
  if (s == "replacement") return ClaimFrequency::kReplacement;
  if (s == "void") return ClaimFrequency::kVoid;
  return ClaimFrequency::kOriginal;
}

ClaimState stateOf(const std::string& s) {
  return domain::claims::parseClaimState(s).value_or(ClaimState::kDraft);
}

SqlValue optionalInstant(const std::optional<Instant>& i) {
  return i ? SqlValue(i->micros()) : sqlNull();
}

}  // namespace

const Table<app::ClaimRecord>& claimTable() {
  static const Table<app::ClaimRecord> table({
      .table = "claims",
      .noun = "claim",
      .cursorKind = "claim",
      .columns = {"state", "frequency", "payer_claim_number", "prior_authorization",
                  "referral_number", "referring_provider_id", "onset_date", "total_cents",
                  "content", "errors", "warnings", "scrubbed_at", "batch_id", "status_note"},
      .insertOnlyColumns = {"encounter_id", "patient_id", "coverage_id", "payer_id",
                            "responsibility", "encounter_revision", "patient_control_number",
                            "replaces_claim_id", "service_date"},
      .read =
          [](Reader& r, app::ClaimRecord& c) {
            c.state = stateOf(r.text());
            c.frequency = frequencyOf(r.text());
            c.payerClaimNumber = r.text();
            c.priorAuthorization = r.text();
            c.referralNumber = r.text();
            c.referringProviderId = domain::ProviderId(r.isNull() ? (r.skip(), 0) : r.i64());
            c.onsetDate = r.date();
            c.total = Money::fromCents(r.i64());
            c.content = r.text();
            c.errors = r.i32();
            c.warnings = r.i32();
            c.scrubbedAt = r.optionalInstant();
            c.batchId = ClaimBatchId(r.isNull() ? (r.skip(), 0) : r.i64());
            c.statusNote = r.text();
            c.encounterId = domain::EncounterId(r.i64());
            c.patientId = domain::PatientId(r.i64());
            c.coverageId = domain::CoverageId(r.i64());
            c.payerId = domain::PayerId(r.i64());
            c.responsibility = r.i32();
            c.encounterRevision = r.i32();
            c.patientControlNumber = r.text();
            c.replaces = ClaimId(r.isNull() ? (r.skip(), 0) : r.i64());
            c.serviceDate = r.requiredDate();
          },
      .write =
          [](Params& p, const app::ClaimRecord& c) {
            append(p, std::string(domain::claims::toString(c.state)),
                   std::string(frequencyName(c.frequency)), c.payerClaimNumber,
                   c.priorAuthorization, c.referralNumber, optionalId(c.referringProviderId.value),
                   dateOrNull(c.onsetDate), sqlInt(c.total.cents()), c.content, sqlInt(c.errors),
                   sqlInt(c.warnings), optionalInstant(c.scrubbedAt), optionalId(c.batchId.value),
                   c.statusNote);
          },
      .writeInsertOnly =
          [](Params& p, const app::ClaimRecord& c) {
            append(p, sqlInt(c.encounterId.value), sqlInt(c.patientId.value),
                   sqlInt(c.coverageId.value), sqlInt(c.payerId.value), sqlInt(c.responsibility),
                   sqlInt(c.encounterRevision), c.patientControlNumber,
                   optionalId(c.replaces.value), c.serviceDate.toString());
          },
  });
  return table;
}

const Table<Clearinghouse>& clearinghouseTable() {
  static const Table<Clearinghouse> table({
      .table = "clearinghouses",
      .noun = "clearinghouse",
      .cursorKind = "chouse",
      .columns = {"name",
                  "submitter_id",
                  "submitter_qualifier",
                  "receiver_id",
                  "receiver_qualifier",
                  "receiver_name",
                  "application_sender",
                  "application_receiver",
                  "production",
                  "contact_name",
                  "contact_phone",
                  "contact_email",
                  "transport",
                  "outbox",
                  "inbox",
                  "archive",
                  "sftp_host",
                  "sftp_port",
                  "sftp_user",
                  "sftp_key_file",
                  "sftp_known_hosts",
                  "active"},
      .read =
          [](Reader& r, Clearinghouse& c) {
            c.name = r.text();
            c.submitterId = r.text();
            c.submitterQualifier = r.text();
            c.receiverId = r.text();
            c.receiverQualifier = r.text();
            c.receiverName = r.text();
            c.applicationSender = r.text();
            c.applicationReceiver = r.text();
            c.production = r.boolean();
            c.contactName = r.text();
            c.contactPhone = r.text();
            c.contactEmail = r.text();
            c.transport = r.text() == "sftp" ? domain::claims::TransportKind::kSftp
                                             : domain::claims::TransportKind::kFileDrop;
            c.outbox = r.text();
            c.inbox = r.text();
            c.archive = r.text();
            c.sftpHost = r.text();
            c.sftpPort = r.i32();
            c.sftpUser = r.text();
            c.sftpKeyFile = r.text();
            c.sftpKnownHosts = r.text();
            c.active = r.boolean();
          },
      .write =
          [](Params& p, const Clearinghouse& c) {
            append(p, c.name, c.submitterId, c.submitterQualifier, c.receiverId,
                   c.receiverQualifier, c.receiverName, c.applicationSender, c.applicationReceiver,
                   sqlBool(c.production), c.contactName, c.contactPhone, c.contactEmail,
                   std::string(domain::claims::toString(c.transport)), c.outbox, c.inbox, c.archive,
                   c.sftpHost, sqlInt(c.sftpPort), c.sftpUser, c.sftpKeyFile, c.sftpKnownHosts,
                   sqlBool(c.active));
          },
  });
  return table;
}

// The file's bytes live in claim_batch_files, read only when asked for (batch(…, true)).
const Table<app::ClaimBatch>& claimBatchTable() {
  static const Table<app::ClaimBatch> table({
      .table = "claim_batches",
      .noun = "claim batch",
      .cursorKind = "cbatch",
      .columns = {"state", "sent_at", "send_reference", "send_error"},
      .insertOnlyColumns = {"clearinghouse_id", "file_name", "claims", "total_cents", "segments",
                            "sender_qualifier", "sender_id", "receiver_qualifier", "receiver_id",
                            "application_sender", "application_receiver", "production", "file_date",
                            "file_time", "batch_reference", "interchange_control", "group_control",
                            "transaction_control", "created_by"},
      .read =
          [](Reader& r, app::ClaimBatch& b) {
            b.state = r.text();
            b.sentAt = r.optionalInstant();
            b.sendReference = r.text();
            b.sendError = r.text();
            b.clearinghouseId = domain::ClearinghouseId(r.i64());
            b.fileName = r.text();
            b.claims = r.i32();
            b.total = Money::fromCents(r.i64());
            b.segments = static_cast<std::uint64_t>(r.i64());
            b.senderQualifier = r.text();
            b.senderId = r.text();
            b.receiverQualifier = r.text();
            b.receiverId = r.text();
            b.applicationSender = r.text();
            b.applicationReceiver = r.text();
            b.production = r.boolean();
            b.fileDate = r.requiredDate();
            b.fileMinute = r.i32();
            b.batchReference = r.text();
            b.interchangeControl = static_cast<std::uint32_t>(r.i64());
            b.groupControl = static_cast<std::uint32_t>(r.i64());
            b.transactionControl = static_cast<std::uint32_t>(r.i64());
            b.createdBy = r.i64();
          },
      .write =
          [](Params& p, const app::ClaimBatch& b) {
            append(p, b.state, optionalInstant(b.sentAt), b.sendReference, b.sendError);
          },
      .writeInsertOnly =
          [](Params& p, const app::ClaimBatch& b) {
            append(p, sqlInt(b.clearinghouseId.value), b.fileName, sqlInt(b.claims),
                   sqlInt(b.total.cents()), sqlInt(static_cast<std::int64_t>(b.segments)),
                   b.senderQualifier, b.senderId, b.receiverQualifier, b.receiverId,
                   b.applicationSender, b.applicationReceiver, sqlBool(b.production),
                   b.fileDate.toString(), sqlInt(b.fileMinute), b.batchReference,
                   sqlInt(b.interchangeControl), sqlInt(b.groupControl),
                   sqlInt(b.transactionControl), sqlInt(b.createdBy));
          },
  });
  return table;
}

// ---- claims ------------------------------------------------------------------------------------

void SqlClaims::loadFindings(app::ClaimRecord& c) {
  c.findings.clear();
  for (const auto& row : c_.query(
           "SELECT severity, rule, field, message, segment FROM claim_findings WHERE claim_id = ? "
           "AND organization_id = ? ORDER BY position",
           {sqlInt(c.id.value), sqlInt(c.organizationId.value)})) {
    Finding f;
    f.severity =
        domain::claims::parseSeverity(row.text(0)).value_or(domain::claims::Severity::kError);
    f.rule = row.text(1);
    f.field = row.text(2);
    f.message = row.text(3);
    f.segment = row.text(4);
    c.findings.push_back(std::move(f));
  }
}

void SqlClaims::saveFindings(const app::ClaimRecord& c) {
  c_.execute("DELETE FROM claim_findings WHERE claim_id = ? AND organization_id = ?",
             {sqlInt(c.id.value), sqlInt(c.organizationId.value)});
  if (c.findings.empty()) return;
  insertRows(c_,
             "INSERT INTO claim_findings (claim_id, position, organization_id, severity, rule, "
             "field, message, segment) VALUES ",
             8, c.findings.size(), [&](std::size_t k, Params& p) {
               const Finding& f = c.findings[k];
               append(p, sqlInt(c.id.value), sqlInt(static_cast<std::int64_t>(k)),
                      sqlInt(c.organizationId.value),
                      std::string(domain::claims::toString(f.severity)), f.rule, f.field, f.message,
                      f.segment);
             });
}

std::optional<app::ClaimRecord> SqlClaims::get(OrganizationId org, ClaimId id) {
  auto c = claimTable().get(c_, org, id.value);
  if (c) loadFindings(*c);
  return c;
}

std::optional<app::ClaimRecord> SqlClaims::byControlNumber(OrganizationId org,
                                                           const std::string& pcn) {
  auto rows = claimTable().query(
      c_,
      claimTable().select(
          "WHERE organization_id = ? AND patient_control_number = ? ORDER BY id DESC LIMIT 1"),
      {sqlInt(org.value), pcn});
  if (rows.empty()) return std::nullopt;
  loadFindings(rows.front());
  return std::move(rows.front());
}

std::vector<app::ClaimRecord> SqlClaims::ofEncounter(OrganizationId org,
                                                     domain::EncounterId encounter) {
  return claimTable().query(
      c_, claimTable().select("WHERE encounter_id = ? AND organization_id = ? ORDER BY id"),
      {sqlInt(encounter.value), sqlInt(org.value)});
}

Result<app::Page<app::ClaimRecord>> SqlClaims::list(const app::ClaimQuery& q) {
  auto after = idAfter(q.page, claimTable().spec().cursorKind);
  if (!after) return after.error();
  std::string sql = claimTable().select("WHERE organization_id = ? AND id > ?");
  Params p{sqlInt(q.organizationId.value), sqlInt(*after)};
  andIf(sql, p, q.state.has_value(), "state = ?",
        q.state ? SqlValue(std::string(domain::claims::toString(*q.state))) : sqlNull());
  andId(sql, p, "patient_id = ?", q.patientId);
  andId(sql, p, "encounter_id = ?", q.encounterId);
  andId(sql, p, "batch_id = ?", q.batchId);
  if (q.search) {
    // upper() on both sides: PostgreSQL's LIKE minds case, SQLite's does not.
    std::string prefix;
    for (char ch : q.number) {
      if (ch == '%' || ch == '_' || ch == '!') prefix += '!';
      prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    prefix += '%';
    sql +=
        " AND (upper(patient_control_number) LIKE ? ESCAPE '!' OR upper(payer_claim_number) LIKE "
        "? ESCAPE '!'";
    append(p, prefix, prefix);
    if (!q.patients.empty()) {
      sql += " OR patient_id IN (";
      for (std::size_t k = 0; k < q.patients.size(); ++k) {
        sql += k == 0 ? "?" : ", ?";
        p.push_back(sqlInt(q.patients[k].value));
      }
      sql += ")";
    }
    sql += ")";
  }
  const int limit = clampLimit(q.page.limit);
  sql += " ORDER BY id LIMIT ?";
  p.push_back(sqlInt(limit + 1));
  app::Page<app::ClaimRecord> page =
      pageOf<app::ClaimRecord>(c_.query(sql, p), limit, claimTable().spec().cursorKind,
                               [](const Row& r) { return claimTable().decode(r); });
  if (!q.patientNames) return page;
  std::vector<std::int64_t> ids;
  ids.reserve(page.items.size());
  for (const auto& c : page.items) ids.push_back(c.patientId.value);
  const auto names = patientNames(c_, q.organizationId, std::move(ids));
  for (auto& c : page.items) {
    if (auto it = names.find(c.patientId.value); it != names.end()) c.patientName = it->second;
  }
  return page;
}

app::ClaimCounts SqlClaims::counts(OrganizationId org) {
  app::ClaimCounts out;
  for (const auto& row : c_.query(
           "SELECT state, COUNT(*), SUM(CASE WHEN errors > 0 OR warnings > 0 THEN 1 ELSE 0 END) "
           "FROM claims WHERE organization_id = ? GROUP BY state",
           {sqlInt(org.value)})) {
    // A state this build does not know (a newer one's) still counts in the total.
    const auto state = domain::claims::parseClaimState(row.text(0));
    if (state) out.byState[static_cast<std::size_t>(*state)] += row.i64(1);
    out.total += row.i64(1);
    out.withFindings += row.i64(2);
  }
  return out;
}

Result<app::ClaimRecord> SqlClaims::insert(const app::ClaimRecord& claim, Instant now) {
  auto stored = claimTable().insert(c_, claim, now);
  if (!stored) return stored;
  stored->findings = claim.findings;
  saveFindings(*stored);
  return stored;
}

Result<app::ClaimRecord> SqlClaims::update(const app::ClaimRecord& claim, std::int64_t expected,
                                           Instant now) {
  auto stored = claimTable().update(c_, claim, expected, now);
  if (!stored) return stored;
  stored->findings = claim.findings;
  saveFindings(*stored);
  return stored;
}

void SqlClaims::addHistory(OrganizationId org, ClaimId claim, const app::ClaimHistoryEntry& e) {
  c_.executeLater(
      "INSERT INTO claim_history (organization_id, claim_id, at, from_state, to_state, user_id, "
      "note) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {sqlInt(org.value), sqlInt(claim.value), sqlInt(e.at.micros()),
       e.from ? std::string(domain::claims::toString(*e.from)) : std::string(),
       std::string(domain::claims::toString(e.to)), sqlInt(e.userId), e.note});
}

std::vector<app::ClaimHistoryEntry> SqlClaims::history(OrganizationId org, ClaimId claim) {
  std::vector<app::ClaimHistoryEntry> out;
  for (const auto& row :
       c_.query("SELECT at, from_state, to_state, user_id, note FROM claim_history WHERE "
                "claim_id = ? AND organization_id = ? ORDER BY id",
                {sqlInt(claim.value), sqlInt(org.value)})) {
    app::ClaimHistoryEntry e;
    e.at = Instant::fromMicros(row.i64(0));
    if (!row.text(1).empty()) e.from = stateOf(row.text(1));
    e.to = stateOf(row.text(2));
    e.userId = row.i64(3);
    e.note = row.text(4);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<app::ClaimRecord> SqlClaims::quietSince(OrganizationId org,
                                                    const std::vector<ClaimState>& states,
                                                    Instant since, std::size_t limit) {
  if (states.empty() || limit == 0) return {};
  // The latest history entry per candidate claim through ix_claim_history_claim; candidates
  // come from ix_claims_state.
  std::string in;
  Params p{sqlInt(org.value)};
  for (ClaimState s : states) {
    in += in.empty() ? "?" : ", ?";
    p.push_back(std::string(domain::claims::toString(s)));
  }
  p.push_back(sqlInt(since.micros()));
  p.push_back(sqlInt(static_cast<std::int64_t>(std::min<std::size_t>(limit, INT32_MAX))));
  return claimTable().query(
      c_,
      "SELECT " + claimTable().selectList() +
          " FROM (SELECT claims.*, (SELECT MAX(h.at) FROM claim_history h WHERE h.claim_id = "
          "claims.id) AS last_at FROM claims WHERE organization_id = ? AND state IN (" +
          in + ")) waiting WHERE last_at <= ? ORDER BY last_at, id LIMIT ?",
      p);
}

std::vector<std::string> SqlClaims::billedContents(OrganizationId org, domain::PatientId patient,
                                                   domain::Date from, domain::Date to,
                                                   ClaimId except) {
  std::vector<std::string> out;
  for (const auto& row :
       c_.query("SELECT content FROM claims WHERE organization_id = ? AND patient_id = ? AND "
                "service_date >= ? AND service_date <= ? AND id <> ? AND state NOT IN ('draft', "
                "'scrubbed', 'ready', 'corrected', 'closed', 'rejected')",
                {sqlInt(org.value), sqlInt(patient.value), from.toString(), to.toString(),
                 sqlInt(except.value)})) {
    out.push_back(row.text(0));
  }
  return out;
}

// ---- clearinghouses ----------------------------------------------------------------------------

Result<Clearinghouse> SqlClaims::insertClearinghouse(const Clearinghouse& c, Instant now) {
  return clearinghouseTable().insert(c_, c, now);
}

Result<Clearinghouse> SqlClaims::updateClearinghouse(const Clearinghouse& c, std::int64_t expected,
                                                     Instant now) {
  return clearinghouseTable().update(c_, c, expected, now);
}

std::optional<Clearinghouse> SqlClaims::clearinghouse(OrganizationId org,
                                                      domain::ClearinghouseId id) {
  return clearinghouseTable().get(c_, org, id.value);
}

Result<app::Page<Clearinghouse>> SqlClaims::clearinghouses(OrganizationId org,
                                                           const app::PageRequest& page) {
  return clearinghouseTable().list(c_, org, page);
}

Result<Clearinghouse> SqlClaims::setClearinghouseActive(OrganizationId org,
                                                        domain::ClearinghouseId id, bool active,
                                                        std::int64_t expected, Instant now) {
  return clearinghouseTable().setActive(c_, org, id.value, active, expected, now);
}

// ---- batches -----------------------------------------------------------------------------------

Result<app::ClaimBatch> SqlClaims::insertBatch(const app::ClaimBatch& batch,
                                               const std::vector<app::ClaimBatchItem>& items,
                                               Instant now) {
  auto stored = claimBatchTable().insert(c_, batch, now);
  if (!stored) return stored;
  c_.executeLater(
      "INSERT INTO claim_batch_files (batch_id, organization_id, bytes) VALUES (?, ?, ?)",
      {sqlInt(stored->id.value), sqlInt(batch.organizationId.value), batch.bytes});
  insertRows(c_,
             "INSERT INTO claim_batch_items (batch_id, position, organization_id, claim_id, "
             "first_segment, last_segment, content) VALUES ",
             7, items.size(), [&](std::size_t k, Params& p) {
               const auto& it = items[k];
               append(p, sqlInt(stored->id.value), sqlInt(it.position),
                      sqlInt(batch.organizationId.value), sqlInt(it.claimId.value),
                      sqlInt(it.firstSegment), sqlInt(it.lastSegment), it.content);
             });
  stored->bytes = batch.bytes;
  return stored;
}

Result<app::ClaimBatch> SqlClaims::updateBatch(const app::ClaimBatch& batch, std::int64_t expected,
                                               Instant now) {
  return claimBatchTable().update(c_, batch, expected, now);
}

std::optional<app::ClaimBatch> SqlClaims::batch(OrganizationId org, ClaimBatchId id,
                                                bool withBytes) {
  auto b = claimBatchTable().get(c_, org, id.value);
  if (!b || !withBytes) return b;
  auto rows =
      c_.query("SELECT bytes FROM claim_batch_files WHERE batch_id = ? AND organization_id = ?",
               {sqlInt(id.value), sqlInt(org.value)});
  if (!rows.empty()) b->bytes = rows[0].text(0);
  return b;
}

Result<app::Page<app::ClaimBatch>> SqlClaims::batches(OrganizationId org,
                                                      const app::PageRequest& page) {
  return claimBatchTable().list(c_, org, page);
}

std::vector<app::ClaimBatchItem> SqlClaims::batchItems(OrganizationId org, ClaimBatchId id) {
  std::vector<app::ClaimBatchItem> out;
  for (const auto& row :
       c_.query("SELECT position, claim_id, first_segment, last_segment, content FROM "
                "claim_batch_items WHERE batch_id = ? AND organization_id = ? ORDER BY position",
                {sqlInt(id.value), sqlInt(org.value)})) {
    app::ClaimBatchItem it;
    it.position = static_cast<int>(row.i64(0));
    it.claimId = ClaimId(row.i64(1));
    it.firstSegment = static_cast<std::uint32_t>(row.i64(2));
    it.lastSegment = static_cast<std::uint32_t>(row.i64(3));
    it.content = row.text(4);
    out.push_back(std::move(it));
  }
  return out;
}

std::vector<app::ClaimBatch> SqlClaims::batchesByGroupControl(OrganizationId org,
                                                              std::uint32_t groupControl) {
  return claimBatchTable().query(
      c_,
      claimBatchTable().select("WHERE organization_id = ? AND group_control = ? ORDER BY id DESC"),
      {sqlInt(org.value), sqlInt(groupControl)});
}

std::vector<app::ClaimBatch> SqlClaims::batchesByReference(OrganizationId org,
                                                           const std::string& reference) {
  return claimBatchTable().query(
      c_,
      claimBatchTable().select(
          "WHERE organization_id = ? AND batch_reference = ? ORDER BY id DESC"),
      {sqlInt(org.value), reference});
}

// ---- acknowledgements --------------------------------------------------------------------------

namespace {
constexpr const char* kAckCols =
    "id, organization_id, kind, sha256, sender_id, interchange_control, batch_id, summary, "
    "received_by, received_at";

app::AcknowledgementRecord decodeAck(const Row& row) {
  app::AcknowledgementRecord a;
  a.id = row.i64(0);
  a.organizationId = OrganizationId(row.i64(1));
  a.kind = row.text(2);
  a.sha256 = row.text(3);
  a.senderId = row.text(4);
  a.interchangeControl = row.text(5);
  a.batchId = ClaimBatchId(row.isNull(6) ? 0 : row.i64(6));
  a.summary = row.text(7);
  a.receivedBy = row.i64(8);
  a.receivedAt = Instant::fromMicros(row.i64(9));
  return a;
}
}  // namespace

std::optional<app::AcknowledgementRecord> SqlClaims::acknowledgementByHash(
    OrganizationId org, const std::string& sha256) {
  auto rows = c_.query(std::string("SELECT ") + kAckCols +
                           " FROM acknowledgements WHERE organization_id = ? AND sha256 = ?",
                       {sqlInt(org.value), sha256});
  if (rows.empty()) return std::nullopt;
  return decodeAck(rows[0]);
}

Result<app::AcknowledgementRecord> SqlClaims::insertAcknowledgement(
    const app::AcknowledgementRecord& a) {
  return uniqueGuarded("acknowledgement", [&] {
    app::AcknowledgementRecord out = a;
    out.id = c_.insertId(
        "INSERT INTO acknowledgements (organization_id, kind, sha256, sender_id, "
        "interchange_control, batch_id, summary, received_by, received_at) VALUES (?, ?, ?, ?, "
        "?, ?, ?, ?, ?)",
        {sqlInt(a.organizationId.value), a.kind, a.sha256, a.senderId, a.interchangeControl,
         optionalId(a.batchId.value), a.summary, sqlInt(a.receivedBy),
         sqlInt(a.receivedAt.micros())});
    return out;
  });
}

}  // namespace medoffice::storage
