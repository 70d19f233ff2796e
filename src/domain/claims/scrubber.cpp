// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/claims/scrubber.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <unordered_map>
#include <utility>

#include "domain/billing/code_sets.hpp"
#include "domain/claims/scrubber_internal.hpp"
#include "domain/common/validation.hpp"

namespace medoffice::domain::claims {

using namespace scrubbing;

namespace {

// ---- small text helpers ---------------------------------------------------------------------

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool isAlnum(char c) {
  return isDigit(c) || isAlpha(c);
}
bool isUpperAlnum(char c) {
  return isDigit(c) || (c >= 'A' && c <= 'Z');
}
char upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}
bool equalsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (upper(a[i]) != upper(b[i])) return false;
  }
  return true;
}
bool containsNoCase(std::span<const std::string> list, std::string_view v) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& e) { return equalsNoCase(e, v); });
}
template <std::size_t N>
bool inList(const std::array<std::string_view, N>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

/// `a, b or c`.
std::string joined(std::span<const std::string> list, std::string_view last = " or ") {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += (i + 1 == list.size()) ? std::string(last) : std::string(", ");
    out += list[i];
  }
  return out;
}

// ---- code tables (X12 5010 and CMS lists, in our words) -------------------------------------

constexpr std::array<std::string_view, 8> kPatientRelationships = {"01", "19", "20", "21",
                                                                   "39", "40", "53", "G8"};
constexpr std::array<std::string_view, 9> kOtherSubscriberRelationships = {
    "01", "18", "19", "20", "21", "39", "40", "53", "G8"};
constexpr std::array<std::string_view, 9> kMedicareSecondaryTypes = {"12", "13", "14", "15", "16",
                                                                     "41", "42", "43", "47"};

struct Named {
  std::string_view code;
  std::string_view name;
};
constexpr Named kFilingIndicators[] = {
    {"11", "other non-federal programme"},
    {"12", "PPO"},
    {"13", "point of service"},
    {"14", "EPO"},
    {"15", "indemnity insurance"},
    {"16", "Medicare Advantage HMO"},
    {"17", "dental maintenance organisation"},
    {"AM", "automobile medical"},
    {"BL", "Blue Cross/Blue Shield"},
    {"CH", "TRICARE"},
    {"CI", "commercial insurance"},
    {"DS", "disability"},
    {"FI", "Federal Employees Program"},
    {"HM", "HMO"},
    {"LM", "liability medical"},
    {"MA", "Medicare Part A"},
    {"MB", "Medicare Part B"},
    {"MC", "Medicaid"},
    {"OF", "other federal programme"},
    {"TV", "Title V"},
    {"VA", "Veterans Affairs plan"},
    {"WC", "workers' compensation"},
    {"ZZ", "mutually defined"},
};

std::string filingName(std::string_view code) {
  for (const auto& n : kFilingIndicators) {
    if (n.code == code) return std::string(code) + " (" + std::string(n.name) + ")";
  }
  return shown(code);
}

bool isMedicare(std::string_view filingIndicator) {
  return filingIndicator == "MA" || filingIndicator == "MB";
}

std::string payerName(const Claim& c, const ScrubContext& ctx) {
  if (!blank(ctx.payerName)) return ctx.payerName;
  if (!blank(c.payer.name)) return c.payer.name;
  return "The payer";
}

// ---- checks: one small function per kind ----------------------------------------------------

void npiOf(const Sink& s, std::string_view npi, std::string field, const std::string& who,
           std::string segment) {
  if (blank(npi)) {
    s.add(std::move(field),
          who + " has no NPI; enter the 10-digit NPI shown in the NPPES registry.",
          std::move(segment));
  } else if (npi.size() != 10 || !std::all_of(npi.begin(), npi.end(), isDigit)) {
    s.add(std::move(field),
          who + " has the NPI " + shown(npi) +
              ", which is not 10 digits; an NPI is exactly 10 digits with no spaces or dashes.",
          std::move(segment));
  } else if (npi[0] != '1' && npi[0] != '2') {
    s.add(std::move(field),
          who + " has the NPI " + std::string(npi) +
              ", but every NPI starts with 1 or 2; compare it with the NPPES registry.",
          std::move(segment));
  } else if (!isValidNpi(npi)) {
    s.add(std::move(field),
          who + " has the NPI " + std::string(npi) +
              ", which fails the NPI check digit, so a digit is mistyped; compare it digit by "
              "digit with the NPPES registry.",
          std::move(segment));
  }
}

void checkNpi(const Sink& s, const Claim& c) {
  const std::string& which = s.params().provider;
  if (which == "billing") {
    npiOf(s, c.billingProvider.npi, "billing_provider.npi",
          "The billing provider " + displayName(c.billingProvider.name), "NM109 of 2010AA");
  } else if (which == "rendering") {
    if (c.renderingProvider) {
      npiOf(s, c.renderingProvider->npi, "rendering_provider.npi",
            "The rendering provider " + displayName(c.renderingProvider->name), "NM109 of 2310B");
    }
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
      if (!c.lines[i].renderingProvider) continue;
      const ProviderRef& p = *c.lines[i].renderingProvider;
      npiOf(s, p.npi, linePath(i) + ".rendering_provider.npi",
            lineLabel(i, c.lines[i]) + "'s rendering provider " + displayName(p.name),
            "NM109 of 2420A");
    }
  } else if (which == "referring") {
    if (c.referringProvider) {
      npiOf(s, c.referringProvider->npi, "referring_provider.npi",
            "The referring provider " + displayName(c.referringProvider->name), "NM109 of 2310A");
    }
  } else if (which == "service_facility") {
    // The facility's NPI is optional in 2310C; check it only when one is given.
    if (c.serviceFacility && !blank(c.serviceFacility->npi)) {
      npiOf(s, c.serviceFacility->npi, "service_facility.npi",
            "The service facility " + c.serviceFacility->name, "NM109 of 2310C");
    }
  }
}

/// SSA never issues area 000, 666 or 900-999, group 00 or serial 0000.
bool plausibleSsn(std::string_view d) {
  const std::string_view area = d.substr(0, 3);
  return area != "000" && area != "666" && area[0] != '9' && d.substr(3, 2) != "00" &&
         d.substr(5, 4) != "0000";
}

void checkTin(const Sink& s, const Claim& c) {
  const BillingProvider& b = c.billingProvider;
  const bool ssn = b.taxIdKind == TaxIdKind::kSsn;
  const char* kind = ssn ? "SSN" : "EIN";
  constexpr const char* kSegment = "REF02 of 2010AA";
  if (blank(b.taxId)) {
    s.add("billing_provider.tax_id",
          std::string("The billing provider has no tax id; enter the 9-digit ") + kind +
              " the claims are paid under.",
          kSegment);
    return;
  }
  const auto digits = validation::normalizeTin(b.taxId);
  if (!digits) {
    s.add("billing_provider.tax_id",
          "The billing provider's tax id " + shown(b.taxId) + " is not 9 digits; enter the " +
              kind + (ssn ? " as 123-45-6789 or 123456789." : " as 12-3456789 or 123456789."),
          kSegment);
    return;
  }
  if (std::all_of(digits->begin(), digits->end(), [&](char d) { return d == digits->front(); })) {
    s.add("billing_provider.tax_id",
          "The billing provider's tax id " + b.taxId +
              " is one digit repeated, which is never issued; enter the real " + kind + ".",
          kSegment);
    return;
  }
  if (ssn && !plausibleSsn(*digits)) {
    s.add("billing_provider.tax_id",
          "The billing provider's SSN " + b.taxId +
              " is not a number the Social Security Administration issues; check it.",
          kSegment);
  }
  if (ssn && b.name.type == EntityType::kOrganization) {
    s.add("billing_provider.tax_id_kind",
          "An SSN (REF*SY) is only for a sole proprietor billing under their own name; an "
          "organisation bills under its EIN (REF*EI).",
          "REF01 of 2010AA");
  }
}

