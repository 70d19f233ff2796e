// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/remittances/x12_remittance_formats.hpp"

#include <nlohmann/json.hpp>

#include "codecs/json/json_writer.hpp"
#include "codecs/x12/problem.hpp"

namespace medoffice::codecs {

using domain::Money;
namespace rem = domain::remittances;

namespace {

std::vector<rem::Adjustment> adjustmentsOf(const std::vector<x12::Adjustment835>& in) {
  std::vector<rem::Adjustment> out;
  out.reserve(in.size());
  for (const auto& a : in) {
    out.push_back({a.group.code, a.reason.code, Money::fromCents(a.amountCents)});
  }
  return out;
}

/// Balance problems as field errors: "claim 2 line 1", "transaction"; prefixed with the
/// transaction set when the file holds several.
void addProblems(std::vector<domain::FieldError>& out, const std::vector<x12::BalanceProblem>& ps,
                 std::size_t transaction, bool several) {
  for (const auto& p : ps) {
    if (out.size() >= 50) return;
    std::string field = several ? "transaction set " + std::to_string(transaction + 1) + " " : "";
    if (p.claimIndex) {
      field += "claim " + std::to_string(*p.claimIndex + 1);
      if (p.lineIndex) field += " line " + std::to_string(*p.lineIndex + 1);
    } else {
      field += "transaction";
    }
    out.push_back({std::move(field), "does not balance: " + p.message});
  }
}

class X12Cursor final : public app::RemittanceCursor {
 public:
  explicit X12Cursor(std::string_view input) : reader_(input) {
    reader_.onClaim([this](const x12::Remittance& r, const x12::Claim835& c, std::size_t k) {
      if (!error_.ok() || fn_ == nullptr) return;
      if (!headerReady_) {
        header_ = remittanceHeader(r, transaction_);
        headerReady_ = true;
      }
      error_ = (*fn_)(header_, adjudicatedClaim(c, k));
    });
  }

  domain::Result<std::optional<rem::RemittanceHeader>> next(const ClaimFn& onClaim) override {
    fn_ = &onClaim;
    error_ = {};
    headerReady_ = false;
    const x12::Remittance* r = reader_.next();
    fn_ = nullptr;
    if (!error_.ok()) return error_.error();
    if (r == nullptr) {
      if (reader_.problem()) return x12::toError(*reader_.problem());
      return std::optional<rem::RemittanceHeader>{};
    }
    auto header = remittanceHeader(*r, transaction_++);
    return std::optional<rem::RemittanceHeader>(std::move(header));
  }

 private:
  x12::Era835Reader reader_;
  const ClaimFn* fn_ = nullptr;
  domain::Status error_;
  rem::RemittanceHeader header_;
  bool headerReady_ = false;
  std::size_t transaction_ = 0;
};

std::string dateText(const std::optional<domain::Date>& d) {
  return d ? d->toString() : std::string();
}

std::optional<domain::Date> dateOf(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return domain::Date::parse(it->get<std::string>());
}

void writeAdjustments(JsonWriter& w, const std::vector<rem::Adjustment>& as) {
  w.key("cas").beginArray();
  for (const auto& a : as) {
    w.beginArray().value(a.group).value(a.reason).value(a.amount.cents()).endArray();
  }
  w.endArray();
}

std::vector<rem::Adjustment> readAdjustments(const nlohmann::json& j) {
  std::vector<rem::Adjustment> out;
  for (const auto& a : j.at("cas")) {
    out.push_back({a.at(0).get<std::string>(), a.at(1).get<std::string>(),
                   Money::fromCents(a.at(2).get<std::int64_t>())});
  }
  return out;
}

std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end()) return out;
  for (const auto& s : *it) out.push_back(s.get<std::string>());
  return out;
}

void writeStrings(JsonWriter& w, std::string_view key, const std::vector<std::string>& v) {
  w.key(key).beginArray();
  for (const auto& s : v) w.value(s);
  w.endArray();
}

}  // namespace

