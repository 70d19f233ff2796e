// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/registry_json.hpp"

#include "codecs/json/json_reader.hpp"

namespace medoffice::codecs {

using domain::Error;
using domain::FieldErrors;
using nlohmann::json;

namespace {

void readMetaIgnored(ObjectReader& r) {
  r.ignore({"id", "organization_id", "version", "created_at", "updated_at", "resource_type"});
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

json encodeAddress(const domain::Address& a) {
  if (a.empty()) return nullptr;
  return {{"line1", a.line1},
          {"line2", a.line2.empty() ? json(nullptr) : json(a.line2)},
          {"city", a.city},
          {"state", a.state},
          {"postal_code", a.postalCode}};
}

json optString(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}
json optDate(const std::optional<domain::Date>& d) {
  return d ? json(d->toString()) : json(nullptr);
}

void addMeta(json& j, const domain::RecordMeta& m) {
  j["version"] = m.version;
  j["created_at"] = m.createdAt.toString();
  j["updated_at"] = m.updatedAt.toString();
}

template <class T>
domain::Result<T> finish(ObjectReader& r, FieldErrors& e, T value) {
  r.finish();
  if (!e.empty()) return e.toError();
  return value;
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

json encode(const domain::Organization& o) {
  json j = {{"id", o.id.value},
            {"legal_name", o.legalName},
            {"npi", o.npi},
            {"tin", o.tin},
            {"taxonomy", optString(o.taxonomy)},
            {"phone", optString(o.phone)},
            {"billing_address", encodeAddress(o.billingAddress)},
            {"active", o.active}};
  addMeta(j, o.meta);
  return j;
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

json encode(const domain::Location& l) {
  json j = {{"id", l.id.value},
            {"organization_id", l.organizationId.value},
            {"name", l.name},
            {"address", encodeAddress(l.address)},
            {"place_of_service", l.placeOfService},
            {"time_zone", l.timeZone},
            {"phone", optString(l.phone)},
            {"active", l.active}};
  addMeta(j, l.meta);
  return j;
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

json encode(const domain::Provider& p) {
  json locs = json::array();
  for (auto id : p.locationIds) locs.push_back(id.value);
  json j = {{"id", p.id.value},
            {"organization_id", p.organizationId.value},
            {"family_name", p.familyName},
            {"given_name", p.givenName},
            {"credentials", optString(p.credentials)},
            {"npi", p.npi},
            {"taxonomy", optString(p.taxonomy)},
            {"specialty", optString(p.specialty)},
            {"location_ids", std::move(locs)},
            {"active", p.active}};
  addMeta(j, p.meta);
  return j;
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

json encode(const domain::Payer& p) {
  json j = {{"id", p.id.value},
            {"organization_id", p.organizationId.value},
            {"name", p.name},
            {"x12_payer_id", p.x12PayerId},
            {"claim_filing_indicator", p.claimFilingIndicator},
            {"timely_filing_days", p.timelyFilingDays},
            {"phone", optString(p.phone)},
            {"address", encodeAddress(p.address)},
            {"active", p.active}};
  addMeta(j, p.meta);
  return j;
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

json encode(const domain::Coverage& c) {
  json sub = {{"relationship", c.relationship}};
  if (c.relationship != "18") {
    sub["family_name"] = c.subscriber.familyName;
    sub["given_name"] = c.subscriber.givenName;
    sub["birth_date"] = optDate(c.subscriber.birthDate);
    sub["sex"] = optString(c.subscriber.sex);
    sub["address"] = encodeAddress(c.subscriber.address);
  }
  json j = {{"id", c.id.value},
            {"organization_id", c.organizationId.value},
            {"patient_id", c.patientId.value},
            {"payer_id", c.payerId.value},
            {"member_id", c.memberId},
            {"group_number", optString(c.groupNumber)},
            {"plan_name", optString(c.planName)},
            {"subscriber", std::move(sub)},
            {"priority", std::string(toString(c.priority))},
            {"effective_date", c.effectiveDate.toString()},
            {"end_date", optDate(c.endDate)},
            {"copay_cents", c.copay.cents()},
            {"active", c.active}};
  addMeta(j, c.meta);
  return j;
}

domain::Result<domain::Patient> decodePatient(const json& j) {
  FieldErrors e;
  ObjectReader r(j, e);
  readMetaIgnored(r);
  r.ignore({"mrn", "status", "merged_into_id", "possible_duplicates"});
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

json encode(const domain::Patient& p) {
  const auto& c = p.contactPreferences;
  json guarantor = {{"relationship", p.guarantor.relationship}};
  if (p.guarantor.relationship != "self") {
    guarantor["family_name"] = p.guarantor.familyName;
    guarantor["given_name"] = p.guarantor.givenName;
    guarantor["birth_date"] = optDate(p.guarantor.birthDate);
    guarantor["phone"] = optString(p.guarantor.phone);
    guarantor["address"] = encodeAddress(p.guarantor.address);
  }
  json emergency = nullptr;
  if (!p.emergencyContact.empty()) {
    emergency = {{"name", p.emergencyContact.name},
                 {"relationship", optString(p.emergencyContact.relationship)},
                 {"phone", p.emergencyContact.phone}};
  }
  json j = {{"id", p.id.value},
            {"organization_id", p.organizationId.value},
            {"mrn", p.mrn},
            {"family_name", p.familyName},
            {"given_name", p.givenName},
            {"middle_name", optString(p.middleName)},
            {"birth_date", p.birthDate.toString()},
            {"sex", p.sex},
            {"phone", optString(p.phone)},
            {"email", optString(p.email)},
            {"address", encodeAddress(p.address)},
            {"preferred_language", p.preferredLanguage},
            {"contact_preferences",
             {{"preferred_channel", c.preferredChannel},
              {"allow_sms", c.allowSms},
              {"allow_email", c.allowEmail},
              {"allow_voice", c.allowVoice},
              {"allow_mail", c.allowMail}}},
            {"emergency_contact", std::move(emergency)},
            {"guarantor", std::move(guarantor)},
            {"status", std::string(toString(p.status))},
            {"merged_into_id", p.mergedInto.valid() ? json(p.mergedInto.value) : json(nullptr)}};
  addMeta(j, p.meta);
  return j;
}

json encode(const domain::DuplicateCandidate& d) {
  return {{"id", d.id.value}, {"mrn", d.mrn}, {"reason", d.reason}};
}

json encode(const app::PatientMerge& m) {
  return {{"target_id", m.target.value},
          {"source_id", m.source.value},
          {"source_mrn", m.sourceMrn},
          {"coverages_moved", m.coveragesMoved},
          {"merged_at", m.mergedAt.toString()}};
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