/// NUCC taxonomy: three digits, six letters or digits, then X (207Q00000X).
bool isTaxonomy(std::string_view t) {
  return t.size() == 10 && isDigit(t[0]) && isDigit(t[1]) && isDigit(t[2]) &&
         std::all_of(t.begin() + 3, t.begin() + 9, isUpperAlnum) && t[9] == 'X';
}

void taxonomyOf(const Sink& s, std::string_view taxonomy, std::string field, const std::string& who,
                std::string segment) {
  if (blank(taxonomy)) {
    if (s.params().required.value_or(false)) {
      s.add(std::move(field),
            who +
                " has no taxonomy code, which this payer requires; enter the NUCC taxonomy "
                "code the provider registered with NPPES (such as 207Q00000X).",
            std::move(segment));
    }
  } else if (!isTaxonomy(taxonomy)) {
    s.add(std::move(field),
          who + " has the taxonomy code " + shown(taxonomy) +
              ", which is not a NUCC taxonomy code (three digits, six letters or digits, then "
              "X, such as 207Q00000X).",
          std::move(segment));
  }
}

void checkTaxonomy(const Sink& s, const Claim& c) {
  const std::string& which = s.params().provider;
  if (which == "billing") {
    taxonomyOf(s, c.billingProvider.taxonomy, "billing_provider.taxonomy",
               "The billing provider " + displayName(c.billingProvider.name), "PRV03 of 2000A");
  } else if (which == "rendering") {
    if (c.renderingProvider) {
      taxonomyOf(s, c.renderingProvider->taxonomy, "rendering_provider.taxonomy",
                 "The rendering provider " + displayName(c.renderingProvider->name),
                 "PRV03 of 2310B");
    }
    for (std::size_t i = 0; i < c.lines.size(); ++i) {
      if (!c.lines[i].renderingProvider) continue;
      const ProviderRef& p = *c.lines[i].renderingProvider;
      taxonomyOf(s, p.taxonomy, linePath(i) + ".rendering_provider.taxonomy",
                 lineLabel(i, c.lines[i]) + "'s rendering provider " + displayName(p.name),
                 "PRV03 of 2420A");
    }
  }
}

void checkMemberId(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  const std::string& id = c.subscriber.memberId;
  constexpr const char* kField = "subscriber.member_id";
  constexpr const char* kSegment = "NM109 of 2010BA";
  if (blank(id)) {
    s.add(kField, "The subscriber's member id is missing; copy it from the insurance card.",
          kSegment);
    return;
  }
  if (id.size() > 80 || !validation::isCardIdentifier(id, false)) {
    s.add(kField,
          "The member id " + shown(id) +
              " has characters other than letters, digits and hyphens (or is longer than 80); "
              "copy it from the insurance card without spaces.",
          kSegment);
    return;
  }
  const auto& patterns = s.params().patterns;
  if (patterns.empty()) return;
  if (std::any_of(patterns.begin(), patterns.end(),
                  [&](const std::string& p) { return matchesMask(id, p); })) {
    return;
  }
  s.add(kField,
        "The member id " + id + " does not have the form " + payerName(c, ctx) + " uses (" +
            joined(patterns) +
            ", where # is a digit, @ a letter and * either); check it against the card.",
        kSegment);
}

void checkRelationship(const Sink& s, const Claim& c) {
  if (c.patient) {
    const std::string& r = c.patient->relationship;
    if (blank(r)) {
      s.add("patient.relationship",
            "The patient is not the subscriber, but the patient's relationship to the subscriber "
            "is missing; set it on the coverage (19 child, 01 spouse, G8 other...).",
            "PAT01 of 2000C");
    } else if (r == "18") {
      s.add("patient.relationship",
            "The relationship is 18 (self), yet the patient is listed apart from the subscriber; "
            "either the patient is the subscriber (no separate patient) or the relationship is "
            "wrong.",
            "PAT01 of 2000C");
    } else if (!inList(kPatientRelationships, r)) {
      s.add("patient.relationship",
            "The relationship " + shown(r) +
                " is not an X12 5010 patient relationship code; use 01 spouse, 19 child, 20 "
                "employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner or G8 "
                "other.",
            "PAT01 of 2000C");
    }
  }
  for (std::size_t k = 0; k < c.otherPayers.size(); ++k) {
    const std::string& r = c.otherPayers[k].relationship;
    if (!inList(kOtherSubscriberRelationships, r)) {
      s.add(indexed("other_payers", k) + ".relationship",
            "The patient's relationship to the subscriber of " + c.otherPayers[k].payerName +
                " is " + shown(r) +
                ", which is not an X12 5010 code; use 18 self, 01 spouse, 19 child, 20 "
                "employee, 21 unknown, 39, 40, 53 life partner or G8 other.",
            "SBR02 of 2320");
    }
  }
}

/// The earliest date of service of the claim, or nullopt without lines.
std::optional<Date> firstServiceDate(const Claim& c) {
  std::optional<Date> first;
  for (const auto& l : c.lines) {
    if (!first || l.serviceDate < *first) first = l.serviceDate;
  }
  return first;
}

void birthDateOf(const Sink& s, std::optional<Date> dob, std::string field, const char* who,
                 std::string segment, const Claim& c, const ScrubContext& ctx, bool required) {
  if (!dob) {
    if (required) {
      s.add(std::move(field),
            std::string(who) + " birth date is missing; payers match the patient on it.",
            std::move(segment));
    }
    return;
  }
  if (*dob > ctx.today) {
    s.add(std::move(field),
          std::string(who) + " birth date " + dob->toString() + " is in the future; correct it.",
          std::move(segment));
    return;
  }
  const auto first = firstServiceDate(c);
  if (!first) return;
  if (*dob > *first) {
    s.add(std::move(field),
          std::string(who) + " birth date " + dob->toString() + " is after the date of service " +
              first->toString() + "; correct the birth date or the date of service.",
          std::move(segment));
  } else if (dob->ageOn(*first) > 120) {
    s.add(std::move(field),
          std::string(who) + " birth date " + dob->toString() +
              " makes the patient older than 120; correct it.",
          std::move(segment));
  }
}

