// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/eligibility/x12_eligibility_formats.hpp"

#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "codecs/json/json_writer.hpp"
#include "codecs/x12/eligibility_270.hpp"
#include "codecs/x12/eligibility_271.hpp"
#include "codecs/x12/writer.hpp"

namespace medoffice::codecs {

using domain::Error;

namespace {

/// Hands out exactly the inquiry's three numbers, each once: they were drawn (and recorded) for
/// this 270 before it was written.
class InquiryNumbers final : public x12::ControlNumberSource {
 public:
  explicit InquiryNumbers(const app::EligibilityInquiry& q)
      : interchange_(q.interchange), group_(q.group), transaction_(q.transaction) {}
  domain::Result<std::uint32_t> nextInterchange() override { return take(interchange_); }
  domain::Result<std::uint32_t> nextGroup() override { return take(group_); }
  domain::Result<std::uint32_t> nextTransaction() override { return take(transaction_); }

 private:
  static domain::Result<std::uint32_t> take(std::optional<std::uint32_t>& n) {
    if (!n) return Error::conflict("a 270 has one control number of each kind");
    const std::uint32_t v = *n;
    n.reset();
    return v;
  }
  std::optional<std::uint32_t> interchange_;
  std::optional<std::uint32_t> group_;
  std::optional<std::uint32_t> transaction_;
};

/// The writer names a request's fields `requests[0].member_id`; the inquiry has one request.
std::string inquiryField(const std::string& f) {
  constexpr std::string_view kPrefix = "requests[0].";
  if (f.rfind(kPrefix, 0) == 0) return f.substr(kPrefix.size());
  return f;
}

void figures(JsonWriter& w, const app::EligibilityFigures& f) {
  auto cents = [&](std::string_view key, const std::optional<std::int64_t>& v) {
    w.key(key);
    if (v) {
      w.value(*v);
    } else {
      w.null();
    }
  };
  w.beginObject().member("service_type", f.serviceType);
  cents("copay_cents", f.copayCents);
  w.key("copay_in_network");
  if (f.copayNetwork == "Y") {
    w.value(true);
  } else if (f.copayNetwork == "N") {
    w.value(false);
  } else {
    w.null();
  }
  cents("coinsurance_basis_points", f.coinsuranceBasisPoints);
  cents("deductible_cents", f.deductibleCents);
  cents("deductible_remaining_cents", f.deductibleRemainingCents);
  cents("family_deductible_cents", f.familyDeductibleCents);
  cents("family_deductible_remaining_cents", f.familyDeductibleRemainingCents);
  w.endObject();
}

app::EligibilityFigures toApp(const x12::BenefitFigures& f) {
  app::EligibilityFigures out;
  out.serviceType = f.serviceType;
  out.copayCents = f.copayCents;
  out.coinsuranceBasisPoints = f.coinsuranceBasisPoints;
  out.deductibleCents = f.deductibleCents;
  out.deductibleRemainingCents = f.deductibleRemainingCents;
  out.familyDeductibleCents = f.familyDeductibleCents;
  out.familyDeductibleRemainingCents = f.familyDeductibleRemainingCents;
  out.copayNetwork = f.copayNetwork;
  return out;
}

void optionalDate(JsonWriter& w, std::string_view key, const std::optional<domain::Date>& d) {
  w.key(key);
  if (d) {
    w.value(d->toString());
  } else {
    w.null();
  }
}

std::string_view coverageName(app::EligibilityAnswer::Coverage c) {
  switch (c) {
    case app::EligibilityAnswer::Coverage::kActive:
      return "active";
    case app::EligibilityAnswer::Coverage::kInactive:
      return "inactive";
    case app::EligibilityAnswer::Coverage::kUnknown:
      break;
  }
  return "unknown";
}

std::string summaryJson(const app::EligibilityAnswer& a, const x12::Party271* payer,
                        const std::optional<domain::Date>& eligibilityBegin,
                        const std::optional<domain::Date>& eligibilityEnd) {
  JsonWriter w;
  w.beginObject().member("coverage", coverageName(a.coverage));
  w.key("member_id").optional(a.memberId);
  w.key("plan_name").optional(a.planName);
  w.key("group_number").optional(a.groupNumber);
  w.key("group_name").optional(a.groupName);
  optionalDate(w, "plan_begin", a.planBegin);
  optionalDate(w, "plan_end", a.planEnd);
  optionalDate(w, "eligibility_begin", eligibilityBegin);
  optionalDate(w, "eligibility_end", eligibilityEnd);
  w.key("payer");
  if (payer != nullptr) {
    w.beginObject().member("name", payer->name).member("id", payer->id).endObject();
  } else {
    w.null();
  }
  w.key("general");
  figures(w, a.general);
  w.key("visit");
  figures(w, a.visit);
  w.key("rejections").beginArray();
  for (const auto& r : a.rejections) w.value(r);
  w.endArray().endObject();
  return w.take();
}

/// Whether an AAA lets the same request go again later unchanged: the payer could not answer
/// now (42), or says to resend (P, R).
bool retryable(const x12::Rejection271& r) {
  return r.reason.code == "42" || r.followUp.code == "P" || r.followUp.code == "R";
}

}  // namespace

domain::Result<std::string> X12EligibilityFormats::write270(
    const app::EligibilityInquiry& q) const {
  x12::EligibilityRequest r;
  r.payerName = q.payerName;
  r.payerId = q.payerId;
  r.providerName = q.providerName;
  r.providerFirstName = q.providerFirstName;
  r.npi = q.npi;
  r.memberId = q.memberId;
  r.subscriberLastName = q.subscriber.lastName;
  r.subscriberFirstName = q.subscriber.firstName;
  r.subscriberBirthDate = q.subscriber.birthDate;
  r.subscriberSex = q.subscriber.sex;
  if (q.dependent) {
    x12::EligibilityDependent d;
    d.lastName = q.dependent->lastName;
    d.firstName = q.dependent->firstName;
    d.birthDate = q.dependent->birthDate;
    d.sex = q.dependent->sex;
    d.relationship = q.relationship;
    r.dependent = std::move(d);
  }
  r.serviceDate = q.serviceDate;
  r.serviceTypes = q.serviceTypes;
  r.traceNumber = q.traceNumber;

  x12::Transmission270 t;
  t.interchange.senderQualifier = q.senderQualifier;
  t.interchange.senderId = q.senderId;
  t.interchange.receiverQualifier = q.receiverQualifier;
  t.interchange.receiverId = q.receiverId;
  t.interchange.date = q.date;
  t.interchange.time = {q.hour, q.minute};
  t.interchange.usage = q.production ? x12::Usage::kProduction : x12::Usage::kTest;
  t.group.senderCode = q.applicationSender;
  t.group.receiverCode = q.applicationReceiver;
  t.group.date = q.date;
  t.group.time = {q.hour, q.minute};
  t.reference = q.reference;
  t.created = q.date;
  t.createdTime = {q.hour, q.minute};
  t.traceOriginator = q.traceOriginator;

  std::string out;
  x12::StringSink sink(out);
  InquiryNumbers numbers(q);
  auto written = x12::write270(std::span<const x12::EligibilityRequest>(&r, 1), t, sink, numbers);
  if (!written) {
    Error e = written.error();
    for (auto& f : e.fields) f.field = inquiryField(f.field);
    return e;
  }
  return out;
}

domain::Result<app::EligibilityAnswer> X12EligibilityFormats::read271(
    std::string_view bytes, std::string_view trace, std::string_view serviceType) const {
  auto parsed = x12::parse271(bytes);
  if (!parsed) {
    Error e = parsed.error();
    e.code = domain::ErrorCode::kInvalid;
    return e;
  }
  if (parsed->empty()) return Error::invalidField("body", "holds no 271 transaction");

  // The member answering our trace; the only member when none echoes a trace at all.
  const x12::Eligibility271* in = nullptr;
  const x12::Subscriber271* member = nullptr;
  std::size_t members = 0;
  const x12::Eligibility271* onlyIn = nullptr;
  const x12::Subscriber271* only = nullptr;
  for (const auto& t : *parsed) {
    if (const auto* m = t.byTrace(trace); m != nullptr && member == nullptr) {
      in = &t;
      member = m;
    }
    for (const auto& m : t.members) {
      ++members;
      onlyIn = &t;
      only = &m;
    }
  }
  if (member == nullptr && members == 1 && only->trace.empty()) {
    in = onlyIn;
    member = only;
  }

  app::EligibilityAnswer a;
  const x12::Party271* payer = nullptr;
  std::optional<domain::Date> eligibilityBegin;
  std::optional<domain::Date> eligibilityEnd;
  auto addRejections = [&](const std::vector<x12::Rejection271>& rs) {
    for (const auto& r : rs) {
      a.rejections.push_back(r.describe());
      if (retryable(r)) a.retryable = true;
    }
  };
  if (member != nullptr) {
    const auto& receivers = in->receivers;
    if (member->receiver < receivers.size()) {
      const auto& receiver = receivers[member->receiver];
      if (receiver.parent < in->sources.size()) {
        payer = &in->sources[receiver.parent];
        addRejections(payer->rejections);
      }
      addRejections(receiver.rejections);
    }
    addRejections(member->rejections);
    const x12::EligibilitySummary s = x12::summarize(*member, serviceType);
    a.coverage = s.coverage == x12::Coverage::kActive ? app::EligibilityAnswer::Coverage::kActive
                 : s.coverage == x12::Coverage::kInactive
                     ? app::EligibilityAnswer::Coverage::kInactive
                     : app::EligibilityAnswer::Coverage::kUnknown;
    a.memberId = member->memberId;
    a.planName = s.planName;
    a.groupNumber = s.groupNumber;
    a.groupName = s.groupName;
    a.planBegin = member->planBegin;
    a.planEnd = member->planEnd;
    eligibilityBegin = member->eligibilityBegin;
    eligibilityEnd = member->eligibilityEnd;
    a.general = toApp(s.general);
    a.visit = toApp(s.visit);
  } else {
    // No member answers: the payer may have refused the request as a whole, at its own level
    // or the provider's (an AAA under 2100A or 2100B, with no subscriber level at all).
    for (const auto& t : *parsed) {
      for (const auto& p : t.sources) {
        if (!p.rejections.empty() && payer == nullptr) payer = &p;
        addRejections(p.rejections);
      }
      for (const auto& p : t.receivers) addRejections(p.rejections);
    }
    if (a.rejections.empty()) {
      return Error::invalidField(
          "body", members == 0 ? "answers no member and gives no reason"
                               : "answers another request (no member echoes our trace number " +
                                     std::string(trace) + ")");
    }
    a.general.serviceType = "30";
    a.visit.serviceType = std::string(serviceType);
  }
  a.summaryJson = summaryJson(a, payer, eligibilityBegin, eligibilityEnd);
  return a;
}

}  // namespace medoffice::codecs
