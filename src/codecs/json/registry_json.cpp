// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/registry_json.hpp"

#include "codecs/json/record_json.hpp"

namespace medoffice::codecs {

using domain::Error;
using domain::FieldErrors;
using nlohmann::json;

namespace {

void readMetaIgnored(ObjectReader& r) {
  ignoreRecordMeta(r);
  r.ignore({"resource_type"});
}

domain::Address readAddress(ObjectReader& r, const char* key) {
  domain::Address a;
  r.object(key, [&](ObjectReader& in) {
    a.line1 = in.str("line1");
    a.line2 = in.str("line2");
    a.city = in.str("city");
    a.state = in.str("state");
    a.postalCode = in.str("postal_code");
  });
  return a;
}

void writeAddress(JsonWriter& w, std::string_view key, const domain::Address& a) {
  w.key(key);
  if (a.empty()) {
    w.null();
    return;
  }
  w.beginObject()
      .member("line1", a.line1)
      .key("line2")
      .optional(a.line2)
      .member("city", a.city)
      .member("state", a.state)
      .member("postal_code", a.postalCode)
      .endObject();
}

void writeOptDate(JsonWriter& w, std::string_view key, const std::optional<domain::Date>& d) {
  w.key(key);
  if (d) {
    w.value(d->toString());
  } else {
    w.null();
  }
}

}  // namespace

domain::Result<domain::Organization> decodeOrganization(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  readMetaIgnored(r);
  domain::Organization o;
  o.legalName = r.str("legal_name");
  o.npi = r.str("npi");
  o.tin = r.str("tin");
  o.taxonomy = r.str("taxonomy");
  o.phone = r.str("phone");
  o.billingAddress = readAddress(r, "billing_address");
  o.active = r.boolean("active", true);
  return finish(r, e, std::move(o));
}

void write(JsonWriter& w, const domain::Organization& o) {
  w.beginObject()
      .member("id", o.id.value)
      .member("legal_name", o.legalName)
      .member("npi", o.npi)
      .member("tin", o.tin)
      .key("taxonomy")
      .optional(o.taxonomy)
      .key("phone")
      .optional(o.phone);
  writeAddress(w, "billing_address", o.billingAddress);
  w.member("active", o.active);
  writeMeta(w, o.meta);
  w.endObject();
}

domain::Result<domain::Location> decodeLocation(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  readMetaIgnored(r);
  r.ignore({"active"});
  domain::Location l;
  l.name = r.str("name");
  l.address = readAddress(r, "address");
  l.placeOfService = r.str("place_of_service");
  l.timeZone = r.str("time_zone");
  l.phone = r.str("phone");
  return finish(r, e, std::move(l));
}

void write(JsonWriter& w, const domain::Location& l) {
  w.beginObject()
      .member("id", l.id.value)
      .member("organization_id", l.organizationId.value)
      .member("name", l.name);
  writeAddress(w, "address", l.address);
  w.member("place_of_service", l.placeOfService)
      .member("time_zone", l.timeZone)
      .key("phone")
      .optional(l.phone)
      .member("active", l.active);
  writeMeta(w, l.meta);
  w.endObject();
}

domain::Result<domain::Provider> decodeProvider(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  readMetaIgnored(r);
  r.ignore({"active"});
  domain::Provider p;
  p.familyName = r.str("family_name");
  p.givenName = r.str("given_name");
  p.credentials = r.str("credentials");
  p.npi = r.str("npi");
  p.taxonomy = r.str("taxonomy");
  p.specialty = r.str("specialty");
  for (auto id : r.idArray("location_ids")) p.locationIds.emplace_back(id);
  return finish(r, e, std::move(p));
}

void write(JsonWriter& w, const domain::Provider& p) {
  w.beginObject()
      .member("id", p.id.value)
      .member("organization_id", p.organizationId.value)
      .member("family_name", p.familyName)
      .member("given_name", p.givenName)
      .key("credentials")
      .optional(p.credentials)
      .member("npi", p.npi)
      .key("taxonomy")
      .optional(p.taxonomy)
      .key("specialty")
      .optional(p.specialty);
  writeIds(w, "location_ids", p.locationIds);
  w.member("active", p.active);
  writeMeta(w, p.meta);
  w.endObject();
}

domain::Result<domain::Payer> decodePayer(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  readMetaIgnored(r);
  r.ignore({"active"});
  domain::Payer p;
  p.name = r.str("name");
  p.x12PayerId = r.str("x12_payer_id");
  p.claimFilingIndicator = r.str("claim_filing_indicator");
  if (auto d = r.integer("timely_filing_days", 1, 3650)) p.timelyFilingDays = static_cast<int>(*d);
  p.phone = r.str("phone");
  p.address = readAddress(r, "address");
  return finish(r, e, std::move(p));
}

void write(JsonWriter& w, const domain::Payer& p) {
  w.beginObject()
      .member("id", p.id.value)
      .member("organization_id", p.organizationId.value)
      .member("name", p.name)
      .member("x12_payer_id", p.x12PayerId)
      .member("claim_filing_indicator", p.claimFilingIndicator)
      .member("timely_filing_days", p.timelyFilingDays)
      .key("phone")
      .optional(p.phone);
  writeAddress(w, "address", p.address);
  w.member("active", p.active);
  writeMeta(w, p.meta);
  w.endObject();
}

domain::Result<domain::Coverage> decodeCoverage(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  readMetaIgnored(r);
  r.ignore({"active"});
  domain::Coverage c;
  if (auto v = r.integer("patient_id", 1, INT64_MAX)) c.patientId = domain::PatientId(*v);
  if (auto v = r.integer("payer_id", 1, INT64_MAX)) c.payerId = domain::PayerId(*v);
  c.memberId = r.str("member_id");
  c.groupNumber = r.str("group_number");
  c.planName = r.str("plan_name");
  std::string priority = r.str("priority");
  if (priority.empty()) {
    c.priority = domain::CoveragePriority::kPrimary;
  } else if (auto p = domain::parseCoveragePriority(priority)) {
    c.priority = *p;
  } else {
    e.add("priority", "must be primary, secondary or tertiary");
  }
  if (auto d = r.date("effective_date")) {
    c.effectiveDate = *d;
  } else if (!r.has("effective_date")) {
    e.add("effective_date", "is required");
  }
  c.endDate = r.date("end_date");
  if (auto v = r.integer("copay_cents", 0, 1'000'000)) c.copay = domain::Money::fromCents(*v);
  r.object("subscriber", [&](ObjectReader& s) {
    std::string rel = s.str("relationship");
    if (!rel.empty()) {
      if (auto code = domain::parseRelationship(rel)) {
        c.relationship = *code;
      } else {
        e.add("subscriber.relationship",
              "must be self, spouse, child, employee, life_partner, other, unknown or an X12 code");
      }
    }
    c.subscriber.familyName = s.str("family_name");
    c.subscriber.givenName = s.str("given_name");
    c.subscriber.birthDate = s.date("birth_date");
    c.subscriber.sex = s.str("sex");
    c.subscriber.address = readAddress(s, "address");
  });
  return finish(r, e, std::move(c));
}

void write(JsonWriter& w, const domain::Coverage& c) {
  w.beginObject()
      .member("id", c.id.value)
      .member("organization_id", c.organizationId.value)
      .member("patient_id", c.patientId.value)
      .member("payer_id", c.payerId.value)
      .member("member_id", c.memberId)
      .key("group_number")
      .optional(c.groupNumber)
      .key("plan_name")
      .optional(c.planName)
      .key("subscriber")
      .beginObject()
      .member("relationship", c.relationship);
  if (c.relationship != "18") {
    w.member("family_name", c.subscriber.familyName).member("given_name", c.subscriber.givenName);
    writeOptDate(w, "birth_date", c.subscriber.birthDate);
    w.key("sex").optional(c.subscriber.sex);
    writeAddress(w, "address", c.subscriber.address);
  }
  w.endObject()
      .member("priority", toString(c.priority))
      .member("effective_date", c.effectiveDate.toString());
  writeOptDate(w, "end_date", c.endDate);
  w.member("copay_cents", c.copay.cents()).member("active", c.active);
  writeMeta(w, c.meta);
  w.endObject();
}

domain::Result<domain::Patient> decodePatient(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  readMetaIgnored(r);
  r.ignore({"mrn", "status", "merged_into_id", "possible_duplicates", "account_id"});
  domain::Patient p;
  p.familyName = r.str("family_name");
  p.givenName = r.str("given_name");
  p.middleName = r.str("middle_name");
  if (auto d = r.date("birth_date")) {
    p.birthDate = *d;
  } else if (!r.has("birth_date")) {
    e.add("birth_date", "is required");
  }
  p.sex = r.str("sex");
  p.phone = r.str("phone");
  p.email = r.str("email");
  p.address = readAddress(r, "address");
  p.preferredLanguage = r.str("preferred_language");
  r.object("contact_preferences", [&](ObjectReader& c) {
    std::string ch = c.str("preferred_channel");
    if (!ch.empty()) p.contactPreferences.preferredChannel = ch;
    p.contactPreferences.allowSms = c.boolean("allow_sms", true);
    p.contactPreferences.allowEmail = c.boolean("allow_email", true);
    p.contactPreferences.allowVoice = c.boolean("allow_voice", true);
    p.contactPreferences.allowMail = c.boolean("allow_mail", true);
  });
  r.object("emergency_contact", [&](ObjectReader& c) {
    p.emergencyContact.name = c.str("name");
    p.emergencyContact.relationship = c.str("relationship");
    p.emergencyContact.phone = c.str("phone");
  });
  r.object("guarantor", [&](ObjectReader& g) {
    std::string rel = g.str("relationship");
    if (!rel.empty()) p.guarantor.relationship = rel;
    p.guarantor.familyName = g.str("family_name");
    p.guarantor.givenName = g.str("given_name");
    p.guarantor.birthDate = g.date("birth_date");
    p.guarantor.phone = g.str("phone");
    p.guarantor.address = readAddress(g, "address");
  });
  return finish(r, e, std::move(p));
}

void write(JsonWriter& w, const domain::Patient& p) {
  const auto& c = p.contactPreferences;
  w.beginObject()
      .member("id", p.id.value)
      .member("organization_id", p.organizationId.value)
      .member("mrn", p.mrn)
      .member("family_name", p.familyName)
      .member("given_name", p.givenName)
      .key("middle_name")
      .optional(p.middleName)
      .member("birth_date", p.birthDate.toString())
      .member("sex", p.sex)
      .key("phone")
      .optional(p.phone)
      .key("email")
      .optional(p.email);
  writeAddress(w, "address", p.address);
  w.member("preferred_language", p.preferredLanguage)
      .key("contact_preferences")
      .beginObject()
      .member("preferred_channel", c.preferredChannel)
      .member("allow_sms", c.allowSms)
      .member("allow_email", c.allowEmail)
      .member("allow_voice", c.allowVoice)
      .member("allow_mail", c.allowMail)
      .endObject()
      .key("emergency_contact");
  if (p.emergencyContact.empty()) {
    w.null();
  } else {
    w.beginObject()
        .member("name", p.emergencyContact.name)
        .key("relationship")
        .optional(p.emergencyContact.relationship)
        .member("phone", p.emergencyContact.phone)
        .endObject();
  }
  w.key("guarantor").beginObject().member("relationship", p.guarantor.relationship);
  if (p.guarantor.relationship != "self") {
    w.member("family_name", p.guarantor.familyName).member("given_name", p.guarantor.givenName);
    writeOptDate(w, "birth_date", p.guarantor.birthDate);
    w.key("phone").optional(p.guarantor.phone);
    writeAddress(w, "address", p.guarantor.address);
  }
  w.endObject().member("status", toString(p.status)).key("merged_into_id");
  if (p.mergedInto.valid()) {
    w.value(p.mergedInto.value);
  } else {
    w.null();
  }
  w.key("account_id");
  if (p.accountId.valid()) {
    w.value(p.accountId.value);
  } else {
    w.null();
  }
  writeMeta(w, p.meta);
  w.endObject();
}

void write(JsonWriter& w, const domain::DuplicateCandidate& d) {
  w.beginObject()
      .member("id", d.id.value)
      .member("mrn", d.mrn)
      .member("reason", d.reason)
      .endObject();
}

void write(JsonWriter& w, const app::PatientMerge& m) {
  w.beginObject()
      .member("target_id", m.target.value)
      .member("source_id", m.source.value)
      .member("source_mrn", m.sourceMrn)
      .member("coverages_moved", m.coveragesMoved)
      .member("merged_at", m.mergedAt.toString())
      .endObject();
}

std::string withMembers(std::string object, std::string_view members) {
  if (members.empty()) return object;
  // `object` comes from a JsonWriter, so it ends with the closing brace.
  object.pop_back();
  if (object.size() > 1) object.push_back(',');
  object.append(members);
  object.push_back('}');
  return object;
}

void mergePatch(json& target, const json& patch) {
  if (!patch.is_object()) {
    target = patch;
    return;
  }
  if (!target.is_object()) target = json::object();
  for (const auto& [k, v] : patch.items()) {
    if (v.is_null()) {
      target.erase(k);
    } else {
      mergePatch(target[k], v);
    }
  }
}

}  // namespace medoffice::codecs