void checkBirthDate(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  if (c.patient) {
    birthDateOf(s, c.patient->birthDate, "patient.birth_date", "The patient's", "DMG02 of 2010CA",
                c, ctx, true);
    // A subscriber who is not the patient may be sent without DMG; when sent, it must be real.
    if (c.subscriber.birthDate && *c.subscriber.birthDate > ctx.today) {
      s.add("subscriber.birth_date",
            "The subscriber's birth date " + c.subscriber.birthDate->toString() +
                " is in the future; correct it.",
            "DMG02 of 2010BA");
    }
  } else {
    birthDateOf(s, c.subscriber.birthDate, "subscriber.birth_date",
                "The patient's (the subscriber's)", "DMG02 of 2010BA", c, ctx, true);
  }
}

void checkSex(const Sink& s, const Claim& c) {
  const bool separate = c.patient.has_value();
  const Sex sex = separate ? c.patient->sex : c.subscriber.sex;
  if (sex != Sex::kUnknown) return;
  s.add(separate ? "patient.sex" : "subscriber.sex",
        "The patient's sex is recorded as unknown (U); many payers deny sex-specific services "
        "with U. Record F or M from the registration when it is known.",
        separate ? "DMG03 of 2010CA" : "DMG03 of 2010BA");
}

void checkFilingIndicator(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  const std::string& code = c.subscriber.claimFilingIndicator;
  constexpr const char* kField = "subscriber.claim_filing_indicator";
  constexpr const char* kSegment = "SBR09 of 2000B";
  if (blank(code)) {
    s.add(kField,
          "The claim filing indicator is missing; set it on the payer (CI commercial, MB "
          "Medicare Part B, MC Medicaid, BL Blue Cross/Blue Shield, HM HMO...).",
          kSegment);
  } else if (!validation::isClaimFilingIndicator(code)) {
    s.add(kField,
          "The claim filing indicator " + shown(code) +
              " is not an X12 code; use CI commercial, MB Medicare Part B, MC Medicaid, BL "
              "Blue Cross/Blue Shield, HM HMO or another code of the list.",
          kSegment);
  } else if (!blank(ctx.payerClaimFilingIndicator) && ctx.payerClaimFilingIndicator != code) {
    s.add(kField,
          "The claim is marked " + filingName(code) + ", but " + payerName(c, ctx) +
              " is set up as " + filingName(ctx.payerClaimFilingIndicator) +
              "; correct the payer or rebuild the claim from it.",
          kSegment);
  } else if (!s.params().values.empty() && !containsNoCase(s.params().values, code)) {
    s.add(kField,
          "The claim is marked " + filingName(code) + ", but " + payerName(c, ctx) +
              " is billed as " + joined(s.params().values) +
              "; correct the payer's claim filing "
              "indicator.",
          kSegment);
  }
  for (std::size_t k = 0; k < c.otherPayers.size(); ++k) {
    const std::string& other = c.otherPayers[k].claimFilingIndicator;
    if (!validation::isClaimFilingIndicator(other)) {
      s.add(indexed("other_payers", k) + ".claim_filing_indicator",
            "The claim filing indicator of the earlier payer " + c.otherPayers[k].payerName +
                " is " + shown(other) + ", which is not an X12 code.",
            "SBR09 of 2320");
    }
  }
}

void checkInsuranceType(const Sink& s, const Claim& c) {
  const auto& values = s.params().values;
  auto allowed = [&](std::string_view v) {
    return values.empty() ? inList(kMedicareSecondaryTypes, v) : containsNoCase(values, v);
  };
  const std::string list =
      values.empty() ? std::string("12, 13, 14, 15, 16, 41, 42, 43 or 47") : joined(values);
  const Subscriber& sub = c.subscriber;
  constexpr const char* kSegment = "SBR05 of 2000B";
  if (!blank(sub.insuranceTypeCode)) {
    if (!allowed(sub.insuranceTypeCode)) {
      s.add("subscriber.insurance_type_code",
            "The insurance type " + shown(sub.insuranceTypeCode) +
                " is not a Medicare secondary payer type the 837P accepts; use " + list + ".",
            kSegment);
    }
  } else if (sub.responsibility != PayerResponsibility::kPrimary &&
             (s.params().required.value_or(false) || isMedicare(sub.claimFilingIndicator))) {
    s.add("subscriber.insurance_type_code",
          "The payer is billed as " +
              std::string(sub.responsibility == PayerResponsibility::kSecondary ? "secondary"
                                                                                : "tertiary") +
              ", so the claim must say why another plan pays first (insurance type: 12 working "
              "aged with an employer plan, 13 end-stage renal disease, 14 no-fault or auto, 15 "
              "workers' compensation, 16 public health service, 41 black lung, 42 veterans, 43 "
              "disabled with a large group plan, 47 other liability). Set it on the coverage.",
          kSegment);
  }
  for (std::size_t k = 0; k < c.otherPayers.size(); ++k) {
    const std::string& t = c.otherPayers[k].insuranceTypeCode;
    if (!blank(t) && !allowed(t)) {
      s.add(indexed("other_payers", k) + ".insurance_type_code",
            "The insurance type " + shown(t) + " of the earlier payer " +
                c.otherPayers[k].payerName + " is not one the 837P accepts; use " + list + ".",
            "SBR05 of 2320");
    }
  }
}

void checkPointers(const Sink& s, const Claim& c) {
  const std::size_t n = c.diagnoses.size();
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    const auto& p = l.diagnosisPointers;
    if (p.empty()) {
      s.add(linePath(i) + ".diagnosis_pointers",
            lineLabel(i, l) +
                " points to no diagnosis; point it to the one to four diagnoses "
                "that justify it.",
            "SV107 of 2400");
      continue;
    }
    if (p.size() > kMaxPointers) {
      s.add(linePath(i) + ".diagnosis_pointers",
            lineLabel(i, l) + " points to " + std::to_string(p.size()) +
                " diagnoses; a line carries at most 4 pointers, so keep the four that matter "
                "most.",
            "SV107 of 2400");
    }
    for (std::size_t k = 0; k < p.size() && k < kMaxPointers; ++k) {
      // Paths are built only for problems: a clean claim allocates nothing here.
      auto field = [&] { return linePath(i) + ".diagnosis_pointers[" + std::to_string(k) + "]"; };
      auto segment = [&] { return "SV107-" + std::to_string(k + 1) + " of 2400"; };
      if (p[k] < 1 || static_cast<std::size_t>(p[k]) > n) {
        s.add(field(),
              lineLabel(i, l) + " points to diagnosis " + std::to_string(p[k]) +
                  ", but the claim has " + std::to_string(n) + " diagnos" + (n == 1 ? "is" : "es") +
                  "; point it to one of 1 to " + std::to_string(n) + ".",
              segment());
      } else if (std::find(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(k), p[k]) !=
                 p.begin() + static_cast<std::ptrdiff_t>(k)) {
        s.add(field(),
              lineLabel(i, l) + " points to diagnosis " + std::to_string(p[k]) +
                  " twice; remove the repeated pointer.",
              segment());
      }
    }
  }
}

