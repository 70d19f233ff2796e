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
  // Streamed: each transaction is looked at while the reader holds it (copying a long 271 out
  // cost more than reading it), and the input is read to its end so that every envelope rule
  // applies to the whole of it.
  x12::Eligibility271Reader reader(bytes);
  app::EligibilityAnswer a;
  std::optional<app::EligibilityAnswer> found;  // the member echoing our trace
  std::optional<app::EligibilityAnswer> only;   // the only member, when it echoes no trace
  std::vector<std::string> refusals;            // AAA of payer and provider levels
  bool refusalRetryable = false;
  std::string refusingPayerName;
  std::string refusingPayerId;
  std::size_t members = 0;
  std::size_t transactions = 0;

  auto answerFor = [&](const x12::Eligibility271& t, const x12::Subscriber271& m) {
    app::EligibilityAnswer out;
    const x12::Party271* payer = nullptr;
    auto add = [&](const std::vector<x12::Rejection271>& rs) {
      for (const auto& r : rs) {
        out.rejections.push_back(r.describe());
        if (retryable(r)) out.retryable = true;
      }
    };
    if (m.receiver < t.receivers.size()) {
      const auto& receiver = t.receivers[m.receiver];
      if (receiver.parent < t.sources.size()) {
        payer = &t.sources[receiver.parent];
        add(payer->rejections);
      }
      add(receiver.rejections);
    }
    add(m.rejections);
    const x12::EligibilitySummary s = x12::summarize(m, serviceType);
    using Cov = app::EligibilityAnswer::Coverage;
    out.coverage = s.coverage == x12::Coverage::kActive     ? Cov::kActive
                   : s.coverage == x12::Coverage::kInactive ? Cov::kInactive
                                                            : Cov::kUnknown;
    out.memberId = m.memberId;
    out.planName = s.planName;
    out.groupNumber = s.groupNumber;
    out.groupName = s.groupName;
    out.planBegin = m.planBegin;
    out.planEnd = m.planEnd;
    out.general = toApp(s.general);
    out.visit = toApp(s.visit);
    out.summaryJson = summaryJson(out, payer, m.eligibilityBegin, m.eligibilityEnd);
    return out;
  };

  while (const x12::Eligibility271* t = reader.next()) {
    ++transactions;
    for (const auto& m : t->members) {
      ++members;
      if (!found && m.trace == trace) found = answerFor(*t, m);
      if (m.trace.empty()) only = answerFor(*t, m);
    }
    for (const auto& p : t->sources) {
      if (!p.rejections.empty() && refusingPayerName.empty()) {
        refusingPayerName = p.name;
        refusingPayerId = p.id;
      }
      for (const auto& r : p.rejections) {
        refusals.push_back(r.describe());
        if (retryable(r)) refusalRetryable = true;
      }
    }
    for (const auto& p : t->receivers) {
      for (const auto& r : p.rejections) {
        refusals.push_back(r.describe());
        if (retryable(r)) refusalRetryable = true;
      }
    }
  }
  if (reader.problem()) {
    Error e = x12::toError(*reader.problem());
    e.code = domain::ErrorCode::kInvalid;
    return e;
  }
  if (transactions == 0) return Error::invalidField("body", "holds no 271 transaction");
  if (found) return std::move(*found);
  if (only && members == 1) return std::move(*only);

  // No member answers: the payer may have refused the request as a whole, at its own level or
  // the provider's (an AAA under 2100A or 2100B, with no subscriber level at all).
  if (refusals.empty()) {
    return Error::invalidField(
        "body", members == 0 ? "answers no member and gives no reason"
                             : "answers another request (no member echoes our trace number " +
                                   std::string(trace) + ")");
  }
  a.rejections = std::move(refusals);
  a.retryable = refusalRetryable;
  a.general.serviceType = "30";
  a.visit.serviceType = std::string(serviceType);
  x12::Party271 payer;
  payer.name = refusingPayerName;
  payer.id = refusingPayerId;
  a.summaryJson =
      summaryJson(a, refusingPayerName.empty() && refusingPayerId.empty() ? nullptr : &payer,
                  std::nullopt, std::nullopt);
  return a;
}

}  // namespace medoffice::codecs
