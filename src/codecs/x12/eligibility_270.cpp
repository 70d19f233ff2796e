// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/eligibility_270.hpp"

#include <cstdio>
#include <string_view>
#include <utility>

#include "codecs/x12/claim_837p.hpp"
#include "codecs/x12/inquiry_writer.hpp"
#include "domain/common/validation.hpp"

namespace medoffice::codecs::x12 {

namespace {

using domain::Date;
using domain::FieldError;
using domain::Status;
namespace claims = domain::claims;
using namespace inquiries;  // NOLINT(google-build-using-namespace): this file's own helpers

constexpr std::string_view kVersion = "005010X279A1";
constexpr std::size_t kTraceMax = 50;  // TRN02

#define MO_TRY(expr)                                 \
  do {                                               \
    if (auto st_ = (expr); !st_) return st_.error(); \
  } while (false)

bool isCode(std::string_view s, std::size_t min, std::size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

// Both dates the payer reads are checked against the service date: a birth after the visit
// is a typing error the payer would answer with AAA 60.
void checkBirth(std::vector<FieldError>& out, const std::optional<Date>& birth, const Date& service,
                const std::string& field) {
  if (!birth) return;
  if (birth->year() < 1900) out.push_back({field, "is before 1900"});
  if (*birth > service) out.push_back({field, "is after the service date"});
}

// TRN, then the 2100 name, DMG, INS, DTP*291, then the 2110 EQ: the order of the guide.
Status inquiry(Emitter& e, const EligibilityRequest& r, const Transmission270& t,
               EligibilityPlacement& placement, bool dependent) {
  SegmentBuilder trn("TRN");
  trn.element(1, "1");
  trn.element(2, e.id(r.traceNumber, kTraceMax));
  trn.element(3, e.id(t.traceOriginator, 10));
  placement.traceSegment = e.position() + 1;
  MO_TRY(e.put(trn));
  if (dependent) {
    const EligibilityDependent& d = *r.dependent;
    MO_TRY(person(e, "03", d.lastName, d.firstName, {}, {}));
    MO_TRY(demographics(e, d.birthDate, d.sex));
    if (!d.relationship.empty()) {
      SegmentBuilder ins("INS");
      ins.element(1, "N");
      ins.element(2, e.id(d.relationship, 2));
      MO_TRY(e.put(ins));
    }
  } else {
    MO_TRY(person(e, "IL", r.subscriberLastName, r.subscriberFirstName, "MI", r.memberId));
    MO_TRY(demographics(e, r.subscriberBirthDate, r.subscriberSex));
  }
  SegmentBuilder dtp("DTP");
  dtp.element(1, "291");
  dtp.element(2, "D8");
  dtp.element(3, date8(r.serviceDate));
  MO_TRY(e.put(dtp));
  SegmentBuilder eq("EQ");
  for (std::size_t i = 0; i < r.serviceTypes.size(); ++i) {
    eq.value(1, i + 1, 1, e.id(r.serviceTypes[i], 2));
  }
  return e.put(eq);
}

Status header(Emitter& e, const Transmission270& t) {
  SegmentBuilder bht("BHT");
  bht.element(1, "0022");
  bht.element(2, "13");
  bht.element(3, e.id(t.reference, kTraceMax));
  bht.element(4, date8(t.created));
  char hhmm[8];
  std::snprintf(hhmm, sizeof hhmm, "%02d%02d", t.createdTime.hour, t.createdTime.minute);
  bht.element(5, hhmm);
  return e.put(bht);
}

}  // namespace

std::vector<FieldError> validate(const EligibilityRequest& r) {
  std::vector<FieldError> out;
  const Delimiters d;
  auto required = [&](std::string_view value, std::size_t max, const char* field, TextKind kind) {
    if (cleanX12Text(value, max, d, kind).empty()) out.push_back({field, "is required"});
  };
  required(r.payerName, kNameMax, "payer_name", TextKind::kText);
  required(r.payerId, kIdMax, "payer_id", TextKind::kIdentifier);
  if (!r.payerId.empty() && r.payerId.size() < 2) out.push_back({"payer_id", "is too short"});
  required(r.providerName, kNameMax, "provider_name", TextKind::kText);
  if (r.npi.empty()) {
    out.push_back({"npi", "is required"});
  } else if (!domain::validation::isValidNpi(r.npi)) {
    out.push_back({"npi", "is not a valid NPI (10 digits with a correct check digit)"});
  }
  required(r.memberId, kIdMax, "member_id", TextKind::kIdentifier);
  if (r.memberId.size() > kIdMax) out.push_back({"member_id", "is longer than 80 characters"});
  if (!r.dependent && cleanX12Text(r.subscriberLastName, kNameMax, d).empty()) {
    out.push_back({"subscriber_last_name", "is required when the subscriber is the patient"});
  }
  checkBirth(out, r.subscriberBirthDate, r.serviceDate, "subscriber_birth_date");
  if (r.dependent) {
    const EligibilityDependent& dep = *r.dependent;
    required(dep.lastName, kNameMax, "dependent.last_name", TextKind::kText);
    required(dep.firstName, kFirstMax, "dependent.first_name", TextKind::kText);
    if (!dep.birthDate) out.push_back({"dependent.birth_date", "is required"});
    checkBirth(out, dep.birthDate, r.serviceDate, "dependent.birth_date");
    if (!dep.relationship.empty() && !isCode(dep.relationship, 2, 2)) {
      out.push_back({"dependent.relationship", "is not a 2-character relationship code"});
    }
  }
  if (r.serviceDate.year() < 1900) out.push_back({"service_date", "is before 1900"});
  if (r.serviceTypes.empty() || r.serviceTypes.size() > 99) {
    out.push_back({"service_types", "must hold 1 to 99 service type codes"});
  }
  for (std::size_t i = 0; i < r.serviceTypes.size() && i < 99; ++i) {
    if (!isCode(r.serviceTypes[i], 1, 2)) {
      out.push_back({"service_types[" + std::to_string(i) + "]",
                     "is not a service type code (1 or 2 letters or digits)"});
    }
  }
  if (r.traceNumber.empty() || r.traceNumber.size() > kTraceMax ||
      cleanX12Text(r.traceNumber, kTraceMax, d, TextKind::kIdentifier) != r.traceNumber) {
    out.push_back({"trace_number",
                   "is required: 1 to 50 upper-case letters, digits or punctuation, no spaces "
                   "(the 271 echoes it exactly)"});
  }
  return out;
}

domain::Result<Write270Result> write270(std::span<const EligibilityRequest> requests,
                                        const Transmission270& t, Sink& sink,
                                        ControlNumberSource& numbers, WriterOptions options) {
  domain::FieldErrors errors;
  if (requests.empty() || requests.size() > kMaxEligibilityRequestsPerTransaction) {
    errors.add("requests", "must hold 1 to " +
                               std::to_string(kMaxEligibilityRequestsPerTransaction) +
                               " requests per transaction");
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    errors.append(validate(requests[i]), "requests[" + std::to_string(i) + "].");
  }
  if (t.traceOriginator.size() != 10 || cleanX12Text(t.traceOriginator, 10, options.delimiters,
                                                     TextKind::kIdentifier) != t.traceOriginator) {
    errors.add("trace_originator", "must be 10 letters or digits (TRN03)");
  }
  if (t.createdTime.hour < 0 || t.createdTime.hour > 23 || t.createdTime.minute < 0 ||
      t.createdTime.minute > 59) {
    errors.add("created_time", "is not a time of day (BHT05 HHMM)");
  }
  if (t.reference.empty() || cleanX12Text(t.reference, kTraceMax, options.delimiters,
                                          TextKind::kIdentifier) != t.reference) {
    errors.add("reference", "must be 1 to 50 letters, digits or punctuation (BHT03)");
  }
  if (!errors.empty()) return errors.toError();

  Writer w(sink, numbers, options);
  Emitter e(w, options.delimiters);
  GroupHeader group = t.group;
  group.functionalId = "HS";
  group.version = std::string(kVersion);
  MO_TRY(w.beginInterchange(t.interchange));
  MO_TRY(w.beginGroup(group));
  MO_TRY(w.beginTransaction("270"));
  MO_TRY(header(e, t));

  Write270Result result;
  result.placements.resize(requests.size());
  std::uint32_t next = 1;
  for (const PayerNode& src : groupByPayer(requests)) {
    const std::uint32_t srcHl = next++;
    MO_TRY(hl(e, srcHl, 0, "20", true));
    SegmentBuilder pr("NM1");
    pr.element(1, "PR").element(2, "2").element(3, e.text(src.name, kNameMax));
    pr.element(8, "PI").element(9, e.id(src.id, kIdMax));
    MO_TRY(e.put(pr));
    for (const ProviderNode& rec : src.providers) {
      const std::uint32_t recHl = next++;
      MO_TRY(hl(e, recHl, srcHl, "21", true));
      SegmentBuilder p("NM1");
      p.element(1, "1P").element(2, rec.first.empty() ? "2" : "1");
      p.element(3, e.text(rec.name, kNameMax));
      if (!rec.first.empty()) p.element(4, e.text(rec.first, kFirstMax));
      p.element(8, "XX").element(9, rec.npi);
      MO_TRY(e.put(p));
      for (std::size_t index : rec.requests) {
        const EligibilityRequest& r = requests[index];
        EligibilityPlacement& place = result.placements[index];
        place.subscriberHl = next++;
        MO_TRY(hl(e, place.subscriberHl, recHl, "22", r.dependent.has_value()));
        if (r.dependent) {
          // The subscriber level names the policy holder; the question is asked for the
          // dependent, so TRN, DTP and EQ go below (dates do not carry down, §4.1).
          MO_TRY(person(e, "IL", r.subscriberLastName, r.subscriberFirstName, "MI", r.memberId));
          MO_TRY(demographics(e, r.subscriberBirthDate, r.subscriberSex));
          place.dependentHl = next++;
          MO_TRY(hl(e, place.dependentHl, place.subscriberHl, "23", false));
        }
        MO_TRY(inquiry(e, r, t, place, r.dependent.has_value()));
      }
    }
  }
  MO_TRY(w.endTransaction());
  result.segments = w.transactionSegments();
  MO_TRY(w.endGroup());
  MO_TRY(w.endInterchange());
  result.requests = requests.size();
  result.interchangeControl = w.interchangeControl();
  result.groupControl = w.groupControl();
  result.transactionControl = w.transactionControl();
  return result;
}

}  // namespace medoffice::codecs::x12