void checkDiagnoses(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  const auto& dx = c.diagnoses;
  if (dx.empty()) {
    s.add("diagnoses",
          "The claim has no diagnosis; add the ICD-10-CM codes that justify the services.",
          "HI01 of 2300");
    return;
  }
  if (dx.size() > kMaxDiagnoses) {
    s.add("diagnoses",
          "The claim has " + std::to_string(dx.size()) +
              " diagnoses; an 837P carries at most 12, so split the services over two claims.",
          "HI of 2300");
  }
  std::array<std::string, kMaxDiagnoses> normal;
  for (std::size_t k = 0; k < dx.size() && k < kMaxDiagnoses; ++k) {
    const std::string field = indexed("diagnoses", k);
    const std::string segment =
        std::string(k < 9 ? "HI0" : "HI") + std::to_string(k + 1) + "-2 of 2300";
    const std::string label = "Diagnosis " + std::to_string(k + 1);
    auto code = normalizeCode(CodeSystem::kIcd10Cm, dx[k]);
    if (!code) {
      s.add(field,
            label + " " + shown(dx[k]) +
                " is not an ICD-10-CM code (a letter, two letters or digits, then up to four "
                "more, such as E11.9).",
            segment);
      continue;
    }
    normal[k] = std::move(*code);
    const auto seen =
        std::find(normal.begin(), normal.begin() + static_cast<std::ptrdiff_t>(k), normal[k]);
    if (seen != normal.begin() + static_cast<std::ptrdiff_t>(k)) {
      s.add(field,
            label + " " + displayCode(CodeSystem::kIcd10Cm, normal[k]) + " is the same as " +
                "diagnosis " + std::to_string(seen - normal.begin() + 1) +
                "; list each diagnosis once and point lines to it.",
            segment);
      continue;
    }
    if (!ctx.codes.diagnosis) continue;
    // Valid on each date of service of the lines that point to it (usually one date).
    std::vector<Date> dates;
    for (const auto& l : c.lines) {
      if (std::find(l.diagnosisPointers.begin(), l.diagnosisPointers.end(),
                    static_cast<int>(k + 1)) != l.diagnosisPointers.end() &&
          std::find(dates.begin(), dates.end(), l.serviceDate) == dates.end()) {
        dates.push_back(l.serviceDate);
      }
    }
    if (dates.empty()) dates.push_back(firstServiceDate(c).value_or(ctx.today));
    for (const Date d : dates) {
      if (auto why = ctx.codes.diagnosis(normal[k], d)) {
        s.add(field, label + " cannot be billed for the service on " + d.toString() + ": " + *why,
              segment);
        break;
      }
    }
  }
}

void checkProcedures(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    auto field = [&] { return linePath(i) + ".procedure_code"; };
    if (blank(l.procedureCode)) {
      s.add(field(),
            "Line " + std::to_string(i + 1) +
                " has no procedure code; enter the CPT or "
                "HCPCS code of the service.",
            "SV101-2 of 2400");
    } else if (!isCptCode(l.procedureCode) && !isHcpcsCode(l.procedureCode)) {
      s.add(field(),
            "Line " + std::to_string(i + 1) + "'s procedure code " + shown(l.procedureCode) +
                " is not a CPT or HCPCS code (five characters, such as 99213 or J3490, in "
                "capitals).",
            "SV101-2 of 2400");
    } else if (ctx.codes.procedure) {
      if (auto why = ctx.codes.procedure(l.procedureCode, l.serviceDate)) {
        s.add(field(),
              lineLabel(i, l) + " cannot be billed for the service on " + l.serviceDate.toString() +
                  ": " + *why,
              "SV101-2 of 2400");
      }
    }
  }
}

std::string modifierSegment(std::size_t k) {
  return "SV101-" + std::to_string(k + 3) + " of 2400";
}

void checkModifiersValid(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    const auto& m = l.modifiers;
    if (m.size() > kMaxModifiers) {
      s.add(linePath(i) + ".modifiers",
            lineLabel(i, l) + " has " + std::to_string(m.size()) +
                " modifiers; a line carries at most 4, so keep the ones that change payment "
                "first.",
            "SV101 of 2400");
    }
    for (std::size_t k = 0; k < m.size() && k < kMaxModifiers; ++k) {
      auto field = [&] { return linePath(i) + ".modifiers[" + std::to_string(k) + "]"; };
      if (!isModifierCode(m[k])) {
        s.add(field(),
              lineLabel(i, l) + "'s modifier " + shown(m[k]) +
                  " is not a modifier (two capital letters or digits, such as 25 or LT).",
              modifierSegment(k));
      } else if (std::find(m.begin(), m.begin() + static_cast<std::ptrdiff_t>(k), m[k]) !=
                 m.begin() + static_cast<std::ptrdiff_t>(k)) {
        s.add(field(), lineLabel(i, l) + " has modifier " + m[k] + " twice; remove one.",
              modifierSegment(k));
      } else if (ctx.codes.modifier) {
        if (auto why = ctx.codes.modifier(m[k])) {
          s.add(field(), lineLabel(i, l) + "'s modifier " + m[k] + ": " + *why, modifierSegment(k));
        }
      }
    }
  }
}

/// Whether the rule's `codes` (when given) cover the line.
bool lineInScope(const RuleParams& p, const ServiceLine& l) {
  return p.codes.empty() || codeListContains(p.codes, l.procedureCode);
}

void checkModifierAllowed(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  const RuleParams& p = s.params();
  if (p.modifiers.empty()) return;
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    if (!lineInScope(p, l)) continue;
    for (std::size_t k = 0; k < l.modifiers.size() && k < kMaxModifiers; ++k) {
      if (containsNoCase(p.modifiers, l.modifiers[k])) continue;
      s.add(linePath(i) + ".modifiers[" + std::to_string(k) + "]",
            payerName(c, ctx) + " does not take modifier " + shown(l.modifiers[k]) + " on " +
                lineLabel(i, l) + "; it takes " + joined(p.modifiers) + ".",
            modifierSegment(k));
    }
  }
}

void checkModifierNotAccepted(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  const RuleParams& p = s.params();
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    if (!lineInScope(p, l)) continue;
    for (std::size_t k = 0; k < l.modifiers.size() && k < kMaxModifiers; ++k) {
      if (!containsNoCase(p.modifiers, l.modifiers[k])) continue;
      std::string message = payerName(c, ctx) + " does not accept modifier " + l.modifiers[k] +
                            " (" + lineLabel(i, l) + ")";
      message += p.replacements.empty()
                     ? std::string("; remove it or use the modifier the payer asks for.")
                     : "; use " + joined(p.replacements) +
                           " instead, whichever describes why the service is separate.";
      s.add(linePath(i) + ".modifiers[" + std::to_string(k) + "]", std::move(message),
            modifierSegment(k));
    }
  }
}

void checkModifierRequired(const Sink& s, const Claim& c) {
  const RuleParams& p = s.params();
  if (p.codes.empty() || p.modifiers.empty()) return;
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    if (!codeListContains(p.codes, l.procedureCode)) continue;
    const bool has = std::any_of(l.modifiers.begin(), l.modifiers.end(),
                                 [&](const auto& m) { return containsNoCase(p.modifiers, m); });
    if (has) continue;
    std::optional<std::size_t> with;
    if (!p.withCodes.empty()) {
      for (std::size_t j = 0; j < c.lines.size() && !with; ++j) {
        if (j != i && c.lines[j].serviceDate == l.serviceDate &&
            codeListContains(p.withCodes, c.lines[j].procedureCode)) {
          with = j;
        }
      }
      if (!with) continue;
    }
    std::string message = lineLabel(i, l) + " needs modifier " + joined(p.modifiers);
    if (with) {
      message += " when " + c.lines[*with].procedureCode + " (line " + std::to_string(*with + 1) +
                 ") is billed the same day";
    }
    message += "; add it if it applies, or the payer will bundle or deny the line.";
    s.add(linePath(i) + ".modifiers", std::move(message), "SV101-3 of 2400");
  }
}

