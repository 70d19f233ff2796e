// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/billing/payment.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/result.hpp"
#include "domain/insurance/insurance.hpp"
#include "domain/patients/patient.hpp"
#include "domain/practice/practice.hpp"
#include "domain/scheduling/scheduling.hpp"
#include "domain/scheduling/waitlist.hpp"
#include "domain/security/access.hpp"
#include "domain/security/audit.hpp"

namespace medoffice::app {

using domain::Result;
using domain::Status;

/// A request for one page of a list. `cursor` is opaque: it came from a previous page's
/// `nextCursor` or is empty for the first page. A cursor the storage cannot read yields kInvalid
/// naming the field `cursor`.
struct PageRequest {
  std::string cursor;
  int limit = 50;
  bool includeInactive = false;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::string nextCursor;  ///< empty when this is the last page
};

/// Patient search. Each set criterion narrows the result; results are in name order.
struct PatientQuery {
  std::string familyPrefix;  ///< start of the family name's search key (domain::nameSearchKey)
  std::string givenPrefix;   ///< start of the given name's search key
  std::optional<domain::Date> birthDate;
  std::string phone;  ///< E.164
  std::string mrn;
  std::optional<domain::PatientStatus> status;  ///< nullopt: active only
  bool anyStatus = false;
  PageRequest page;
};

/// Repository contracts shared by every repository below:
/// - `insert` ignores the id and meta it is given and returns the stored record with its new id,
///   version 1 and timestamps set to `now`.
/// - `update` replaces the mutable fields of the record with the same id and organization when its
///   stored version equals `expectedVersion`, bumps the version and returns the stored record;
///   kNotFound when there is no such record in the organization, kVersionMismatch otherwise.
/// - `get` returns nullopt when the record is absent or belongs to another organization.
/// - A uniqueness violation returns kConflict naming the field.
/// Repositories are used only inside UnitOfWork callbacks and are not thread-safe.
class OrganizationRepository {
 public:
  virtual ~OrganizationRepository() = default;
  virtual Result<domain::Organization> insert(const domain::Organization& o,
                                              domain::Instant now) = 0;
  virtual Result<domain::Organization> update(const domain::Organization& o,
                                              std::int64_t expectedVersion,
                                              domain::Instant now) = 0;
  virtual std::optional<domain::Organization> get(domain::OrganizationId id) = 0;
  virtual Result<Page<domain::Organization>> list(const PageRequest& page) = 0;
  /// The organization with the lowest id, if any (demo and /healthz use it as "is there one?").
  virtual std::optional<domain::OrganizationId> defaultOrganization() = 0;
};

class LocationRepository {
 public:
  virtual ~LocationRepository() = default;
  virtual Result<domain::Location> insert(const domain::Location& l, domain::Instant now) = 0;
  virtual Result<domain::Location> update(const domain::Location& l, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
  virtual std::optional<domain::Location> get(domain::OrganizationId org,
                                              domain::LocationId id) = 0;
  virtual Result<Page<domain::Location>> list(domain::OrganizationId org,
                                              const PageRequest& page) = 0;
};

class ProviderRepository {
 public:
  virtual ~ProviderRepository() = default;
  virtual Result<domain::Provider> insert(const domain::Provider& p, domain::Instant now) = 0;
  virtual Result<domain::Provider> update(const domain::Provider& p, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
  virtual std::optional<domain::Provider> get(domain::OrganizationId org,
                                              domain::ProviderId id) = 0;
  virtual Result<Page<domain::Provider>> list(domain::OrganizationId org,
                                              const PageRequest& page) = 0;
};

class PayerRepository {
 public:
  virtual ~PayerRepository() = default;
  virtual Result<domain::Payer> insert(const domain::Payer& p, domain::Instant now) = 0;
  virtual Result<domain::Payer> update(const domain::Payer& p, std::int64_t expectedVersion,
                                       domain::Instant now) = 0;
  virtual std::optional<domain::Payer> get(domain::OrganizationId org, domain::PayerId id) = 0;
  virtual Result<Page<domain::Payer>> list(domain::OrganizationId org, const PageRequest& page) = 0;
};

class CoverageRepository {
 public:
  virtual ~CoverageRepository() = default;
  virtual Result<domain::Coverage> insert(const domain::Coverage& c, domain::Instant now) = 0;
  virtual Result<domain::Coverage> update(const domain::Coverage& c, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
  /// The patient a coverage id belongs to, whoever asks (to audit cross-organization probes).
  virtual std::optional<domain::PatientId> ownerPatient(domain::CoverageId id) = 0;
  virtual std::optional<domain::Coverage> get(domain::OrganizationId org,
                                              domain::CoverageId id) = 0;
  /// Coverages of one patient (all of them when `patient` is invalid), by id.
  virtual Result<Page<domain::Coverage>> list(domain::OrganizationId org, domain::PatientId patient,
                                              const PageRequest& page) = 0;
  /// Every active coverage of a patient, unpaged (a patient has a handful).
  virtual std::vector<domain::Coverage> activeForPatient(domain::OrganizationId org,
                                                         domain::PatientId patient) = 0;
  /// Moves every coverage of `from` to `to` (used by merge); returns how many moved.
  virtual std::int64_t reassignPatient(domain::OrganizationId org, domain::PatientId from,
                                       domain::PatientId to, domain::Instant now) = 0;
};

/// One completed merge: `source` was folded into `target`.
struct PatientMerge {
  domain::PatientId target;
  domain::PatientId source;
  std::string sourceMrn;
  std::int64_t coveragesMoved = 0;
  domain::Instant mergedAt;
};

class PatientRepository {
 public:
  virtual ~PatientRepository() = default;
  /// The caller sets `mrn` (from the SequenceRepository) before inserting.
  virtual Result<domain::Patient> insert(const domain::Patient& p, domain::Instant now) = 0;
  /// Updates demographic fields and status/mergedInto.
  virtual Result<domain::Patient> update(const domain::Patient& p, std::int64_t expectedVersion,
                                         domain::Instant now) = 0;
  virtual std::optional<domain::Patient> get(domain::OrganizationId org, domain::PatientId id) = 0;
  /// The organization a patient id belongs to, whoever asks (to audit cross-organization probes).
  virtual std::optional<domain::OrganizationId> ownerOf(domain::PatientId id) = 0;
  virtual Result<Page<domain::Patient>> search(domain::OrganizationId org,
                                               const PatientQuery& q) = 0;
  /// Active or archived patients with the same name keys and birth date, or the same phone;
  /// at most `limit`, excluding `exclude`.
  virtual std::vector<domain::DuplicateCandidate> findDuplicates(const domain::Patient& p,
                                                                 domain::PatientId exclude,
                                                                 int limit) = 0;
  virtual void recordMerge(domain::OrganizationId org, const PatientMerge& m) = 0;
  /// Merges where `id` was the target or the source, oldest first.
  virtual std::vector<PatientMerge> merges(domain::OrganizationId org, domain::PatientId id) = 0;
};

/// Counters for MRNs and (later) claim control numbers. A number is never handed out twice and
/// numbers increase. The SQLite engine keeps one gap-free counter per organization (its single
/// writer serialises them anyway); PostgreSQL uses one sequence for all organizations, which
/// never blocks concurrent transactions but leaves gaps when a transaction rolls back.
class SequenceRepository {
 public:
  virtual ~SequenceRepository() = default;
  virtual std::int64_t next(domain::OrganizationId org, const std::string& name) = 0;
};

/// What a POST answered, kept so a retry with the same Idempotency-Key gets the same answer.
struct StoredResponse {
  int status = 0;
  std::string body;
  std::string location;
  std::string etag;
};

struct IdempotencyRecord {
  std::string fingerprint;  ///< hash of method, route and body of the first request
  StoredResponse response;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual std::optional<IdempotencyRecord> find(domain::OrganizationId org,
                                                const std::string& key) = 0;
  /// Stores the record; false when the key already exists (a concurrent request won).
  virtual bool save(domain::OrganizationId org, const std::string& key,
                    const IdempotencyRecord& record, domain::Instant now) = 0;
};

/// A user with what only sign-in needs: the password hash and the second factor.
struct Credentials {
  domain::User user;
  std::string passwordHash;                     ///< Argon2id (libsodium crypto_pwhash_str)
  std::string mfaSecret;                        ///< sealed TOTP secret; empty when none
  std::vector<std::string> recoveryCodeHashes;  ///< SHA-256 hex of unused recovery codes
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;
  /// kConflict naming `username` when it is taken (usernames are unique across organisations).
  virtual Result<domain::User> insert(const domain::User& u, const std::string& passwordHash,
                                      domain::Instant now) = 0;
  /// Roles, locations, display name and active flag; kVersionMismatch when stale.
  virtual Result<domain::User> update(const domain::User& u, std::int64_t expectedVersion,
                                      domain::Instant now) = 0;
  virtual std::optional<domain::User> get(domain::OrganizationId org, domain::UserId id) = 0;
  virtual std::vector<domain::User> list(domain::OrganizationId org) = 0;
  /// Looks a username up in every organisation (sign-in does not name one).
  virtual std::optional<Credentials> credentials(const std::string& username) = 0;
  virtual void setPassword(domain::UserId id, const std::string& passwordHash,
                           domain::Instant now) = 0;
  /// Stores a sealed TOTP secret (enabled=false while enrolment is unconfirmed) and the hashes of
  /// fresh recovery codes.
  virtual void setMfa(domain::UserId id, const std::string& sealedSecret, bool enabled,
                      const std::vector<std::string>& recoveryCodeHashes, domain::Instant now) = 0;
  virtual void setRecoveryCodes(domain::UserId id, const std::vector<std::string>& hashes) = 0;
  /// A sealed TOTP secret awaiting confirmation ("" clears it).
  virtual void setPendingMfa(domain::UserId id, const std::string& sealedSecret) = 0;
  virtual std::string pendingMfa(domain::UserId id) = 0;
  /// How many users exist at all (the first admin may be created without signing in).
  virtual std::int64_t count() = 0;
};

/// A signed-in browser session. The cookie value and the CSRF token are only stored hashed.
struct SessionRecord {
  std::int64_t id = 0;
  std::string tokenHash;
  std::string csrfHash;
  domain::UserId userId;
  domain::OrganizationId organizationId;
  domain::Instant createdAt;
  domain::Instant lastSeenAt;
  domain::Instant expiresAt;  ///< absolute limit
  std::optional<domain::Instant> revokedAt;
  std::optional<domain::Instant> breakGlassUntil;
  std::string breakGlassReason;
  std::string ip;
  std::string userAgent;
};

class SessionRepository {
 public:
  virtual ~SessionRepository() = default;
  virtual std::int64_t insert(const SessionRecord& s) = 0;
  virtual std::optional<SessionRecord> findByTokenHash(const std::string& tokenHash) = 0;
  virtual void touch(std::int64_t id, domain::Instant lastSeen) = 0;
  virtual void revoke(std::int64_t id, domain::Instant at) = 0;
  /// Ends every session of a user (disabled account, password reset).
  virtual void revokeAllForUser(domain::UserId id, domain::Instant at) = 0;
  virtual void setBreakGlass(std::int64_t id, domain::Instant until, const std::string& reason) = 0;
};

/// A personal access token (the secret itself is shown once and stored only as a hash).
struct ApiToken {
  std::int64_t id = 0;
  domain::UserId userId;
  domain::OrganizationId organizationId;
  std::string name;
  std::string tokenHash;
  std::vector<domain::Permission> scopes;
  domain::Instant createdAt;
  domain::Instant expiresAt;
  std::optional<domain::Instant> revokedAt;
};

class TokenRepository {
 public:
  virtual ~TokenRepository() = default;
  virtual std::int64_t insert(const ApiToken& t) = 0;
  virtual std::optional<ApiToken> findByHash(const std::string& tokenHash) = 0;
  virtual std::vector<ApiToken> listForUser(domain::UserId user) = 0;
  /// False when the token is not the user's (or does not exist).
  virtual bool revoke(domain::UserId user, std::int64_t id, domain::Instant at) = 0;
};

/// The last stored link of the audit chain (seq 0 and the genesis MAC when empty).
struct AuditHead {
  std::int64_t seq = 0;
  std::string mac;
};

/// Criteria of an audit search; unset criteria do not narrow.
struct AuditQuery {
  domain::OrganizationId organizationId;
  domain::PatientId patientId;
  domain::UserId userId;
  std::optional<domain::AuditAction> action;
  std::optional<domain::Instant> from;  ///< inclusive
  std::optional<domain::Instant> to;    ///< exclusive
  std::int64_t afterSeq = 0;            ///< keyset pagination
  int limit = 100;
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  /// True when events are linked into the chain inside the transaction that records them
  /// (SQLite: one writer, so the head is never contended). Otherwise (PostgreSQL) events are
  /// stored with appendPending() and linked later by audit::seal(), so that audited
  /// transactions do not queue for the chain head until they commit.
  virtual bool chainsInline() = 0;
  /// Stores `e` (seq, prevMac and mac unset) to be linked by the sealer.
  virtual void appendPending(const domain::AuditEvent& e) = 0;
  /// Removes up to `limit` pending events and returns them, oldest first.
  virtual std::vector<domain::AuditEvent> takePending(int limit) = 0;
  virtual std::int64_t pendingCount() = 0;
  /// Reads the chain head. Inside a write transaction it also locks it (PostgreSQL advisory
  /// lock until COMMIT; SQLite's single writer already serialises), so that two transactions
  /// never take the same sequence number.
  virtual AuditHead lockHead() = 0;
  /// Stores `e` (with seq, prevMac and mac set); it becomes the head.
  virtual void append(const domain::AuditEvent& e) = 0;
  /// Stores linked events in seq order (the sealer's batches: few statements for many rows).
  virtual void appendAll(const std::vector<domain::AuditEvent>& events) = 0;
  /// Events with seq > afterSeq in seq order, at most `limit` (for verification).
  virtual std::vector<domain::AuditEvent> chain(std::int64_t afterSeq, int limit) = 0;
  virtual AuditHead head() = 0;
  virtual std::vector<domain::AuditEvent> search(const AuditQuery& q) = 0;
};

/// Which existing appointments a new or moved one collides with (half-open overlap, ignoring
/// cancelled, no-show and deliberately overbooked appointments and `exclude`).
struct AppointmentConflicts {
  std::optional<domain::Appointment> provider;
  std::optional<domain::Appointment> patient;
  std::optional<domain::Appointment> room;
  [[nodiscard]] bool any() const { return provider || patient || room; }
};

/// The time an appointment holds, and whose: what slot search needs of each appointment.
struct BusyTime {
  domain::ProviderId providerId;
  domain::PatientId patientId;
  domain::RoomId roomId;
  domain::AppointmentTypeId typeId;
  domain::Interval when;
};

/// What a day or week calendar shows of each appointment.
struct CalendarEntry {
  domain::AppointmentId id;
  domain::PatientId patientId;
  domain::ProviderId providerId;
  domain::RoomId roomId;
  domain::AppointmentTypeId typeId;
  domain::AppointmentStatus status = domain::AppointmentStatus::kBooked;
  domain::Interval when;
  bool overbooked = false;
  std::int64_t version = 0;
  std::string patientName;  ///< "Family, Given" when the range asked for names
};

/// Which appointments a calendar query wants; unset ids do not narrow.
struct AppointmentRange {
  domain::OrganizationId organizationId;
  domain::LocationId locationId;
  domain::ProviderId providerId;
  domain::PatientId patientId;
  domain::RoomId roomId;
  domain::Interval during;   ///< appointments that overlap it
  bool holdingOnly = false;  ///< leave out cancelled and no-show
  int limit = 5000;
  bool patientNames = false;  ///< calendar(): fill CalendarEntry::patientName
};

class SchedulingRepository {
 public:
  virtual ~SchedulingRepository() = default;
  virtual Result<domain::AppointmentType> insertType(const domain::AppointmentType& t,
                                                     domain::Instant now) = 0;
  virtual Result<domain::AppointmentType> updateType(const domain::AppointmentType& t,
                                                     std::int64_t expectedVersion,
                                                     domain::Instant now) = 0;
  virtual std::optional<domain::AppointmentType> getType(domain::OrganizationId org,
                                                         domain::AppointmentTypeId id) = 0;
  virtual Result<Page<domain::AppointmentType>> listTypes(domain::OrganizationId org,
                                                          const PageRequest& page) = 0;

