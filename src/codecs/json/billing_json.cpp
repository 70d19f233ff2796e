// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/billing_json.hpp"

#include <charconv>

#include "codecs/json/record_json.hpp"
#include "codecs/json/registry_json.hpp"

namespace medoffice::codecs {

using domain::FieldErrors;
using nlohmann::json;

namespace {

constexpr std::int64_t kMaxCents = std::int64_t{1} << 53;

void money(JsonWriter& w, std::string_view key, domain::Money m) {
  w.member(std::string(key) + "_cents", m.cents()).member(key, m.toString());
}

std::vector<int> intArray(const json& j, const std::string& field, FieldErrors& e) {
  std::vector<int> out;
  if (!j.is_array()) {
    e.add(field, "must be an array of integers");
    return out;
  }
  if (j.size() > 12) {
    e.add(field, "has too many entries");
    return out;
  }
  for (std::size_t k = 0; k < j.size(); ++k) {
    if (!j[k].is_number_integer()) {
      e.add(field + "[" + std::to_string(k) + "]", "must be an integer");
      continue;
    }
    const auto v = j[k].get<std::int64_t>();
    out.push_back(v < -1000 || v > 1000 ? -1 : static_cast<int>(v));
  }
  return out;
}

domain::ChargeLine decodeLine(const json& j, const std::string& at, FieldErrors& e) {
  domain::ChargeLine l;
  if (!j.is_object()) {
    e.add(at, "must be an object");
    return l;
  }
  ObjectReader r(j, e, at + ".");
  r.ignore({"line_number", "fee_from_schedule", "charge", "status", "balance", "revision",
            "description"});
  l.id = domain::ChargeLineId(r.integer("id", 1, INT64_MAX).value_or(0));
  l.code = r.str("code");
  l.modifiers = r.strArray("modifiers");
  l.units = static_cast<int>(r.integer("units", 1, 9999).value_or(r.has("units") ? 0 : 1));
  r.ignore({"diagnosis_pointers"});
  if (j.contains("diagnosis_pointers") && !j["diagnosis_pointers"].is_null()) {
    l.diagnosisPointers = intArray(j["diagnosis_pointers"], at + ".diagnosis_pointers", e);
  }
  if (auto c = r.integer("charge_cents", 1, kMaxCents)) l.charge = domain::Money::fromCents(*c);
  r.ignore({"ndc"});
  if (j.contains("ndc") && !j["ndc"].is_null()) {
    const json& n = j["ndc"];
    if (!n.is_object()) {
      e.add(at + ".ndc", "must be an object");
    } else {
      ObjectReader nr(n, e, at + ".ndc.");
      domain::NdcDetail d;
      d.code = nr.str("code");
      d.unit = nr.str("unit");
      nr.ignore({"quantity"});
      if (!n.contains("quantity")) {
        e.add(at + ".ndc.quantity", "is required");
      } else if (auto q = parseMilli(n["quantity"])) {
        d.quantityMilli = *q;
      } else {
        e.add(at + ".ndc.quantity", "must be a number with at most 3 decimals");
      }
      nr.finish();
      l.ndc = d;
    }
  }
  l.placeOfService = r.str("place_of_service");
  l.renderingProviderId =
      domain::ProviderId(r.integer("rendering_provider_id", 1, INT64_MAX).value_or(0));
  l.dateOfService = r.date("date_of_service");
  r.finish();
  return l;
}

std::optional<domain::Responsibility> placeOf(ObjectReader& r, const char* key, FieldErrors& e) {
  const std::string v = r.str(key);
  if (v.empty()) return std::nullopt;
  auto p = domain::parseResponsibility(v);
  if (!p) e.add(key, "must be primary, secondary, tertiary or patient");
  return p;
}

}  // namespace

std::vector<AllocationInput> decodeAllocations(const json& body, domain::FieldErrors& e) {
  std::vector<AllocationInput> out;
  auto it = body.find("allocations");
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array() || it->size() > 200) {
    e.add("allocations", "must be an array of at most 200 {line_id, amount_cents}");
    return out;
  }
  for (std::size_t k = 0; k < it->size(); ++k) {
    const auto& item = (*it)[k];
    const std::string at = "allocations[" + std::to_string(k) + "]";
    if (!item.is_object()) {
      e.add(at, "must be an object");
      continue;
    }
    ObjectReader r(item, e, at + ".");
    AllocationInput m;
    m.line = domain::ChargeLineId(r.integer("line_id", 1, INT64_MAX).value_or(0));
    if (!m.line.valid() && !r.has("line_id")) e.add(at + ".line_id", "is required");
    if (auto c = r.integer("amount_cents", 1, domain::kMaxLedgerCents)) {
      m.amount = domain::Money::fromCents(*c);
    } else if (!r.has("amount_cents")) {
      e.add(at + ".amount_cents", "is required");
    }
    m.payment = domain::PaymentId(r.integer("payment_id", 1, INT64_MAX).value_or(0));
    r.finish();
    out.push_back(m);
  }
  return out;
}