rem::AdjudicatedClaim adjudicatedClaim(const x12::Claim835& c, std::size_t index) {
  rem::AdjudicatedClaim out;
  out.position = index;
  out.patientControlNumber = c.patientControlNumber;
  out.status = c.status.code;
  out.charge = Money::fromCents(c.chargeCents);
  out.paid = Money::fromCents(c.paidCents);
  out.patientResponsibility = Money::fromCents(c.patientResponsibilityCents.value_or(0));
  out.filingIndicator = c.filingIndicator;
  out.payerClaimNumber = c.payerClaimControlNumber;
  out.adjustments = adjustmentsOf(c.adjustments);
  out.remarks = c.remarks();
  out.received = c.received;
  out.lines.reserve(c.lines.size());
  for (const auto& l : c.lines) {
    rem::AdjudicatedLine line;
    const auto& billed = l.billedProcedure();
    line.lineControlNumber = l.lineControlNumber;
    line.code = billed.code;
    line.modifiers = billed.modifiers;
    line.adjudicated = l.procedure.display();
    line.charge = Money::fromCents(l.chargeCents);
    line.paid = Money::fromCents(l.paidCents);
    line.unitsMilli = l.originalUnits.value_or(l.unitsPaid.value_or(1000));
    line.paidUnitsMilli = l.unitsPaid.value_or(1000);
    line.serviceDate = l.serviceDate ? l.serviceDate : l.serviceFrom;
    line.adjustments = adjustmentsOf(l.adjustments);
    line.remarks = l.remarks;
    if (auto allowed = l.allowedCents()) line.allowed = Money::fromCents(*allowed);
    out.lines.push_back(std::move(line));
  }
  return out;
}

rem::RemittanceHeader remittanceHeader(const x12::Remittance& r, std::size_t transaction) {
  rem::RemittanceHeader h;
  h.transaction = transaction;
  h.controlNumber = r.envelope.transactionControl;
  h.payerKey = r.payer.payerId();
  if (h.payerKey.empty()) h.payerKey = r.trace.payerId;
  h.payerName = r.payer.name;
  h.traceNumber = r.trace.number;
  h.payment = Money::fromCents(r.payment.amountCents);
  h.paymentMethod = r.payment.method.code;
  h.handling = r.payment.handling.code;
  h.paymentDate = r.payment.date;
  h.productionDate = r.productionDate;
  h.payeeName = r.payee.name;
  h.payeeNpi = r.payee.npi();
  h.payeeTaxId = r.payee.taxId();
  for (const auto& p : r.providerAdjustments) {
    h.providerAdjustments.push_back({p.providerId, p.fiscalPeriodEnd, p.reason.code, p.reference,
                                     Money::fromCents(p.amountCents)});
  }
  return h;
}

domain::Status X12RemittanceFormats::check(std::string_view input) {
  x12::Era835Reader reader(input);
  std::vector<x12::BalanceProblem> claimProblems;
  std::vector<domain::FieldError> fields;
  std::size_t transaction = 0;
  std::uint64_t sets = 0;
  reader.onClaim([&](const x12::Remittance&, const x12::Claim835& c, std::size_t k) {
    if (claimProblems.size() < 50) x12::checkClaimBalance(c, k, claimProblems);
  });
  // Problems are named per transaction set once the file's count is known.
  std::vector<std::pair<std::size_t, std::vector<x12::BalanceProblem>>> found;
  while (const x12::Remittance* r = reader.next()) {
    auto problems = std::move(claimProblems);
    claimProblems.clear();
    if (auto t = x12::checkTransactionBalance(*r)) problems.push_back(std::move(*t));
    if (!problems.empty()) found.emplace_back(transaction, std::move(problems));
    ++transaction;
    ++sets;
  }
  if (reader.problem()) {
    domain::Error e = x12::toError(*reader.problem());
    if (e.code == domain::ErrorCode::kUnsupported) {
      e.message = "The X12 input is not a 5010 835 remittance advice.";
    }
    return e;
  }
  if (sets == 0) {
    return domain::Error::invalidField("body", "holds no 835 transaction set");
  }
  for (const auto& [t, ps] : found) addProblems(fields, ps, t, sets > 1);
  if (!fields.empty()) {
    domain::Error e = domain::Error::invalid(std::move(fields));
    e.message = "The remittance does not balance; nothing of the file was posted.";
    return e;
  }
  return {};
}