void placeOf(const Sink& s, std::string_view pos, std::string field, const std::string& who,
             std::string segment, const Claim& c, const ScrubContext& ctx) {
  const auto& values = s.params().values;
  if (!validation::isPlaceOfServiceCode(pos)) {
    s.add(std::move(field),
          who + " " + shown(pos) +
              " is not a CMS place-of-service code (11 office, 12 home, 22 outpatient hospital, "
              "02 or 10 telehealth...).",
          std::move(segment));
  } else if (!values.empty() && !containsNoCase(values, pos)) {
    s.add(std::move(field),
          payerName(c, ctx) + " takes place of service " + joined(values) + " only; " + who +
              " is " + std::string(pos) + ".",
          std::move(segment));
  }
}

void checkPlaceOfService(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  placeOf(s, c.placeOfService, "place_of_service", "The claim's place of service",
          "CLM05-1 of 2300", c, ctx);
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    if (c.lines[i].placeOfService.empty()) continue;
    placeOf(s, c.lines[i].placeOfService, linePath(i) + ".place_of_service",
            lineLabel(i, c.lines[i]) + "'s place of service", "SV105 of 2400", c, ctx);
  }
}

void checkNotFuture(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    if (l.serviceDate > ctx.today) {
      s.add(linePath(i) + ".service_date",
            lineLabel(i, l) + "'s date of service " + l.serviceDate.toString() +
                " is in the future; bill a service after it is given, and check the date.",
            "DTP03 of 2400 (DTP*472)");
    } else if (l.serviceDateEnd && *l.serviceDateEnd > ctx.today) {
      s.add(linePath(i) + ".service_date_end",
            lineLabel(i, l) + "'s service period ends on " + l.serviceDateEnd->toString() +
                ", in the future; bill the period once it is over.",
            "DTP03 of 2400 (DTP*472)");
    }
  }
}

void checkTimelyFiling(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  const RuleParams& p = s.params();
  const std::int64_t window =
      p.days ? *p.days : static_cast<std::int64_t>(ctx.payerTimelyFilingDays.value_or(365));
  if (window <= 0 || c.lines.empty()) return;
  // The oldest service decides: the payer counts from each line's date of service.
  std::size_t oldest = 0;
  for (std::size_t i = 1; i < c.lines.size(); ++i) {
    if (c.lines[i].serviceDate < c.lines[oldest].serviceDate) oldest = i;
  }
  const ServiceLine& l = c.lines[oldest];
  const std::int64_t elapsed = ctx.today.daysSinceEpoch() - l.serviceDate.daysSinceEpoch();
  const std::int64_t margin = p.marginDays.value_or(0);
  const std::string payer = payerName(c, ctx);
  if (margin <= 0) {
    if (elapsed <= window) return;
    s.add(linePath(oldest) + ".service_date",
          lineLabel(oldest, l) + " was given on " + l.serviceDate.toString() + ", " +
              std::to_string(elapsed) + " days ago; " + payer + " takes claims up to " +
              std::to_string(window) +
              " days after the date of service, so it will be denied as late. Send proof of "
              "an earlier timely claim with it, or write the charge off.",
          "DTP03 of 2400 (DTP*472)");
  } else if (elapsed >= 0 && elapsed <= window && window - elapsed <= margin) {
    const std::int64_t left = window - elapsed;
    s.add(linePath(oldest) + ".service_date",
          lineLabel(oldest, l) + " was given on " + l.serviceDate.toString() + "; only " +
              std::to_string(left) + " day" + (left == 1 ? "" : "s") + " remain of " + payer +
              "'s " + std::to_string(window) + "-day filing limit. Send this claim now.",
          "DTP03 of 2400 (DTP*472)");
  }
}

void checkPriorAuthorization(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  const RuleParams& p = s.params();
  if (p.codes.empty() || !blank(c.priorAuthorization)) return;
  std::string which;
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    if (!codeListContains(p.codes, c.lines[i].procedureCode)) continue;
    if (!which.empty()) which += ", ";
    which += c.lines[i].procedureCode + " (line " + std::to_string(i + 1) + ")";
  }
  if (which.empty()) return;
  s.add("prior_authorization",
        payerName(c, ctx) + " requires a prior authorization for " + which +
            ", but the claim has none; enter the authorization number, or obtain one before "
            "sending the claim.",
        "REF02 of 2300 (REF*G1)");
}

bool sameModifiers(const std::vector<std::string>& a, std::span<const std::string> b) {
  if (a.size() != b.size()) return false;
  for (const auto& m : a) {
    const auto inA =
        std::count_if(a.begin(), a.end(), [&](const auto& x) { return equalsNoCase(x, m); });
    const auto inB =
        std::count_if(b.begin(), b.end(), [&](const auto& x) { return equalsNoCase(x, m); });
    if (inA != inB) return false;
  }
  return true;
}

void checkDuplicates(const Sink& s, const Claim& c, const ScrubContext& ctx) {
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    bool within = false;
    for (std::size_t j = 0; j < i && !within; ++j) {
      const ServiceLine& o = c.lines[j];
      if (o.serviceDate == l.serviceDate && equalsNoCase(o.procedureCode, l.procedureCode) &&
          sameModifiers(o.modifiers, l.modifiers)) {
        within = true;
        s.add(linePath(i) + ".procedure_code",
              lineLabel(i, l) + " bills the same service on the same day as line " +
                  std::to_string(j + 1) +
                  "; put both on one line with more units, or add the modifier that tells "
                  "them apart (76, 77, 91 or XS, for example).",
              "SV101 of 2400");
      }
    }
    if (within || !ctx.alreadyBilled) continue;
    if (auto earlier = ctx.alreadyBilled(billedService(c, i))) {
      s.add(linePath(i) + ".procedure_code",
            lineLabel(i, l) + " on " + l.serviceDate.toString() +
                " was billed already for this patient on claim " + *earlier +
                "; do not bill it twice. Correct the earlier claim (a replacement) instead, or "
                "add the modifier that shows this was a separate service.",
            "SV101 of 2400");
    }
  }
}

void checkCharges(const Sink& s, const Claim& c) {
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const ServiceLine& l = c.lines[i];
    if (l.charge.cents() > 0) continue;
    s.add(linePath(i) + ".charge_cents",
          lineLabel(i, l) + " has a charge of " + dollars(l.charge) +
              (l.charge.cents() == 0
                   ? "; enter the practice's fee, since a payer pays nothing on a zero charge."
                   : "; a negative charge is refused; void or replace the claim to correct an "
                     "amount."),
          "SV102 of 2400");
  }
}