std::optional<std::int64_t> parseMilli(const json& v) {
  std::string text;
  if (v.is_number_integer() || v.is_number_unsigned() || v.is_number_float()) {
    text = v.dump();
  } else if (v.is_string()) {
    text = v.get<std::string>();
  } else {
    return std::nullopt;
  }
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 9 || frac.size() > 3) return std::nullopt;
  for (char c : whole + frac) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  frac.resize(3, '0');
  std::int64_t w = 0, f = 0;
  std::from_chars(whole.data(), whole.data() + whole.size(), w);
  std::from_chars(frac.data(), frac.data() + frac.size(), f);
  return w * 1000 + f;
}

domain::Result<EncounterInput> decodeEncounter(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"account_id", "status", "corrections", "finalized_at", "finalized_by", "total_charge",
            "total_charge_cents", "warnings", "diagnoses", "lines", "coverages"});
  EncounterInput in;
  auto& enc = in.encounter;
  enc.patientId = domain::PatientId(r.integer("patient_id", 1, INT64_MAX).value_or(0));
  enc.providerId = domain::ProviderId(r.integer("provider_id", 1, INT64_MAX).value_or(0));
  enc.locationId = domain::LocationId(r.integer("location_id", 1, INT64_MAX).value_or(0));
  enc.appointmentId = domain::AppointmentId(r.integer("appointment_id", 1, INT64_MAX).value_or(0));
  in.dateGiven = r.has("date_of_service");
  if (auto d = r.date("date_of_service")) enc.dateOfService = *d;
  if (j.contains("diagnoses") && !j["diagnoses"].is_null()) {
    const json& d = j["diagnoses"];
    if (!d.is_array()) {
      e.add("diagnoses", "must be an array of ICD-10-CM codes");
    } else if (d.size() > 12) {
      e.add("diagnoses", "has more than 12 entries");
    } else {
      for (std::size_t k = 0; k < d.size(); ++k) {
        if (!d[k].is_string() || d[k].get_ref<const std::string&>().size() > 10) {
          e.add("diagnoses[" + std::to_string(k) + "]", "must be an ICD-10-CM code such as E11.9");
        } else {
          enc.diagnoses.push_back(d[k].get<std::string>());
        }
      }
    }
  }
  if (j.contains("lines") && !j["lines"].is_null()) {
    const json& lines = j["lines"];
    if (!lines.is_array()) {
      e.add("lines", "must be an array of charge lines");
    } else if (lines.size() > domain::kMaxLines) {
      e.add("lines", "has more than 50 entries");
    } else {
      for (std::size_t k = 0; k < lines.size(); ++k) {
        enc.lines.push_back(decodeLine(lines[k], "lines[" + std::to_string(k) + "]", e));
      }
    }
  }
  return finish(r, e, std::move(in));
}

domain::Result<domain::GuarantorAccount> decodeAccount(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  ignoreRecordMeta(r);
  r.ignore({"display_name", "balance", "members", "address"});
  domain::GuarantorAccount a;
  a.familyName = r.str("family_name");
  a.givenName = r.str("given_name");
  a.birthDate = r.date("birth_date");
  a.phone = r.str("phone");
  a.guarantorPatientId =
      domain::PatientId(r.integer("guarantor_patient_id", 1, INT64_MAX).value_or(0));
  if (auto d = r.integer("statement_cycle_day", 1, 28)) a.statementCycleDay = static_cast<int>(*d);
  a.active = r.boolean("active", true);
  r.object("address", [&](ObjectReader& ar) {
    a.address.line1 = ar.str("line1");
    a.address.line2 = ar.str("line2");
    a.address.city = ar.str("city");
    a.address.state = ar.str("state");
    a.address.postalCode = ar.str("postal_code");
    ar.finish();
  });
  return finish(r, e, std::move(a));
}

