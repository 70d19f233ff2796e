// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/common/fields.hpp"

#include "domain/common/validation.hpp"

namespace medoffice::domain {

void checkText(const std::string& value, FieldErrors& errors, const std::string& field,
               bool required, std::size_t maxLen) {
  if (value.empty()) {
    if (required) errors.add(field, "is required");
    return;
  }
  if (value.size() > maxLen) {
    errors.add(field, "must be at most " + std::to_string(maxLen) + " characters");
  } else if (!validation::isCleanText(value)) {
    errors.add(field, "must be valid UTF-8 text without control characters");
  } else if (value.find_first_not_of(" \t") == std::string::npos) {
    errors.add(field, "must not be blank");
  }
}

void checkName(const std::string& value, FieldErrors& errors, const std::string& field,
               bool required, std::size_t maxLen) {
  std::size_t before = errors.list().size();
  checkText(value, errors, field, required, maxLen);
  if (errors.list().size() == before && !value.empty() && !validation::isPersonName(value)) {
    errors.add(field, "may hold only letters, spaces, apostrophes, hyphens and periods");
  }
}

void checkPhone(const std::string& phone, FieldErrors& e, const std::string& field, bool required) {
  if (phone.empty()) {
    if (required) e.add(field, "is required");
  } else if (!validation::isE164(phone)) {
    e.add(field, "must be an E.164 phone number such as +12175550123");
  }
}

void validateAddress(Address& a, FieldErrors& errors, const std::string& prefix, bool required) {
  if (!required && a.empty()) return;
  const std::string p = prefix.empty() ? "" : prefix + ".";
  checkText(a.line1, errors, p + "line1", true, 55);
  checkText(a.line2, errors, p + "line2", false, 55);
  checkText(a.city, errors, p + "city", true, 30);
  if (a.state.empty()) {
    errors.add(p + "state", "is required");
  } else if (!validation::isUsStateCode(a.state)) {
    errors.add(p + "state", "must be a two-letter USPS state code such as IL");
  }
  if (a.postalCode.empty()) {
    errors.add(p + "postal_code", "is required");
  } else if (auto zip = validation::normalizeZip(a.postalCode)) {
    a.postalCode = *zip;
  } else {
    errors.add(p + "postal_code", "must be a ZIP code: 12345 or 12345-6789");
  }
}

}  // namespace medoffice::domain
