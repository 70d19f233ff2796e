// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/fields.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// An insurance company or government programme that pays claims.
struct Payer {
  PayerId id;
  OrganizationId organizationId;
  std::string name;
  std::string x12PayerId;            ///< the clearinghouse payer id used in 837 NM109
  std::string claimFilingIndicator;  ///< SBR09: MB, MC, CI, BL, HM...
  int timelyFilingDays = 365;
  std::string phone;
  Address address;
  bool active = true;
  RecordMeta meta;
};

enum class CoveragePriority { kPrimary = 1, kSecondary = 2, kTertiary = 3 };
std::string_view toString(CoveragePriority p);
std::optional<CoveragePriority> parseCoveragePriority(std::string_view s);

/// The person who holds the policy when it is not the patient.
struct Subscriber {
  std::string familyName;
  std::string givenName;
  std::optional<Date> birthDate;
  std::string sex;
  Address address;
};

/// A patient's insurance policy with one payer.
struct Coverage {
  CoverageId id;
  OrganizationId organizationId;
  PatientId patientId;
  PayerId payerId;
  std::string memberId;
  std::string groupNumber;
  std::string planName;
  std::string relationship = "18";  ///< X12 individual relationship code; 18 = self
  Subscriber subscriber;            ///< required unless relationship is 18
  CoveragePriority priority = CoveragePriority::kPrimary;
  Date effectiveDate;
  std::optional<Date> endDate;
  Money copay;
  bool active = true;
  RecordMeta meta;

  /// True when the coverage is in force on `day`.
  [[nodiscard]] bool inForceOn(Date day) const {
    return active && effectiveDate <= day && (!endDate || day <= *endDate);
  }
  /// True when both coverages are active and their periods share at least one day.
  [[nodiscard]] bool overlaps(const Coverage& o) const;
};

/// Accepts `self`, `spouse`, `child`, `employee`, `life_partner`, `other`, `unknown` or a code;
/// returns the X12 code or nullopt.
std::optional<std::string> parseRelationship(std::string_view s);

std::vector<FieldError> validate(Payer& p);
/// `today` bounds the subscriber's birth date.
std::vector<FieldError> validate(Coverage& c, Date today);

}  // namespace medoffice::domain