  virtual Result<domain::Room> insertRoom(const domain::Room& room, domain::Instant now) = 0;
  virtual Result<domain::Room> updateRoom(const domain::Room& room, std::int64_t expectedVersion,
                                          domain::Instant now) = 0;
  virtual std::optional<domain::Room> getRoom(domain::OrganizationId org, domain::RoomId id) = 0;
  /// Rooms of one location (unset: all), by id.
  virtual std::vector<domain::Room> rooms(domain::OrganizationId org, domain::LocationId location,
                                          bool includeInactive) = 0;

  virtual Result<domain::AvailabilityRule> insertRule(const domain::AvailabilityRule& rule,
                                                      domain::Instant now) = 0;
  virtual Result<domain::AvailabilityRule> updateRule(const domain::AvailabilityRule& rule,
                                                      std::int64_t expectedVersion,
                                                      domain::Instant now) = 0;
  virtual std::optional<domain::AvailabilityRule> getRule(domain::OrganizationId org,
                                                          domain::AvailabilityRuleId id) = 0;
  /// Rules of one provider (unset: all), by id.
  virtual std::vector<domain::AvailabilityRule> rules(domain::OrganizationId org,
                                                      domain::ProviderId provider,
                                                      bool includeInactive) = 0;

  virtual Result<domain::ScheduleBlock> insertBlock(const domain::ScheduleBlock& block,
                                                    domain::Instant now) = 0;
  virtual std::optional<domain::ScheduleBlock> getBlock(domain::OrganizationId org,
                                                        domain::ScheduleBlockId id) = 0;
  virtual bool deleteBlock(domain::OrganizationId org, domain::ScheduleBlockId id) = 0;
  /// Blocks overlapping `during` that bind `provider` at `location`: the provider's own (at that
  /// location or all of theirs) and the location's (every provider there). Unset ids do not
  /// narrow (all blocks of the practice in the range).
  virtual std::vector<domain::ScheduleBlock> blocks(domain::OrganizationId org,
                                                    domain::ProviderId provider,
                                                    domain::LocationId location,
                                                    domain::Interval during) = 0;

