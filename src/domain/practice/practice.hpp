// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/common/error.hpp"
#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// A practice: the billing entity that owns locations, providers, payers and patients.
struct Organization {
  OrganizationId id;
  std::string legalName;
  std::string npi;  ///< type 2 (organisation) NPI
  std::string tin;  ///< 9 digits
  std::string taxonomy;
  std::string phone;
  Address billingAddress;
  bool active = true;
  RecordMeta meta;
};

/// A place where care is given. Times at a location are shown in its IANA zone.
struct Location {
  LocationId id;
  OrganizationId organizationId;
  std::string name;
  Address address;
  std::string placeOfService;  ///< CMS POS code, 11 = office
  std::string timeZone;        ///< IANA name, e.g. America/Chicago
  std::string phone;
  bool active = true;
  RecordMeta meta;
};

/// A rendering/billing provider (a person, type 1 NPI).
struct Provider {
  ProviderId id;
  OrganizationId organizationId;
  std::string familyName;
  std::string givenName;
  std::string credentials;  ///< MD, DO, NP, PA-C...
  std::string npi;
  std::string taxonomy;
  std::string specialty;
  std::vector<LocationId> locationIds;
  bool active = true;
  RecordMeta meta;
};

/// Validation normalises values in place (TIN digits, ZIP format) and lists every problem.
std::vector<FieldError> validate(Organization& o);
/// `zoneExists` is the answer of the TimeZones port for `l.timeZone`.
std::vector<FieldError> validate(Location& l, bool zoneExists);
std::vector<FieldError> validate(Provider& p);

}  // namespace medoffice::domain