std::unique_ptr<app::RemittanceCursor> X12RemittanceFormats::open(std::string_view input) {
  return std::make_unique<X12Cursor>(input);
}

std::string X12RemittanceFormats::adjudicationText(const rem::AdjudicatedClaim& c) {
  JsonWriter w;
  w.beginObject()
      .member("status", c.status)
      .member("charge", c.charge.cents())
      .member("paid", c.paid.cents())
      .member("patient_responsibility", c.patientResponsibility.cents())
      .member("filing", c.filingIndicator)
      .member("icn", c.payerClaimNumber)
      .member("received", dateText(c.received));
  writeAdjustments(w, c.adjustments);
  writeStrings(w, "remarks", c.remarks);
  w.key("lines").beginArray();
  for (const auto& l : c.lines) {
    w.beginObject()
        .member("lcn", l.lineControlNumber)
        .member("code", l.code)
        .member("adjudicated", l.adjudicated)
        .member("charge", l.charge.cents())
        .member("paid", l.paid.cents())
        .member("units_milli", l.unitsMilli)
        .member("paid_units_milli", l.paidUnitsMilli)
        .member("date", dateText(l.serviceDate));
    writeStrings(w, "modifiers", l.modifiers);
    writeAdjustments(w, l.adjustments);
    writeStrings(w, "remarks", l.remarks);
    if (l.allowed) w.member("allowed", l.allowed->cents());
    w.endObject();
  }
  w.endArray().endObject();
  return w.take();
}

domain::Result<rem::AdjudicatedClaim> X12RemittanceFormats::adjudication(std::string_view text) {
  try {
    const auto j = nlohmann::json::parse(text);
    rem::AdjudicatedClaim c;
    c.status = j.at("status").get<std::string>();
    c.charge = Money::fromCents(j.at("charge").get<std::int64_t>());
    c.paid = Money::fromCents(j.at("paid").get<std::int64_t>());
    c.patientResponsibility = Money::fromCents(j.at("patient_responsibility").get<std::int64_t>());
    c.filingIndicator = j.at("filing").get<std::string>();
    c.payerClaimNumber = j.at("icn").get<std::string>();
    c.received = dateOf(j, "received");
    c.adjustments = readAdjustments(j);
    c.remarks = strings(j, "remarks");
    for (const auto& l : j.at("lines")) {
      rem::AdjudicatedLine line;
      line.lineControlNumber = l.at("lcn").get<std::string>();
      line.code = l.at("code").get<std::string>();
      line.adjudicated = l.at("adjudicated").get<std::string>();
      line.charge = Money::fromCents(l.at("charge").get<std::int64_t>());
      line.paid = Money::fromCents(l.at("paid").get<std::int64_t>());
      line.unitsMilli = l.at("units_milli").get<std::int64_t>();
      line.paidUnitsMilli = l.at("paid_units_milli").get<std::int64_t>();
      line.serviceDate = dateOf(l, "date");
      line.modifiers = strings(l, "modifiers");
      line.adjustments = readAdjustments(l);
      line.remarks = strings(l, "remarks");
      if (l.contains("allowed"))
        line.allowed = Money::fromCents(l.at("allowed").get<std::int64_t>());
      c.lines.push_back(std::move(line));
    }
    return c;
  } catch (const std::exception& e) {
    return domain::Error::internal(std::string("a stored adjudication cannot be read: ") +
                                   e.what());
  }
}

}  // namespace medoffice::codecs