  /// Stores a new appointment. On PostgreSQL an overlap the caller did not see (a concurrent
  /// booking) is refused by the exclusion constraints: kConflict naming `provider_id`,
  /// `patient_id` or `room_id`.
  virtual Result<domain::Appointment> insertAppointment(const domain::Appointment& a,
                                                        domain::Instant now) = 0;
  /// Replaces times, room, status and notes (If-Match version); the same conflict rule.
  virtual Result<domain::Appointment> updateAppointment(const domain::Appointment& a,
                                                        std::int64_t expectedVersion,
                                                        domain::Instant now) = 0;
  virtual std::optional<domain::Appointment> getAppointment(domain::OrganizationId org,
                                                            domain::AppointmentId id) = 0;
  /// A recurring series: its rule and first start; occurrences are appointments with its id.
  virtual domain::SeriesId insertSeries(domain::OrganizationId org, const std::string& rrule,
                                        domain::Instant firstStart, domain::Instant now) = 0;
  /// The occurrences of a series that start at or after `from`, in start order.
  virtual std::vector<domain::Appointment> seriesAppointments(domain::OrganizationId org,
                                                              domain::SeriesId series,
                                                              domain::Instant from) = 0;
  /// Index range scans only: an appointment lasts at most 12 hours, so only those starting in
  /// (start - 12 h, end) can overlap.
  virtual AppointmentConflicts conflicts(const domain::Appointment& candidate,
                                         domain::AppointmentId exclude) = 0;
  virtual std::vector<domain::Appointment> appointments(const AppointmentRange& range) = 0;
  /// The same selection as appointments(), only the columns a calendar shows (read from the
  /// location index alone when the range names a location).
  virtual std::vector<CalendarEntry> calendar(const AppointmentRange& range) = 0;
  /// Time-holding appointments overlapping `during` of any of `providers` (wherever they are),
  /// plus those at `location` that hold a room (unset: none), in one round trip and without
  /// decoding whole appointments. Duplicates are possible.
  virtual std::vector<BusyTime> busyTimes(domain::OrganizationId org,
                                          const std::vector<domain::ProviderId>& providers,
                                          domain::LocationId location, domain::Interval during) = 0;