void run(const Rule& rule, const Claim& c, const ScrubContext& ctx, std::vector<Finding>& out) {
  const Sink s(rule, out);
  switch (rule.kind) {
    case CheckKind::kNpiCheckDigit:
      return checkNpi(s, c);
    case CheckKind::kTinFormat:
      return checkTin(s, c);
    case CheckKind::kTaxonomyFormat:
      return checkTaxonomy(s, c);
    case CheckKind::kMemberId:
      return checkMemberId(s, c, ctx);
    case CheckKind::kRelationshipCode:
      return checkRelationship(s, c);
    case CheckKind::kPatientBirthDate:
      return checkBirthDate(s, c, ctx);
    case CheckKind::kPatientSex:
      return checkSex(s, c);
    case CheckKind::kClaimFilingIndicator:
      return checkFilingIndicator(s, c, ctx);
    case CheckKind::kInsuranceTypeCode:
      return checkInsuranceType(s, c);
    case CheckKind::kDiagnosisPointers:
      return checkPointers(s, c);
    case CheckKind::kDiagnosisCodes:
      return checkDiagnoses(s, c, ctx);
    case CheckKind::kProcedureCode:
      return checkProcedures(s, c, ctx);
    case CheckKind::kModifiersValid:
      return checkModifiersValid(s, c, ctx);
    case CheckKind::kModifierAllowed:
      return checkModifierAllowed(s, c, ctx);
    case CheckKind::kModifierNotAccepted:
      return checkModifierNotAccepted(s, c, ctx);
    case CheckKind::kModifierRequired:
      return checkModifierRequired(s, c);
    case CheckKind::kPlaceOfService:
      return checkPlaceOfService(s, c, ctx);
    case CheckKind::kServiceDateNotFuture:
      return checkNotFuture(s, c, ctx);
    case CheckKind::kTimelyFiling:
      return checkTimelyFiling(s, c, ctx);
    case CheckKind::kPriorAuthorization:
      return checkPriorAuthorization(s, c, ctx);
    case CheckKind::kDuplicateService:
      return checkDuplicates(s, c, ctx);
    case CheckKind::kChargePositive:
      return checkCharges(s, c);
    case CheckKind::kCobPayerOrder:
      return checkCobPayerOrder(s, c);
    case CheckKind::kCobPriorPayer:
      return checkCobPriorPayer(s, c);
    case CheckKind::kCobLineBalance:
      return checkCobLineBalance(s, c);
    case CheckKind::kCobClaimBalance:
      return checkCobClaimBalance(s, c);
  }
}

// ---- rule validation ------------------------------------------------------------------------

struct KindRow {
  CheckKind kind;
  std::string_view name;
  std::uint16_t required;
  std::uint16_t allowed;
};

constexpr std::uint16_t bit(Param p) {
  return static_cast<std::uint16_t>(p);
}
constexpr std::uint16_t kProvider = bit(Param::kProvider);
constexpr std::uint16_t kPatterns = bit(Param::kPatterns);
constexpr std::uint16_t kValues = bit(Param::kValues);
constexpr std::uint16_t kCodes = bit(Param::kCodes);
constexpr std::uint16_t kModifiers = bit(Param::kModifiers);
constexpr std::uint16_t kWithCodes = bit(Param::kWithCodes);
constexpr std::uint16_t kReplacements = bit(Param::kReplacements);
constexpr std::uint16_t kDays = bit(Param::kDays);
constexpr std::uint16_t kMarginDays = bit(Param::kMarginDays);
constexpr std::uint16_t kRequired = bit(Param::kRequired);

constexpr KindRow kKinds[] = {
    {CheckKind::kNpiCheckDigit, "npi_check_digit", kProvider, kProvider},
    {CheckKind::kTinFormat, "tin_format", 0, 0},
    {CheckKind::kTaxonomyFormat, "taxonomy_format", kProvider, kProvider | kRequired},
    {CheckKind::kMemberId, "member_id", 0, kPatterns},
    {CheckKind::kRelationshipCode, "relationship_code", 0, 0},
    {CheckKind::kPatientBirthDate, "patient_birth_date", 0, 0},
    {CheckKind::kPatientSex, "patient_sex", 0, 0},
    {CheckKind::kClaimFilingIndicator, "claim_filing_indicator", 0, kValues},
    {CheckKind::kInsuranceTypeCode, "insurance_type_code", 0, kValues | kRequired},
    {CheckKind::kDiagnosisPointers, "diagnosis_pointers", 0, 0},
    {CheckKind::kDiagnosisCodes, "diagnosis_codes", 0, 0},
    {CheckKind::kProcedureCode, "procedure_code", 0, 0},
    {CheckKind::kModifiersValid, "modifiers_valid", 0, 0},
    {CheckKind::kModifierAllowed, "modifier_allowed", kModifiers, kModifiers | kCodes},
    {CheckKind::kModifierNotAccepted, "modifier_not_accepted", kModifiers,
     kModifiers | kReplacements | kCodes},
    {CheckKind::kModifierRequired, "modifier_required", kCodes | kModifiers,
     kCodes | kModifiers | kWithCodes},
    {CheckKind::kPlaceOfService, "place_of_service", 0, kValues},
    {CheckKind::kServiceDateNotFuture, "service_date_not_future", 0, 0},
    {CheckKind::kTimelyFiling, "timely_filing", 0, kDays | kMarginDays},
    {CheckKind::kPriorAuthorization, "prior_authorization", kCodes, kCodes},
    {CheckKind::kDuplicateService, "duplicate_service", 0, 0},
    {CheckKind::kChargePositive, "charge_positive", 0, 0},
    {CheckKind::kCobPayerOrder, "cob_payer_order", 0, 0},
    {CheckKind::kCobPriorPayer, "cob_prior_payer", 0, 0},
    {CheckKind::kCobLineBalance, "cob_line_balance", 0, 0},
    {CheckKind::kCobClaimBalance, "cob_claim_balance", 0, 0},
};

const KindRow& rowOf(CheckKind k) {
  for (const auto& r : kKinds) {
    if (r.kind == k) return r;
  }
  return kKinds[0];
}

constexpr Param kAllParams[] = {
    Param::kProvider,  Param::kPatterns,     Param::kValues, Param::kCodes,      Param::kModifiers,
    Param::kWithCodes, Param::kReplacements, Param::kDays,   Param::kMarginDays, Param::kRequired};

bool given(const RuleParams& p, Param which) {
  switch (which) {
    case Param::kProvider:
      return !p.provider.empty();
    case Param::kPatterns:
      return !p.patterns.empty();
    case Param::kValues:
      return !p.values.empty();
    case Param::kCodes:
      return !p.codes.empty();
    case Param::kModifiers:
      return !p.modifiers.empty();
    case Param::kWithCodes:
      return !p.withCodes.empty();
    case Param::kReplacements:
      return !p.replacements.empty();
    case Param::kDays:
      return p.days.has_value();
    case Param::kMarginDays:
      return p.marginDays.has_value();
    case Param::kRequired:
      return p.required.has_value();
  }
  return false;
}

bool isProcedureCode(std::string_view c) {
  return isCptCode(c) || isHcpcsCode(c);
}

