// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/practice/practice.hpp"

#include <algorithm>

#include "domain/common/validation.hpp"

namespace medoffice::domain {
namespace {

void checkNpi(const std::string& npi, FieldErrors& e, bool required) {
  if (npi.empty()) {
    if (required) e.add("npi", "is required");
  } else if (!validation::isValidNpi(npi)) {
    e.add("npi", "must be a 10-digit NPI with a valid check digit");
  }
}

void checkTaxonomy(const std::string& code, FieldErrors& e, bool required) {
  if (code.empty()) {
    if (required) e.add("taxonomy", "is required");
  } else if (!validation::isTaxonomyCode(code)) {
    e.add("taxonomy", "must be a 10-character NUCC taxonomy code such as 207Q00000X");
  }
}

}  // namespace

std::vector<FieldError> validate(Organization& o) {
  FieldErrors e;
  checkText(o.legalName, e, "legal_name", true, 60);
  checkNpi(o.npi, e, true);
  if (o.tin.empty()) {
    e.add("tin", "is required");
  } else if (auto tin = validation::normalizeTin(o.tin)) {
    o.tin = *tin;
  } else {
    e.add("tin", "must be 9 digits (EIN 12-3456789)");
  }
  checkTaxonomy(o.taxonomy, e, false);
  checkPhone(o.phone, e, "phone", false);
  validateAddress(o.billingAddress, e, "billing_address", true);
  return e.list();
}

std::vector<FieldError> validate(Location& l, bool zoneExists) {
  FieldErrors e;
  checkText(l.name, e, "name", true, 60);
  validateAddress(l.address, e, "address", true);
  if (l.placeOfService.empty()) {
    e.add("place_of_service", "is required");
  } else if (!validation::isPlaceOfServiceCode(l.placeOfService)) {
    e.add("place_of_service", "must be a CMS place-of-service code such as 11");
  }
  if (l.timeZone.empty()) {
    e.add("time_zone", "is required");
  } else if (!validation::isZoneNameSyntax(l.timeZone) || !zoneExists) {
    e.add("time_zone", "must be an IANA time zone such as America/Chicago");
  }
  checkPhone(l.phone, e, "phone", false);
  return e.list();
}

std::vector<FieldError> validate(Provider& p) {
  FieldErrors e;
  checkName(p.familyName, e, "family_name", true, 60);
  checkName(p.givenName, e, "given_name", true, 35);
  checkText(p.credentials, e, "credentials", false, 20);
  checkNpi(p.npi, e, true);
  checkTaxonomy(p.taxonomy, e, false);
  checkText(p.specialty, e, "specialty", false, 80);
  std::sort(p.locationIds.begin(), p.locationIds.end());
  if (std::adjacent_find(p.locationIds.begin(), p.locationIds.end()) != p.locationIds.end()) {
    e.add("location_ids", "must not repeat a location");
  }
  for (auto id : p.locationIds) {
    if (!id.valid()) {
      e.add("location_ids", "must hold positive location ids");
      break;
    }
  }
  return e.list();
}

}  // namespace medoffice::domain
