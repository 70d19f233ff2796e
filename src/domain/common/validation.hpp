// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace medoffice::domain::validation {

/// True when `npi` is 10 digits whose last digit is the Luhn check digit computed over the
/// constant prefix 80840 followed by the first nine digits (CMS NPI standard).
bool isValidNpi(std::string_view npi);
/// The Luhn (mod 10) check digit to append to `digits`. Precondition: ASCII digits only.
char luhnCheckDigit(std::string_view digits);
/// Computes the NPI check digit for a 9-digit base. Precondition: 9 ASCII digits.
char npiCheckDigit(std::string_view nineDigits);

/// Normalises a TIN (EIN `12-3456789`, SSN `123-45-6789` or 9 bare digits) to 9 digits.
/// Returns nullopt unless it is exactly 9 digits after removing hyphens, and not all zeros.
std::optional<std::string> normalizeTin(std::string_view tin);

/// USPS two-letter codes: 50 states, DC, territories and military (AA, AE, AP).
bool isUsStateCode(std::string_view code);
/// Normalises `12345`, `123456789` or `12345-6789` to `12345` or `12345-6789`; nullopt otherwise.
std::optional<std::string> normalizeZip(std::string_view zip);

/// E.164: `+` then 2..15 digits, first digit not 0. North American (+1) numbers must have
/// ten digits with area code and exchange not starting with 0 or 1.
bool isE164(std::string_view phone);
/// Pragmatic e-mail syntax check (one @, non-empty local part, dotted domain, no spaces, ≤254).
bool isEmail(std::string_view email);
/// NUCC provider taxonomy code: 9 letters or digits then `X`, e.g. 207Q00000X.
bool isTaxonomyCode(std::string_view code);
/// CMS place-of-service code in the published list (e.g. 11 office, 22 outpatient hospital).
bool isPlaceOfServiceCode(std::string_view code);
/// X12 claim filing indicator code (SBR09), e.g. MB Medicare Part B, MC Medicaid, CI commercial.
bool isClaimFilingIndicator(std::string_view code);
/// X12 individual relationship code used for subscriber/patient (18 self, 01 spouse, 19 child...).
bool isIndividualRelationshipCode(std::string_view code);
/// X12 payer id: 2..80 letters/digits (clearinghouses mostly use 5).
bool isPayerIdentifier(std::string_view id);
/// A BCP 47 language tag of the simple form `en`, `es`, `zh-Hant`, `pt-BR`.
bool isLanguageTag(std::string_view tag);
/// A syntactically plausible IANA zone name (`America/Chicago`, `UTC`); existence is checked
/// by the TimeZones port.
bool isZoneNameSyntax(std::string_view zone);
/// A person's name: letters of any script, spaces, apostrophes, hyphens and periods. Digits and
/// punctuation such as `;`, `=`, `(` or `,` are refused (they are never part of a name, and `,`
/// separates family from given name in searches).
bool isPersonName(std::string_view name);
/// Member ids and group numbers as payers print them on cards: letters, digits, hyphens and
/// (when `allowSpace`) single spaces.
bool isCardIdentifier(std::string_view id, bool allowSpace);
/// Valid UTF-8 with no control characters other than tab; used for free-text fields.
bool isCleanText(std::string_view text);
/// `text` with ASCII letters lowercased (usernames, password-list lookups); other bytes as is.
std::string asciiLower(std::string_view text);

}  // namespace medoffice::domain::validation