bool isCodeOrRange(std::string_view entry) {
  const auto dash = entry.find('-');
  if (dash == std::string_view::npos) return isProcedureCode(entry);
  const std::string_view from = entry.substr(0, dash);
  const std::string_view to = entry.substr(dash + 1);
  return isProcedureCode(from) && isProcedureCode(to) && from <= to &&
         isDigit(from[0]) == isDigit(to[0]) && isDigit(from[4]) == isDigit(to[4]);
}

constexpr std::size_t kMaxListEntries = 1000;

template <class Pred>
void checkList(FieldErrors& e, const std::string& field, const std::vector<std::string>& list,
               Pred ok, const char* message) {
  if (list.size() > kMaxListEntries) {
    e.add(field, "has more than 1000 entries");
    return;
  }
  for (std::size_t k = 0; k < list.size(); ++k) {
    if (!ok(list[k])) e.add(indexed(field, k), message);
  }
}

bool isRuleId(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || isDigit(c) || c == '.' || c == '_' || c == '-';
  });
}

bool isPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
}

void checkValues(FieldErrors& e, const Rule& r) {
  const RuleParams& p = r.params;
  if (given(p, Param::kProvider)) {
    const bool npi = r.kind == CheckKind::kNpiCheckDigit;
    const bool ok = p.provider == "billing" || p.provider == "rendering" ||
                    (npi && (p.provider == "referring" || p.provider == "service_facility"));
    if (!ok) {
      e.add("params.provider", npi ? "must be billing, rendering, referring or service_facility"
                                   : "must be billing or rendering");
    }
  }
  checkList(
      e, "params.patterns", p.patterns,
      [](const std::string& v) { return !v.empty() && v.size() <= 80 && isPrintableAscii(v); },
      "must be a mask of 1 to 80 printable characters (# digit, @ letter, * either, ? any)");
  switch (r.kind) {
    case CheckKind::kPlaceOfService:
      checkList(
          e, "params.values", p.values,
          [](const std::string& v) { return validation::isPlaceOfServiceCode(v); },
          "must be a CMS place-of-service code (two digits, such as 11)");
      break;
    case CheckKind::kClaimFilingIndicator:
      checkList(
          e, "params.values", p.values,
          [](const std::string& v) { return validation::isClaimFilingIndicator(v); },
          "must be an X12 claim filing indicator (CI, MB, MC...)");
      break;
    default:
      checkList(
          e, "params.values", p.values,
          [](const std::string& v) {
            return v.size() == 2 && std::all_of(v.begin(), v.end(), isUpperAlnum);
          },
          "must be a two-character code");
      break;
  }
  checkList(e, "params.codes", p.codes, isCodeOrRange,
            "must be a CPT or HCPCS code, or a range such as 70540-70553");
  checkList(e, "params.with_codes", p.withCodes, isCodeOrRange,
            "must be a CPT or HCPCS code, or a range such as 10000-69999");
  checkList(
      e, "params.modifiers", p.modifiers, [](const std::string& v) { return isModifierCode(v); },
      "must be a modifier (two capital letters or digits)");
  checkList(
      e, "params.replacements", p.replacements,
      [](const std::string& v) { return isModifierCode(v); },
      "must be a modifier (two capital letters or digits)");
  if (p.days && (*p.days < 1 || *p.days > 3650)) e.add("params.days", "must be 1 to 3650");
  if (p.marginDays) {
    if (*p.marginDays < 1 || *p.marginDays > 3650) {
      e.add("params.margin_days", "must be 1 to 3650");
    } else if (p.days && *p.marginDays >= *p.days) {
      e.add("params.margin_days", "must be less than params.days");
    }
  }
}

}  // namespace

// ---- names ----------------------------------------------------------------------------------

std::string_view toString(Severity s) {
  return s == Severity::kWarning ? "warning" : "error";
}

std::optional<Severity> parseSeverity(std::string_view s) {
  if (s == "error") return Severity::kError;
  if (s == "warning") return Severity::kWarning;
  return std::nullopt;
}

std::string_view toString(CheckKind k) {
  return rowOf(k).name;
}

std::optional<CheckKind> parseCheckKind(std::string_view s) {
  for (const auto& r : kKinds) {
    if (r.name == s) return r.kind;
  }
  return std::nullopt;
}

std::string_view toString(Param p) {
  switch (p) {
    case Param::kProvider:
      return "provider";
    case Param::kPatterns:
      return "patterns";
    case Param::kValues:
      return "values";
    case Param::kCodes:
      return "codes";
    case Param::kModifiers:
      return "modifiers";
    case Param::kWithCodes:
      return "with_codes";
    case Param::kReplacements:
      return "replacements";
    case Param::kDays:
      return "days";
    case Param::kMarginDays:
      return "margin_days";
    case Param::kRequired:
      return "required";
  }
  return "";
}

ParamSpec kindParams(CheckKind k) {
  const KindRow& r = rowOf(k);
  return {r.required, r.allowed};
}

bool batchable(const std::vector<Finding>& findings) {
  return std::none_of(findings.begin(), findings.end(),
                      [](const Finding& f) { return f.severity == Severity::kError; });
}

// ---- validation and patches -----------------------------------------------------------------

std::vector<FieldError> validate(const Rule& r) {
  FieldErrors e;
  if (blank(r.id)) {
    e.add("id", "is required");
  } else if (!isRuleId(r.id)) {
    e.add("id", "must be 1 to 64 lower-case letters, digits, '.', '_' or '-'");
  }
  const ParamSpec spec = kindParams(r.kind);
  const std::string kind(toString(r.kind));
  for (Param p : kAllParams) {
    const std::string field = "params." + std::string(toString(p));
    const bool has = given(r.params, p);
    if (has && (spec.allowed & bit(p)) == 0) {
      e.add(field, "is not a parameter of " + kind);
    } else if (!has && (spec.required & bit(p)) != 0) {
      e.add(field, "is required for " + kind);
    }
  }
  checkValues(e, r);
  for (std::size_t k = 0; k < r.payers.payerIds.size(); ++k) {
    if (!r.payers.payerIds[k].valid()) {
      e.add(indexed("payers.payer_ids", k), "must be a positive payer id");
    }
  }
  checkList(
      e, "payers.x12_payer_ids", r.payers.x12PayerIds,
      [](const std::string& v) { return validation::isPayerIdentifier(v); },
      "must be an X12 payer id (2 to 80 letters or digits)");
  checkList(
      e, "payers.claim_filing_indicators", r.payers.claimFilingIndicators,
      [](const std::string& v) { return validation::isClaimFilingIndicator(v); },
      "must be an X12 claim filing indicator (CI, MB, MC...)");
  if (r.note.size() > 500) {
    e.add("note", "is longer than 500 characters");
  } else if (!validation::isCleanText(r.note)) {
    e.add("note", "must be text without control characters");
  }
  return e.list();
}

std::vector<FieldError> validate(const std::vector<Rule>& rules) {
  FieldErrors e;
  std::unordered_map<std::string_view, std::size_t> ids;
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const std::string prefix = indexed("rules", k) + ".";
    e.append(validate(rules[k]), prefix);
    if (rules[k].id.empty()) continue;
    const auto [it, fresh] = ids.emplace(rules[k].id, k);
    if (!fresh) {
      e.add(prefix + "id", "is the same as " + indexed("rules", it->second) + ".id");
    }
  }
  return e.list();
}

