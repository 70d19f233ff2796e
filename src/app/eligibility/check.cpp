// SPDX-License-Identifier: AGPL-3.0-or-later
// One eligibility check: the cache, the 270 made from the records, the time-boxed exchange
// outside any transaction, and the outcome stored.
#include <chrono>
#include <cstdio>

#include "app/eligibility/eligibility.hpp"

namespace medoffice::app {

std::string_view toString(EligibilityState s) {
  switch (s) {
    case EligibilityState::kActive:
      return "active";
    case EligibilityState::kInactive:
      return "inactive";
    case EligibilityState::kRejected:
      return "rejected";
    case EligibilityState::kFailed:
      return "failed";
    case EligibilityState::kTimedOut:
      return "timed_out";
  }
  return "failed";
}

std::optional<EligibilityState> parseEligibilityState(std::string_view s) {
  for (auto st :
       {EligibilityState::kActive, EligibilityState::kInactive, EligibilityState::kRejected,
        EligibilityState::kFailed, EligibilityState::kTimedOut}) {
    if (toString(st) == s) return st;
  }
  return std::nullopt;
}

}  // namespace medoffice::app

namespace medoffice::app::eligibility {

using domain::AuditAction;
using domain::Error;
using domain::Instant;
using domain::OrganizationId;

bool InFlightLimit::tryAcquire() {
  std::lock_guard lock(m_);
  if (used_ >= limit_) return false;
  ++used_;
  return true;
}

void InFlightLimit::release() {
  std::lock_guard lock(m_);
  if (used_ > 0) --used_;
}

namespace {

constexpr std::int64_t kMaxControlNumber = 999'999'999;

/// X12 service type codes (element 1365) are one or two letters or digits.
bool isServiceType(std::string_view s) {
  if (s.empty() || s.size() > 2) return false;
  for (char c : s) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

domain::claims::Sex sexOf(std::string_view s) {
  if (s == "female" || s == "F") return domain::claims::Sex::kFemale;
  if (s == "male" || s == "M") return domain::claims::Sex::kMale;
  return domain::claims::Sex::kUnknown;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += "; ";
    out += p;
  }
  return out;
}

/// TRN03: "1" and the practice's EIN by convention; a practice without one uses "9" and its id.
std::string traceOriginator(const domain::Organization& o) {
  std::string digits;
  for (char c : o.tin) {
    if (c >= '0' && c <= '9') digits += c;
  }
  if (digits.size() == 9) return "1" + digits;
  char buf[16];
  std::snprintf(buf, sizeof buf, "9%09lld", static_cast<long long>(o.id.value % 1'000'000'000));
  return buf;
}

/// What the first step found: either the answer (cached or a failure stored at once), or a 270
/// ready to go out.
struct Prepared {
  std::optional<CheckOutcome> done;
  EligibilityCheck check;  ///< the check to store once the exchange is over
  domain::claims::RealtimeEligibility endpoint;
  std::string request;  ///< the 270
};

/// The clearinghouse to ask and its real-time settings: the one named, or the first active one
/// with a URL. nullopt (with `why`) when there is none.
std::optional<std::pair<domain::claims::Clearinghouse, domain::claims::RealtimeEligibility>>
clearinghouseFor(Repositories& r, OrganizationId org, domain::ClearinghouseId wanted,
                 std::string& why) {
  if (wanted.valid()) {
    auto ch = r.claims().clearinghouse(org, wanted);
    auto s = r.eligibility().settings(org, wanted);
    if (!ch || !ch->active) {
      why = "the clearinghouse is archived";
    } else if (!s || s->url.empty()) {
      why = "the clearinghouse " + ch->name +
            " has no real-time eligibility URL (PUT /api/v1/clearinghouses/" +
            std::to_string(wanted.value) + "/eligibility)";
    } else {
      return std::pair{std::move(*ch), std::move(*s)};
    }
    return std::nullopt;
  }
  PageRequest page;
  page.limit = 200;
  for (;;) {
    auto list = r.claims().clearinghouses(org, page);
    if (!list) break;
    for (auto& ch : list->items) {
      if (!ch.active) continue;
      auto s = r.eligibility().settings(org, ch.id);
      if (s && !s->url.empty()) return std::pair{std::move(ch), std::move(*s)};
    }
    if (list->nextCursor.empty()) break;
    page.cursor = list->nextCursor;
  }
  why =
      "no clearinghouse is set up for real-time eligibility (PUT "
      "/api/v1/clearinghouses/{id}/eligibility with its URL)";
  return std::nullopt;
}

Result<std::uint32_t> drawControl(Repositories& r, OrganizationId org, domain::ClearinghouseId ch,
                                  const char* which) {
  // The claim batches' counters: one interchange number space per trading partner.
  const std::int64_t n = r.sequences().next(org, "x12:" + std::to_string(ch.value) + ":" + which);
  if (n < 1 || n > kMaxControlNumber) {
    return Error::conflict(std::string("the ") + which +
                           " control numbers of this clearinghouse are used up (999,999,999)");
  }
  return static_cast<std::uint32_t>(n);
}

Result<CheckOutcome> storeCheck(Repositories& r, EligibilityCheck check, Instant now,
                                const CheckAudit& audit) {
  auto stored = r.eligibility().insert(check, now);
  if (!stored) return stored.error();
  stored->response = std::move(check.response);
  if (audit) {
    audit(r, AuditAction::kCreate,
          std::to_string(stored->id.value) + " " + std::string(toString(stored->state)) +
              " (coverage " + std::to_string(stored->coverageId.value) + ", " +
              stored->serviceDate.toString() + ")",
          stored->patientId);
  }
  return CheckOutcome{std::move(*stored), false};
}

/// Step one, inside a write transaction. Without `mayExchange` (no place among the checks
/// waiting on clearinghouses) only a cached answer can be given.
Result<Prepared> prepare(Repositories& r, const EligibilitySetup& setup, const CheckRequest& q,
                         Instant now, const CheckAudit& audit, bool mayExchange) {
  const OrganizationId org = q.org;
  auto coverage = r.coverages().get(org, q.coverage);
  if (!coverage) return Error::invalidField("coverage_id", "is not a coverage of this practice");
  auto patient = r.patients().get(org, coverage->patientId);
  if (!patient) return Error::invalidField("coverage_id", "names a coverage without its patient");
  std::optional<domain::Provider> provider;
  if (q.provider.valid()) {
    provider = r.providers().get(org, q.provider);
    if (!provider) return Error::invalidField("provider_id", "is not a provider of this practice");
  }
  if (q.clearinghouse.valid() && !r.claims().clearinghouse(org, q.clearinghouse)) {
    return Error::invalidField("clearinghouse_id", "is not a clearinghouse of this practice");
  }
  std::optional<domain::Location> location;
  if (q.location.valid()) {
    location = r.locations().get(org, q.location);
    if (!location) return Error::invalidField("location_id", "is not a location of this practice");
  } else {
    PageRequest first;
    first.limit = 1;
    if (auto ls = r.locations().list(org, first); ls && !ls->items.empty()) {
      location = ls->items.front();
    }
  }

  Prepared out;
  EligibilityCheck& c = out.check;
  c.organizationId = org;
  c.coverageId = coverage->id;
  c.patientId = patient->id;
  c.payerId = coverage->payerId;
  c.serviceDate = q.serviceDate;
  c.serviceType = q.serviceType;
  c.coverageVersion = coverage->meta.version;
  c.patientVersion = patient->meta.version;
  c.requestedBy = q.user;
  c.checkedAt = now;

  if (!q.refresh) {
    auto cached =
        r.eligibility().latestReusable(org, coverage->id, q.serviceDate, q.serviceType,
                                       Instant::fromMicros(now.micros() - setup.freshForMicros));
    if (cached && cached->coverageVersion == coverage->meta.version &&
        cached->patientVersion == patient->meta.version) {
      if (audit) {
        audit(r, AuditAction::kRead,
              std::to_string(cached->id.value) + " " + std::string(toString(cached->state)) +
                  " (cached)",
              patient->id);
      }
      out.done = CheckOutcome{std::move(*cached), true};
      return out;
    }
  }

  // From here on every problem is an outcome the desk sees, stored like any other check.
  auto failWith = [&](std::string reason) -> Result<Prepared> {
    c.state = EligibilityState::kFailed;
    c.reason = std::move(reason);
    auto stored = storeCheck(r, c, now, audit);
    if (!stored) return stored.error();
    out.done = std::move(*stored);
    return out;
  };
  if (!mayExchange) {
    return failWith(
        "too many eligibility checks are waiting on clearinghouses right now; try again in a "
        "moment");
  }
  auto payer = r.payers().get(org, coverage->payerId);
  auto practice = r.organizations().get(org);
  if (!payer) return failWith("the coverage's payer is missing");
  if (!practice) return Error::notFound("practice not found");
  if (payer->x12PayerId.empty()) {
    return failWith("the payer " + payer->name +
                    " has no X12 payer id; set it on the payer to check eligibility");
  }
  std::string why;
  auto ch = clearinghouseFor(r, org, q.clearinghouse, why);
  if (!ch) return failWith(why);
  c.clearinghouseId = ch->first.id;
  out.endpoint = ch->second;

  EligibilityInquiry in;
  const auto& house = ch->first;
  in.senderQualifier = house.submitterQualifier;
  in.senderId = house.submitterId;
  in.receiverQualifier = house.receiverQualifier;
  in.receiverId = house.receiverId;
  in.applicationSender =
      house.applicationSender.empty() ? house.submitterId : house.applicationSender;
  in.applicationReceiver =
      house.applicationReceiver.empty() ? house.receiverId : house.applicationReceiver;
  in.production = house.production;
  in.date = now.utcDate();
  int minute = static_cast<int>((now.micros() / 60'000'000) % 1440);
  if (location) {
    if (auto local = setup.zones.toLocal(location->timeZone, now)) {
      in.date = local->date;
      minute = local->minuteOfDay;
    }
  }
  in.hour = minute / 60;
  in.minute = minute % 60;
  in.traceOriginator = traceOriginator(*practice);
  in.payerName = payer->name;
  in.payerId = payer->x12PayerId;
  if (provider) {
    in.providerName = provider->familyName;
    in.providerFirstName = provider->givenName;
    in.npi = provider->npi;
  } else {
    in.providerName = practice->legalName;
    in.npi = practice->npi;
  }
  in.memberId = coverage->memberId;
  const InquiryPerson patientPerson{patient->familyName, patient->givenName, patient->birthDate,
                                    sexOf(patient->sex)};
  if (coverage->relationship == "18") {
    in.subscriber = patientPerson;
  } else {
    const auto& s = coverage->subscriber;
    in.subscriber = {s.familyName, s.givenName, s.birthDate, sexOf(s.sex)};
    in.dependent = patientPerson;
    in.relationship = coverage->relationship;
  }
  in.serviceDate = q.serviceDate;
  in.serviceTypes = {"30"};
  if (q.serviceType != "30") in.serviceTypes.push_back(q.serviceType);

  auto isa = drawControl(r, org, house.id, "isa");
  if (!isa) return failWith(isa.error().message);
  auto gs = drawControl(r, org, house.id, "gs");
  if (!gs) return failWith(gs.error().message);
  auto st = drawControl(r, org, house.id, "st");
  if (!st) return failWith(st.error().message);
  in.interchange = *isa;
  in.group = *gs;
  in.transaction = *st;
  in.traceNumber = "MO" + std::to_string(org.value) + "-" + std::to_string(coverage->id.value) +
                   "-" + std::to_string(*isa);
  in.reference = in.traceNumber;
  auto bytes = setup.formats.write270(in);
  if (!bytes) {
    std::string reason = "the 270 could not be written";
    for (const auto& f : bytes.error().fields) reason += "; " + f.field + " " + f.message;
    if (bytes.error().fields.empty()) reason += ": " + bytes.error().message;
    return failWith(reason);
  }
  c.traceNumber = in.traceNumber;
  c.interchangeControl = in.interchange;
  c.groupControl = in.group;
  c.transactionControl = in.transaction;
  out.request = std::move(*bytes);
  if (audit) {
    // Recorded before the 270 leaves: a crash during the exchange still shows the disclosure.
    audit(r, AuditAction::kExport,
          "270 to clearinghouse " + std::to_string(house.id.value) + " ISA13 " +
              std::to_string(in.interchange) + " (coverage " + std::to_string(coverage->id.value) +
              ", " + q.serviceDate.toString() + ")",
          patient->id);
  }
  return out;
}

}  // namespace

Verdict judge(const EligibilityAnswer& a) {
  Verdict v;
  using Cov = EligibilityAnswer::Coverage;
  if (a.coverage == Cov::kActive) {
    v.state = EligibilityState::kActive;
    v.reason = joined(a.rejections);
    v.reusable = true;
  } else if (a.coverage == Cov::kInactive) {
    v.state = EligibilityState::kInactive;
    v.reason = joined(a.rejections);
    v.reusable = true;
  } else if (!a.rejections.empty()) {
    v.state = EligibilityState::kRejected;
    v.reason = joined(a.rejections);
    v.reusable = !a.retryable;
  } else {
    v.state = EligibilityState::kFailed;
    v.reason =
        "the payer's answer says neither that the coverage is active nor that it is inactive";
  }
  return v;
}

Result<CheckOutcome> check(UnitOfWork& uow, const EligibilitySetup& setup, const CheckRequest& q,
                           const CheckAudit& audit) {
  if (!q.coverage.valid()) return Error::invalidField("coverage_id", "is required");
  if (!isServiceType(q.serviceType)) {
    return Error::invalidField("service_type",
                               "must be an X12 service type code (1-2 letters or digits, e.g. 30)");
  }
  // The place is taken before anything is drawn or audited, so that a check turned away sends
  // nothing and says so; a cached answer needs none.
  struct Place {
    InFlightLimit* limit;
    bool held;
    ~Place() {
      if (held) limit->release();
    }
  } place{setup.inFlight, setup.inFlight != nullptr && setup.inFlight->tryAcquire()};
  const bool mayExchange = setup.inFlight == nullptr || place.held;
  const Instant started = setup.clock.now();
  auto prepared = writeValue<Prepared>(
      uow, [&](Repositories& r) { return prepare(r, setup, q, started, audit, mayExchange); });
  if (!prepared) return prepared.error();
  if (prepared->done) return std::move(*prepared->done);

  EligibilityCheck c = std::move(prepared->check);
  ExchangeReply reply = setup.exchange.exchange(prepared->endpoint, prepared->request);
  c.elapsedMs = reply.elapsed.count();
  c.checkedAt = setup.clock.now();
  switch (reply.status) {
    case ExchangeStatus::kTimedOut:
      c.state = EligibilityState::kTimedOut;
      c.reason = reply.reason;
      break;
    case ExchangeStatus::kFailed:
      c.state = EligibilityState::kFailed;
      c.reason = reply.reason;
      break;
    case ExchangeStatus::kAnswered: {
      c.response = std::move(reply.body);
      auto answer = setup.formats.read271(c.response, c.traceNumber, c.serviceType);
      if (!answer) {
        c.state = EligibilityState::kFailed;
        c.reason = "the clearinghouse's answer could not be read: " + answer.error().message;
        for (const auto& f : answer.error().fields) c.reason += "; " + f.field + " " + f.message;
        break;
      }
      const Verdict v = judge(*answer);
      c.state = v.state;
      c.reason = v.reason;
      c.reusable = v.reusable;
      c.summary = std::move(answer->summaryJson);
      break;
    }
  }
  return writeValue<CheckOutcome>(
      uow, [&](Repositories& r) { return storeCheck(r, c, setup.clock.now(), audit); });
}

Result<Page<EligibilityCheck>> checksOfCoverage(Repositories& r, OrganizationId org,
                                                domain::CoverageId coverage,
                                                const PageRequest& page) {
  if (!r.coverages().get(org, coverage)) {
    return Error::invalidField("coverage_id", "is not a coverage of this practice");
  }
  return r.eligibility().ofCoverage(org, coverage, page);
}

}  // namespace medoffice::app::eligibility