domain::Result<domain::LedgerEntry> decodeLedgerEntry(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  domain::LedgerEntry x;
  const std::string kind = r.str("kind");
  if (auto k = domain::parseEntryKind(kind)) {
    x.kind = *k;
  } else {
    e.add("kind", kind.empty() ? "is required"
                               : "must be insurance_payment, contractual_adjustment, write_off, "
                                 "transfer or reversal");
  }
  x.lineId = domain::ChargeLineId(r.integer("line_id", 1, INT64_MAX).value_or(0));
  if (auto c = r.integer("amount_cents", 1, kMaxCents)) x.amount = domain::Money::fromCents(*c);
  x.from = placeOf(r, "from", e);
  x.to = placeOf(r, "to", e);
  x.reason = r.str("reason");
  if (x.reason.size() > 200) e.add("reason", "must have at most 200 characters");
  x.claimId = domain::ClaimId(r.integer("claim_id", 1, INT64_MAX).value_or(0));
  x.reverses = domain::LedgerEntryId(r.integer("reverses", 1, INT64_MAX).value_or(0));
  if (x.kind != domain::EntryKind::kReversal && !r.has("amount_cents") && e.empty()) {
    e.add("amount_cents", "is required (integer cents)");
  }
  return finish(r, e, std::move(x));
}

void write(JsonWriter& w, const domain::ChargeLine& l) {
  w.beginObject()
      .member("id", l.id.value)
      .member("line_number", l.lineNumber)
      .member("code", l.code)
      .key("modifiers")
      .beginArray();
  for (const auto& m : l.modifiers) w.value(m);
  w.endArray().member("units", l.units).key("diagnosis_pointers").beginArray();
  for (int p : l.diagnosisPointers) w.value(p);
  w.endArray().key("ndc");
  if (l.ndc) {
    const auto q = l.ndc->quantityMilli;
    std::string quantity = std::to_string(q / 1000);
    if (q % 1000 != 0) {
      std::string frac = std::to_string(1000 + q % 1000).substr(1);
      while (!frac.empty() && frac.back() == '0') frac.pop_back();
      quantity += "." + frac;
    }
    w.beginObject()
        .member("code", l.ndc->code)
        .member("unit", l.ndc->unit)
        .member("quantity", quantity)
        .endObject();
  } else {
    w.null();
  }
  w.key("place_of_service").optional(l.placeOfService);
  optionalId(w, "rendering_provider_id", l.renderingProviderId.value);
  w.key("date_of_service");
  if (l.dateOfService) {
    w.value(l.dateOfService->toString());
  } else {
    w.null();
  }
  money(w, "charge", l.charge);
  w.member("fee_from_schedule", l.feeFromSchedule).endObject();
}

void write(JsonWriter& w, const domain::Encounter& e) {
  w.beginObject()
      .member("id", e.id.value)
      .member("organization_id", e.organizationId.value)
      .member("patient_id", e.patientId.value)
      .member("provider_id", e.providerId.value)
      .member("location_id", e.locationId.value);
  optionalId(w, "appointment_id", e.appointmentId.value);
  w.member("account_id", e.accountId.value)
      .member("date_of_service", e.dateOfService.toString())
      .key("diagnoses")
      .beginArray();
  for (const auto& d : e.diagnoses) w.value(d);
  w.endArray().key("lines").beginArray();
  domain::Money total;
  for (const auto& l : e.lines) {
    write(w, l);
    total = total + l.charge;
  }
  w.endArray();
  money(w, "total_charge", total);
  w.member("status", domain::toString(e.status)).member("corrections", e.corrections);
  w.key("finalized_at");
  if (e.finalizedAt) {
    w.value(e.finalizedAt->toString());
  } else {
    w.null();
  }
  optionalId(w, "finalized_by", e.finalizedBy);
  // The coverages billed, fixed when the encounter was finalized.
  w.key("coverages").beginObject();
  const char* priorities[] = {"primary", "secondary", "tertiary"};
  for (std::size_t k = 0; k < e.coverages.size(); ++k)
    optionalId(w, priorities[k], e.coverages[k].value);
  w.endObject();
  writeMeta(w, e.meta);
  w.endObject();
}