namespace {
/// A rule with the defaults of a rule file entry: an enabled error, no filter, no parameters.
Rule freshRule(const std::string& id, CheckKind kind) {
  Rule r;
  r.id = id;
  r.kind = kind;
  return r;
}
}  // namespace

Result<std::vector<Rule>> applyPatches(std::vector<Rule> base,
                                       const std::vector<RulePatch>& patches) {
  FieldErrors e;
  std::unordered_map<std::string, std::size_t> byId;
  for (std::size_t i = 0; i < base.size(); ++i) byId.emplace(base[i].id, i);
  std::vector<std::ptrdiff_t> origin(base.size(), -1);
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t k = 0; k < patches.size(); ++k) {
    const RulePatch& p = patches[k];
    const std::string prefix = indexed("rules", k) + ".";
    if (blank(p.id)) {
      e.add(prefix + "id", "is required");
      continue;
    }
    if (const auto [it, fresh] = seen.emplace(p.id, k); !fresh) {
      e.add(prefix + "id", "is the same as " + indexed("rules", it->second) + ".id");
      continue;
    }
    Rule* r = nullptr;
    if (auto it = byId.find(p.id); it != byId.end()) {
      r = &base[it->second];
      origin[it->second] = static_cast<std::ptrdiff_t>(k);
      // Another kind is another rule: nothing of the old one carries over.
      if (p.kind && *p.kind != r->kind) *r = freshRule(p.id, *p.kind);
    } else {
      if (!p.kind) {
        e.add(prefix + "kind", "is required for a rule that is not one of the defaults");
        continue;
      }
      base.push_back(freshRule(p.id, *p.kind));
      origin.push_back(static_cast<std::ptrdiff_t>(k));
      byId.emplace(p.id, base.size() - 1);
      r = &base.back();
    }
    if (p.severity) r->severity = *p.severity;
    if (p.enabled) r->enabled = *p.enabled;
    if (p.payers) r->payers = *p.payers;
    if (p.params) r->params = *p.params;
    if (p.note) r->note = *p.note;
  }
  // Report in the file's order, whatever the order of the rules the patches landed on.
  std::vector<std::pair<std::ptrdiff_t, std::size_t>> touched;
  for (std::size_t i = 0; i < base.size(); ++i) {
    if (origin[i] >= 0) touched.emplace_back(origin[i], i);
  }
  std::sort(touched.begin(), touched.end());
  for (const auto& [k, i] : touched) {
    e.append(validate(base[i]), indexed("rules", static_cast<std::size_t>(k)) + ".");
  }
  if (!e.empty()) return e.toError();
  return base;
}

// ---- duplicates -----------------------------------------------------------------------------

BilledService billedService(const Claim& c, std::size_t line) {
  const ServiceLine& l = c.lines[line];
  BilledService s;
  s.x12PayerId = c.payer.payerId;
  s.memberId = c.subscriber.memberId;
  if (c.patient) {
    s.patientLast = c.patient->name.last;
    s.patientFirst = c.patient->name.first;
    s.birthDate = c.patient->birthDate;
  } else {
    s.patientLast = c.subscriber.name.last;
    s.patientFirst = c.subscriber.name.first;
    s.birthDate = c.subscriber.birthDate;
  }
  s.serviceDate = l.serviceDate;
  s.procedureCode = l.procedureCode;
  s.modifiers = l.modifiers;
  s.claimReference = c.patientControlNumber;
  return s;
}

std::string BilledServices::key(const BilledService& s) {
  std::string k;
  k.reserve(96);
  auto part = [&](std::string_view v) {
    for (char ch : v) k += upper(ch);
    k += '|';
  };
  part(s.x12PayerId);
  part(s.memberId);
  part(s.birthDate ? s.birthDate->toString() : std::string());
  part(s.patientLast);
  part(s.patientFirst);
  part(s.serviceDate.toString());
  part(s.procedureCode);
  std::vector<std::string> mods;
  mods.reserve(s.modifiers.size());
  for (const auto& m : s.modifiers) {
    std::string u;
    for (char ch : m) u += upper(ch);
    mods.push_back(std::move(u));
  }
  std::sort(mods.begin(), mods.end());
  for (const auto& m : mods) {
    k += m;
    k += ',';
  }
  return k;
}

void BilledServices::add(const Claim& claim) {
  for (std::size_t i = 0; i < claim.lines.size(); ++i) {
    index_.emplace(key(billedService(claim, i)), claim.patientControlNumber);
  }
}

std::optional<std::string> BilledServices::find(const BilledService& s) const {
  const auto [from, to] = index_.equal_range(key(s));
  for (auto it = from; it != to; ++it) {
    if (it->second != s.claimReference) return it->second;
  }
  return std::nullopt;
}

// ---- the engine -----------------------------------------------------------------------------

bool codeListContains(std::span<const std::string> list, std::string_view code) {
  for (const auto& entry : list) {
    const auto dash = entry.find('-');
    if (dash == std::string::npos) {
      if (equalsNoCase(entry, code)) return true;
      continue;
    }
    const std::string_view from = std::string_view(entry).substr(0, dash);
    const std::string_view to = std::string_view(entry).substr(dash + 1);
    if (code.size() != from.size() || code.size() != to.size()) continue;
    std::array<char, 8> u{};
    if (code.size() > u.size()) continue;
    for (std::size_t i = 0; i < code.size(); ++i) u[i] = upper(code[i]);
    const std::string_view c(u.data(), code.size());
    if (from <= c && c <= to) return true;
  }
  return false;
}

bool matchesMask(std::string_view id, std::string_view pattern) {
  if (id.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    switch (pattern[i]) {
      case '#':
        if (!isDigit(c)) return false;
        break;
      case '@':
        if (!isAlpha(c)) return false;
        break;
      case '*':
        if (!isAlnum(c)) return false;
        break;
      case '?':
        break;
      default:
        if (upper(c) != upper(pattern[i])) return false;
    }
  }
  return true;
}

bool appliesTo(const PayerFilter& f, const Claim& c, const ScrubContext& ctx) {
  if (!f.payerIds.empty() &&
      std::find(f.payerIds.begin(), f.payerIds.end(), ctx.payerId) == f.payerIds.end()) {
    return false;
  }
  if (!f.x12PayerIds.empty() && !containsNoCase(f.x12PayerIds, c.payer.payerId)) return false;
  if (!f.claimFilingIndicators.empty() &&
      !containsNoCase(f.claimFilingIndicators, c.subscriber.claimFilingIndicator)) {
    return false;
  }
  return true;
}

std::vector<Finding> scrub(const Claim& claim, std::span<const Rule> rules,
                           const ScrubContext& context) {
  std::vector<Finding> out;
  for (const Rule& rule : rules) {
    if (!rule.enabled || !appliesTo(rule.payers, claim, context)) continue;
    run(rule, claim, context, out);
  }
  return out;
}

}  // namespace medoffice::domain::claims
