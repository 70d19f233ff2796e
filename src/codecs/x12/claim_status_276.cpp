// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/claim_status_276.hpp"

#include <cstdio>
#include <string_view>
#include <utility>

#include "codecs/x12/claim_837p.hpp"
#include "codecs/x12/inquiry_writer.hpp"
#include "domain/common/money.hpp"
#include "domain/common/validation.hpp"

namespace medoffice::codecs::x12 {

namespace {

using domain::Date;
using domain::FieldError;
using domain::Status;
namespace claims = domain::claims;
using namespace inquiries;  // NOLINT(google-build-using-namespace): this file's own helpers

constexpr std::string_view kVersion = "005010X212";
constexpr std::size_t kTraceMax = 50;                    // TRN02, REF02 of 2200D
constexpr std::int64_t kMaxChargeCents = 9'999'999'999;  // AMT02 has 18 digits; CLM02 is R1.10

#define MO_TRY(expr)                                 \
  do {                                               \
    if (auto st_ = (expr); !st_) return st_.error(); \
  } while (false)

// A birth after the first date of service is a typing error the payer would answer with E0.
void checkBirth(std::vector<FieldError>& out, const std::optional<Date>& birth, const Date& service,
                const std::string& field) {
  if (!birth) return;
  if (birth->year() < 1900) out.push_back({field, "is before 1900"});
  if (*birth > service) out.push_back({field, "is after the first date of service"});
}

// 2200D/E in the guide's order: TRN, REF*1K, REF*EJ, AMT*T3, DTP*472.
Status claimLoop(Emitter& e, const ClaimStatusRequest& r, ClaimStatusPlacement& placement) {
  SegmentBuilder trn("TRN");
  trn.element(1, "1");
  trn.element(2, e.id(r.patientControlNumber, kTraceMax));
  placement.traceSegment = e.position() + 1;
  MO_TRY(e.put(trn));
  if (!r.payerClaimNumber.empty()) {
    SegmentBuilder ref("REF");
    ref.element(1, "1K").element(2, e.id(r.payerClaimNumber, kTraceMax));
    MO_TRY(e.put(ref));
  }
  SegmentBuilder ej("REF");
  ej.element(1, "EJ").element(2, e.id(r.patientControlNumber, kTraceMax));
  MO_TRY(e.put(ej));
  SegmentBuilder amt("AMT");
  amt.element(1, "T3").element(2, x12Amount(domain::Money::fromCents(r.totalChargeCents)));
  MO_TRY(e.put(amt));
  SegmentBuilder dtp("DTP");
  dtp.element(1, "472");
  if (r.serviceFrom == r.serviceTo) {
    dtp.element(2, "D8").element(3, date8(r.serviceFrom));
  } else {
    dtp.element(2, "RD8").element(3, date8(r.serviceFrom) + "-" + date8(r.serviceTo));
  }
  return e.put(dtp);
}

Status header(Emitter& e, const Transmission276& t) {
  SegmentBuilder bht("BHT");
  bht.element(1, "0010");
  bht.element(2, "13");
  bht.element(3, e.id(t.reference, kTraceMax));
  bht.element(4, date8(t.created));
  char hhmm[8];
  std::snprintf(hhmm, sizeof hhmm, "%02d%02d", t.createdTime.hour, t.createdTime.minute);
  bht.element(5, hhmm);
  return e.put(bht);
}

}  // namespace

std::vector<FieldError> validate(const ClaimStatusRequest& r) {
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
  required(r.subscriberLastName, kNameMax, "subscriber_last_name", TextKind::kText);
  checkBirth(out, r.subscriberBirthDate, r.serviceFrom, "subscriber_birth_date");
  if (r.dependent) {
    const ClaimStatusDependent& dep = *r.dependent;
    required(dep.lastName, kNameMax, "dependent.last_name", TextKind::kText);
    required(dep.firstName, kFirstMax, "dependent.first_name", TextKind::kText);
    if (!dep.birthDate) out.push_back({"dependent.birth_date", "is required"});
    checkBirth(out, dep.birthDate, r.serviceFrom, "dependent.birth_date");
  }
  auto exactId = [&](const std::string& value, const char* field, const char* what) {
    if (value.empty() || value.size() > kTraceMax ||
        cleanX12Text(value, kTraceMax, d, TextKind::kIdentifier) != value) {
      out.push_back({field, what});
    }
  };
  exactId(r.patientControlNumber, "patient_control_number",
          "is required: 1 to 50 upper-case letters, digits or punctuation, no spaces (our CLM01, "
          "which the 277 echoes exactly)");
  if (!r.payerClaimNumber.empty()) {
    exactId(r.payerClaimNumber, "payer_claim_number",
            "must be 1 to 50 upper-case letters, digits or punctuation, no spaces (REF*1K)");
  }
  if (r.totalChargeCents <= 0) {
    out.push_back({"total_charge_cents", "must be more than zero (AMT*T3, the claim's CLM02)"});
  } else if (r.totalChargeCents > kMaxChargeCents) {
    out.push_back({"total_charge_cents", "is more than 99,999,999.99"});
  }
  if (r.serviceFrom.year() < 1900) out.push_back({"service_from", "is before 1900"});
  if (r.serviceTo < r.serviceFrom) out.push_back({"service_to", "is before service_from"});
  return out;
}

domain::Result<Write276Result> write276(std::span<const ClaimStatusRequest> requests,
                                        const Transmission276& t, Sink& sink,
                                        ControlNumberSource& numbers, WriterOptions options) {
  domain::FieldErrors errors;
  if (requests.empty() || requests.size() > kMaxClaimStatusRequestsPerTransaction) {
    errors.add("requests", "must hold 1 to " +
                               std::to_string(kMaxClaimStatusRequestsPerTransaction) +
                               " requests per transaction");
  }
  for (std::size_t i = 0; i < requests.size(); ++i) {
    errors.append(validate(requests[i]), "requests[" + std::to_string(i) + "].");
  }
  if (cleanX12Text(t.receiverName, kNameMax, options.delimiters).empty()) {
    errors.add("receiver_name", "is required (NM1*41, us as the information receiver)");
  }
  if (t.receiverId.size() < 2 || t.receiverId.size() > kIdMax ||
      cleanX12Text(t.receiverId, kIdMax, options.delimiters, TextKind::kIdentifier) !=
          t.receiverId) {
    errors.add("receiver_id", "must be 2 to 80 letters or digits (NM1*41 NM109, our ETIN)");
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
  group.functionalId = "HR";
  group.version = std::string(kVersion);
  MO_TRY(w.beginInterchange(t.interchange));
  MO_TRY(w.beginGroup(group));
  MO_TRY(w.beginTransaction("276"));
  MO_TRY(header(e, t));

  Write276Result result;
  result.placements.resize(requests.size());
  std::uint32_t next = 1;
  for (const PayerNode& payer : groupByPayer(requests)) {
    const std::uint32_t payerHl = next++;
    MO_TRY(hl(e, payerHl, 0, "20", true));
    SegmentBuilder pr("NM1");
    pr.element(1, "PR").element(2, "2").element(3, e.text(payer.name, kNameMax));
    pr.element(8, "PI").element(9, e.id(payer.id, kIdMax));
    MO_TRY(e.put(pr));
    // One receiver (us) per payer: the guide nests it under the source.
    const std::uint32_t receiverHl = next++;
    MO_TRY(hl(e, receiverHl, payerHl, "21", true));
    SegmentBuilder rec("NM1");
    rec.element(1, "41").element(2, "2").element(3, e.text(t.receiverName, kNameMax));
    rec.element(8, "46").element(9, e.id(t.receiverId, kIdMax));
    MO_TRY(e.put(rec));
    for (const ProviderNode& prov : payer.providers) {
      const std::uint32_t provHl = next++;
      MO_TRY(hl(e, provHl, receiverHl, "19", true));
      SegmentBuilder p("NM1");
      p.element(1, "1P").element(2, prov.first.empty() ? "2" : "1");
      p.element(3, e.text(prov.name, kNameMax));
      if (!prov.first.empty()) p.element(4, e.text(prov.first, kFirstMax));
      p.element(8, "XX").element(9, prov.npi);
      MO_TRY(e.put(p));
      for (std::size_t index : prov.requests) {
        const ClaimStatusRequest& r = requests[index];
        ClaimStatusPlacement& place = result.placements[index];
        place.subscriberHl = next++;
        MO_TRY(hl(e, place.subscriberHl, provHl, "22", r.dependent.has_value()));
        // DMG precedes NM1 at the subscriber level (2000D), and is only sent there when the
        // subscriber is the patient; the dependent's goes under 2000E.
        if (!r.dependent) MO_TRY(demographics(e, r.subscriberBirthDate, r.subscriberSex));
        MO_TRY(person(e, "IL", r.subscriberLastName, r.subscriberFirstName, "MI", r.memberId));
        if (r.dependent) {
          const ClaimStatusDependent& dep = *r.dependent;
          place.dependentHl = next++;
          MO_TRY(hl(e, place.dependentHl, place.subscriberHl, "23", false));
          MO_TRY(demographics(e, dep.birthDate, dep.sex));
          MO_TRY(person(e, "QC", dep.lastName, dep.firstName, {}, {}));
        }
        MO_TRY(claimLoop(e, r, place));
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