void write(JsonWriter& w, const domain::GuarantorAccount& a) {
  w.beginObject()
      .member("id", a.id.value)
      .member("organization_id", a.organizationId.value)
      .member("family_name", a.familyName)
      .member("given_name", a.givenName)
      .member("display_name", a.displayName())
      .key("birth_date");
  if (a.birthDate) {
    w.value(a.birthDate->toString());
  } else {
    w.null();
  }
  w.key("phone").optional(a.phone).key("address").beginObject();
  w.member("line1", a.address.line1)
      .member("line2", a.address.line2)
      .member("city", a.address.city)
      .member("state", a.address.state)
      .member("postal_code", a.address.postalCode)
      .endObject();
  optionalId(w, "guarantor_patient_id", a.guarantorPatientId.value);
  w.key("statement_cycle_day");
  if (a.statementCycleDay) {
    w.value(*a.statementCycleDay);
  } else {
    w.null();
  }
  w.member("active", a.active);
  writeMeta(w, a.meta);
  w.endObject();
}

void write(JsonWriter& w, const domain::LedgerEntry& e) {
  w.beginObject()
      .member("id", e.id.value)
      .member("kind", domain::toString(e.kind))
      .member("account_id", e.accountId.value)
      .member("patient_id", e.patientId.value);
  optionalId(w, "encounter_id", e.encounterId.value);
  optionalId(w, "line_id", e.lineId.value);
  money(w, "amount", e.amount);
  w.key("from");
  if (e.from) {
    w.value(domain::toString(*e.from));
  } else {
    w.null();
  }
  w.key("to");
  if (e.to) {
    w.value(domain::toString(*e.to));
  } else {
    w.null();
  }
  optionalId(w, "payment_id", e.paymentId.value);
  optionalId(w, "claim_id", e.claimId.value);
  optionalId(w, "reverses", e.reverses.value);
  w.key("reason").optional(e.reason).key("effect").beginObject();
  for (std::size_t k = 0; k < domain::kResponsibilities; ++k) {
    w.member(std::string(domain::toString(static_cast<domain::Responsibility>(k))) + "_cents",
             e.effect.lineDelta[k].cents());
  }
  w.member("credit_cents", e.effect.creditDelta.cents()).endObject();
  optionalId(w, "posted_by", e.postedBy);
  w.member("posted_at", e.postedAt.toString()).endObject();
}

void write(JsonWriter& w, const domain::LineBalance& b) {
  w.beginObject();
  for (std::size_t k = 0; k < domain::kResponsibilities; ++k) {
    w.member(std::string(domain::toString(static_cast<domain::Responsibility>(k))) + "_cents",
             b.owed[k].cents());
  }
  w.member("insurance_cents", b.insurance().cents())
      .member("total_cents", b.total().cents())
      .endObject();
}

void write(JsonWriter& w, const app::AccountBalance& b) {
  w.beginObject()
      .member("account_id", b.accountId.value)
      .member("balance_cents", b.total().cents())
      .member("insurance_balance_cents", b.insurance.cents())
      .member("patient_balance_cents", b.patient.cents())
      .member("credit_cents", b.credit.cents())
      .member("patient_due_cents", b.patientDue().cents())
      .member("entries", b.entries)
      .key("last_entry_at");
  if (b.lastEntryAt) {
    w.value(b.lastEntryAt->toString());
  } else {
    w.null();
  }
  w.endObject();
}

void write(JsonWriter& w, const app::LedgerLine& l) {
  w.beginObject()
      .member("encounter_id", l.encounterId.value)
      .member("patient_id", l.patientId.value)
      .member("account_id", l.accountId.value)
      .member("revision", l.revision)
      .member("status", l.status)
      .key("line");
  write(w, l.line);
  w.key("balance");
  write(w, l.balance);
  w.endObject();
}

}  // namespace medoffice::codecs
