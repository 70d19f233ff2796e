// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The appeal letter's body as a template (issue 17, point 5): plain text with fields written
// `{{name}}`, filled when the letter is printed. The fields are fixed (kLetterFields); a
// template naming another is refused when the rules file is loaded, so a letter never prints
// with a hole in it. Blank lines separate paragraphs.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/common/error.hpp"

namespace medoffice::domain::denials {

/// The fields a letter template may name, each with what it holds.
struct LetterField {
  std::string_view name;
  std::string_view meaning;
};
inline constexpr LetterField kLetterFields[] = {
    {"practice_name", "the practice's legal name"},
    {"practice_npi", "the practice's NPI"},
    {"practice_phone", "the practice's phone number"},
    {"payer_name", "the payer's name"},
    {"patient_name", "the patient's name, given name first"},
    {"patient_birth_date", "the patient's date of birth (MM/DD/YYYY)"},
    {"member_id", "the member id of the coverage billed"},
    {"claim_number", "our claim number (CLM01)"},
    {"payer_claim_number", "the payer's claim number (ICN), or 'not given'"},
    {"service_date", "the date of service (MM/DD/YYYY)"},
    {"billed_amount", "what the denied lines were billed ($1,234.56)"},
    {"denied_amount", "what the payer denied on them ($1,234.56)"},
    {"denied_on", "the date of the remittance that denied them (MM/DD/YYYY)"},
    {"reasons", "each denial reason with its meaning, one per line"},
    {"today", "the letter's date (MM/DD/YYYY)"},
    {"signer", "the name of the person who prints the letter"},
};

/// True when `name` is one of kLetterFields.
bool isLetterField(std::string_view name);

/// The problems of a template, each under `field`: a `{{` without its `}}`, a field that is not
/// a letter field (naming it and the fields there are), text that is not clean UTF-8 (line
/// breaks and tabs are fine), an empty template, or one longer than 20,000 bytes.
std::vector<FieldError> checkLetterTemplate(std::string_view text, const std::string& field);

/// The template with each `{{name}}` replaced by values[name] (empty when absent) and every
/// other character as it is. Spaces inside the braces are allowed (`{{ patient_name }}`). Meant
/// for templates checkLetterTemplate() accepted; an unclosed `{{` is kept as text.
std::string fillLetter(std::string_view text, const std::map<std::string, std::string>& values);

}  // namespace medoffice::domain::denials