  // Waitlist ---------------------------------------------------------------------------------
  virtual Result<domain::WaitlistEntry> insertWaitlistEntry(const domain::WaitlistEntry& e,
                                                            domain::Instant now) = 0;
  /// Replaces constraints, priority, note, status and the booked appointment (If-Match).
  virtual Result<domain::WaitlistEntry> updateWaitlistEntry(const domain::WaitlistEntry& e,
                                                            std::int64_t expectedVersion,
                                                            domain::Instant now) = 0;
  virtual std::optional<domain::WaitlistEntry> getWaitlistEntry(domain::OrganizationId org,
                                                                domain::WaitlistEntryId id) = 0;
  /// Entries of a location (unset: all) in a status (none: any), most urgent first (priority,
  /// then who waited longest), at most `limit`.
  virtual std::vector<domain::WaitlistEntry> waitlist(domain::OrganizationId org,
                                                      domain::LocationId location,
                                                      std::optional<domain::WaitlistStatus> status,
                                                      int limit) = 0;
  /// Waiting entries at `location` whose date window contains `day`, most urgent first.
  virtual std::vector<domain::WaitlistEntry> waitingFor(domain::OrganizationId org,
                                                        domain::LocationId location,
                                                        domain::Date day) = 0;
  virtual Result<domain::WaitlistOffer> insertOffer(const domain::WaitlistOffer& o,
                                                    domain::Instant now) = 0;
  /// Replaces the status and appointment of an offer (If-Match version).
  virtual Result<domain::WaitlistOffer> updateOffer(const domain::WaitlistOffer& o,
                                                    std::int64_t expectedVersion,
                                                    domain::Instant now) = 0;
  virtual std::optional<domain::WaitlistOffer> getOffer(domain::OrganizationId org,
                                                        domain::WaitlistOfferId id) = 0;
  /// Offers at a location (unset: all) in a status (none: any), for one entry (unset: all),
  /// whose slot starts at or after `startsFrom`, earliest slot first, then rank; at most
  /// `limit`.
  virtual std::vector<domain::WaitlistOffer> offers(domain::OrganizationId org,
                                                    domain::LocationId location,
                                                    std::optional<domain::OfferStatus> status,
                                                    domain::WaitlistEntryId entry,
                                                    domain::Instant startsFrom, int limit) = 0;
};

/// A provider's iCalendar feed: reachable by a secret URL token of which only the SHA-256 is
/// stored.
struct CalendarFeed {
  std::int64_t id = 0;
  domain::OrganizationId organizationId;
  domain::ProviderId providerId;
  domain::Instant createdAt;
};

class CalendarFeedRepository {
 public:
  virtual ~CalendarFeedRepository() = default;
  virtual std::int64_t insert(domain::OrganizationId org, domain::ProviderId provider,
                              const std::string& tokenHash, domain::Instant now) = 0;
  /// The live (not revoked) feed with this token hash.
  virtual std::optional<CalendarFeed> findByHash(const std::string& tokenHash) = 0;
  /// Revokes every live feed of a provider; returns how many.
  virtual std::int64_t revokeAll(domain::OrganizationId org, domain::ProviderId provider,
                                 domain::Instant now) = 0;
};

/// A message for another system (an HL7 v2 SIU to the outbox folder), written in the transaction
/// of the change that caused it and delivered after that commits (transactional outbox).
struct OutboxMessage {
  std::int64_t id = 0;
  domain::OrganizationId organizationId;
  std::string channel;  ///< "hl7"
  std::string kind;     ///< "SIU_S12" ...
  std::string payload;
  domain::Instant createdAt;
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  virtual std::int64_t enqueue(domain::OrganizationId org, const std::string& channel,
                               const std::string& kind, const std::string& payload,
                               domain::Instant now) = 0;
  /// Undelivered messages of a channel, oldest first.
  virtual std::vector<OutboxMessage> pending(const std::string& channel, int limit) = 0;
  virtual void markSent(std::int64_t id, domain::Instant now) = 0;
};

/// Desk payments (co-pays at check-in). Immutable once stored; the billing ledger posts them.
class PaymentRepository {
 public:
  virtual ~PaymentRepository() = default;
  virtual Result<domain::Payment> insert(const domain::Payment& p, domain::Instant now) = 0;
  virtual std::optional<domain::Payment> get(domain::OrganizationId org, domain::PaymentId id) = 0;
  /// Payments for one appointment (unset: any) of one patient (unset: any), newest first.
  virtual std::vector<domain::Payment> list(domain::OrganizationId org, domain::PatientId patient,
                                            domain::AppointmentId appointment, int limit) = 0;
};

/// Every repository, bound to one transaction.
class Repositories {
 public:
  virtual ~Repositories() = default;
  virtual OrganizationRepository& organizations() = 0;
  virtual LocationRepository& locations() = 0;
  virtual ProviderRepository& providers() = 0;
  virtual PayerRepository& payers() = 0;
  virtual CoverageRepository& coverages() = 0;
  virtual PatientRepository& patients() = 0;
  virtual SequenceRepository& sequences() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual AuditRepository& audit() = 0;
  virtual TokenRepository& tokens() = 0;
  virtual SchedulingRepository& scheduling() = 0;
  virtual PaymentRepository& payments() = 0;
  virtual CalendarFeedRepository& calendarFeeds() = 0;
  virtual OutboxRepository& outbox() = 0;
};

/// Transactions. Thread-safe: any request thread may call it.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  /// Runs `fn` on a consistent read snapshot. Writes inside `fn` are a bug.
  virtual Status read(const std::function<Status(Repositories&)>& fn) = 0;
  /// Runs `fn` in a transaction. When `fn` returns ok the changes are durable (committed and
  /// synced) before `write` returns; when it returns an error or throws, none of them remain.
  /// Storage failures return kUnavailable or kInternal.
  virtual Status write(const std::function<Status(Repositories&)>& fn) = 0;
};

/// Runs `fn` in a write transaction and returns its value.
template <class T, class F>
Result<T> writeValue(UnitOfWork& uow, F&& fn) {
  std::optional<Result<T>> out;
  Status s = uow.write([&](Repositories& r) -> Status {
    out.emplace(fn(r));
    if (!out->ok()) return out->error();
    return {};
  });
  if (!s.ok()) return s.error();
  return std::move(*out);
}

/// Runs `fn` in a read transaction and returns its value.
template <class T, class F>
Result<T> readValue(UnitOfWork& uow, F&& fn) {
  std::optional<Result<T>> out;
  Status s = uow.read([&](Repositories& r) -> Status {
    out.emplace(fn(r));
    if (!out->ok()) return out->error();
    return {};
  });
  if (!s.ok()) return s.error();
  return std::move(*out);
}

}  // namespace medoffice::app
