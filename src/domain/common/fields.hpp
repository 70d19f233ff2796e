// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>

#include "domain/common/error.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain {

/// Bookkeeping shared by every mutable resource: optimistic version and audit timestamps.
struct RecordMeta {
  std::int64_t version = 0;
  Instant createdAt;
  Instant updatedAt;
};

/// A US postal address. `postal_code` is ZIP or ZIP+4 (`12345-6789`) once validated.
struct Address {
  std::string line1;
  std::string line2;
  std::string city;
  std::string state;
  std::string postalCode;

  [[nodiscard]] bool empty() const {
    return line1.empty() && line2.empty() && city.empty() && state.empty() && postalCode.empty();
  }
  bool operator==(const Address&) const = default;
};

/// Validates and normalises `a` in place. When `required` is false an entirely empty address is
/// accepted; a partly filled one must still be complete. Field names are prefixed with `prefix.`.
void validateAddress(Address& a, FieldErrors& errors, const std::string& prefix, bool required);

/// Checks a free-text field: required-ness, maximum length in bytes, clean UTF-8 with no controls.
void checkText(const std::string& value, FieldErrors& errors, const std::string& field,
               bool required, std::size_t maxLen);
/// checkText plus the person-name character rule (validation::isPersonName).
void checkName(const std::string& value, FieldErrors& errors, const std::string& field,
               bool required, std::size_t maxLen);
/// Checks an optional or required E.164 phone number.
void checkPhone(const std::string& phone, FieldErrors& errors, const std::string& field,
                bool required);

}  // namespace medoffice::domain
