// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The claim scrubber (issue 16, point 3): checks a claim against a rule set before it may be
// batched, and explains each problem in words an office can act on. Rules are data: each names a
// built-in check kind with its parameters, a severity, an optional payer filter and an on/off
// switch, so that a practice can switch rules off, change severities and add payer rules (see
// default_rules.hpp for the set MedOffice ships and codecs/claims/scrub_rules_json.hpp for the
// file format). Pure: code sets and earlier claims are asked through functions the caller
// passes in (ScrubContext), so the scrubber does no I/O.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/billing/encounter.hpp"
#include "domain/claims/claim.hpp"
#include "domain/common/error.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::domain::claims {

/// An error blocks batching; a warning is shown and does not.
enum class Severity : std::uint8_t { kError, kWarning };
/// "error" or "warning".
std::string_view toString(Severity s);
std::optional<Severity> parseSeverity(std::string_view s);

/// One problem found on one field of a claim.
struct Finding {
  Severity severity = Severity::kError;
  std::string rule;     ///< the rule's id: `npi.billing.check_digit`
  std::string field;    ///< path in the claim: `billing_provider.npi`, `lines[2].modifiers[0]`
  std::string message;  ///< one or two sentences saying what is wrong and what to do
  std::string segment;  ///< the X12 element it protects (`NM109 of 2010AA`); may be empty
  bool operator==(const Finding&) const = default;
};

/// False when any finding is an error: such a claim must not be put in a batch.
bool batchable(const std::vector<Finding>& findings);

/// The built-in checks a rule can name. Each has its parameters (RuleParams); kindParams() says
/// which are required and which allowed.
enum class CheckKind : std::uint8_t {
  kNpiCheckDigit,         ///< `provider` (billing, rendering, referring, service_facility)
  kTinFormat,             ///< billing provider's EIN/SSN: 9 digits, not one digit repeated
  kTaxonomyFormat,        ///< `provider` (billing, rendering); `required` (bool)
  kMemberId,              ///< present, card characters; `patterns` (masks, see below)
  kRelationshipCode,      ///< PAT01 and 2320 SBR02 from the 5010 list
  kPatientBirthDate,      ///< present, not in the future, not after the date of service
  kPatientSex,            ///< not U (unknown)
  kClaimFilingIndicator,  ///< SBR09 valid, equal to the payer's; `values` (allowed here)
  kInsuranceTypeCode,     ///< SBR05 on Medicare secondary claims; `values`, `required`
  kDiagnosisPointers,     ///< each SV107 pointer in 1..diagnoses, none twice, at most 4
  kDiagnosisCodes,        ///< ICD-10-CM form, none twice, billable on the date of service
  kProcedureCode,         ///< CPT/HCPCS form, valid on the date of service
  kModifiersValid,        ///< two letters or digits, at most 4, none twice, in the code set
  kModifierAllowed,       ///< `modifiers` the payer takes (others flagged); `codes`
  kModifierNotAccepted,   ///< `modifiers` the payer refuses; `replacements`; `codes`
  kModifierRequired,      ///< `codes` need one of `modifiers` [when billed with `with_codes`]
  kPlaceOfService,        ///< CMS POS list, or `values`
  kServiceDateNotFuture,  ///< DTP*472 not after the scrub date
  kTimelyFiling,          ///< within `days` of the date of service; `margin_days`
  kPriorAuthorization,    ///< REF*G1 present when a line bills one of `codes`
  kDuplicateService,      ///< same patient, date, code and modifiers billed already
  kChargePositive,        ///< each line's charge more than zero
  kCobPayerOrder,         ///< SBR01 of the claim and its 2320s: each once, earlier ranks present
  kCobPriorPayer,         ///< each earlier payer's id, AMT*D and DTP*573 (secondary, tertiary)
  kCobLineBalance,        ///< SV102 = SVD02 + Σ 2430 CAS, per line and earlier payer
  kCobClaimBalance,       ///< CLM02 = AMT*D + Σ 2320 CAS + Σ 2430 CAS, per earlier payer
};
inline constexpr CheckKind kAllCheckKinds[] = {
    CheckKind::kNpiCheckDigit,       CheckKind::kTinFormat,
    CheckKind::kTaxonomyFormat,      CheckKind::kMemberId,
    CheckKind::kRelationshipCode,    CheckKind::kPatientBirthDate,
    CheckKind::kPatientSex,          CheckKind::kClaimFilingIndicator,
    CheckKind::kInsuranceTypeCode,   CheckKind::kDiagnosisPointers,
    CheckKind::kDiagnosisCodes,      CheckKind::kProcedureCode,
    CheckKind::kModifiersValid,      CheckKind::kModifierAllowed,
    CheckKind::kModifierNotAccepted, CheckKind::kModifierRequired,
    CheckKind::kPlaceOfService,      CheckKind::kServiceDateNotFuture,
    CheckKind::kTimelyFiling,        CheckKind::kPriorAuthorization,
    CheckKind::kDuplicateService,    CheckKind::kChargePositive,
    CheckKind::kCobPayerOrder,       CheckKind::kCobPriorPayer,
    CheckKind::kCobLineBalance,      CheckKind::kCobClaimBalance};
/// The kind's name in rule files: `npi_check_digit`, `timely_filing`...
std::string_view toString(CheckKind k);
std::optional<CheckKind> parseCheckKind(std::string_view s);

/// The parameters of a rule. Each kind reads only its own (kindParams); an empty list or an
/// unset optional means "not given".
///
/// Code lists (`codes`, `with_codes`) hold CPT/HCPCS codes or inclusive ranges of codes of the
/// same form, `70540-70553`. Member id `patterns` are masks, one character each: `#` a digit,
/// `@` a letter, `*` a letter or digit, `?` any character, anything else itself; an id must
/// match one of them whole (the Medicare MBI is `#@*#@*#@@##`).
struct RuleParams {
  std::string provider;                    ///< npi_check_digit, taxonomy_format
  std::vector<std::string> patterns;       ///< member_id
  std::vector<std::string> values;         ///< codes allowed: POS, SBR09 or SBR05
  std::vector<std::string> codes;          ///< procedure codes the rule is about
  std::vector<std::string> modifiers;      ///< modifiers allowed, refused or required
  std::vector<std::string> withCodes;      ///< modifier_required: only when billed with these
  std::vector<std::string> replacements;   ///< modifier_not_accepted: what to use instead
  std::optional<std::int64_t> days;        ///< timely_filing window (1..3650)
  std::optional<std::int64_t> marginDays;  ///< timely_filing: warn this many days before
  std::optional<bool> required;            ///< taxonomy_format, insurance_type_code
  bool operator==(const RuleParams&) const = default;
};

/// The parameters, as bits, for kindParams().
enum class Param : std::uint16_t {
  kProvider = 1 << 0,
  kPatterns = 1 << 1,
  kValues = 1 << 2,
  kCodes = 1 << 3,
  kModifiers = 1 << 4,
  kWithCodes = 1 << 5,
  kReplacements = 1 << 6,
  kDays = 1 << 7,
  kMarginDays = 1 << 8,
  kRequired = 1 << 9,
};
/// `provider`, `patterns`, `values`, `codes`, `modifiers`, `with_codes`, `replacements`,
/// `days`, `margin_days`, `required`: the names in rule files and field paths.
std::string_view toString(Param p);

struct ParamSpec {
  std::uint16_t required = 0;  ///< Param bits that must be given
  std::uint16_t allowed = 0;   ///< Param bits that may be given (includes `required`)
};
ParamSpec kindParams(CheckKind k);

/// Which claims a rule applies to. Each list, when not empty, must contain the claim's value;
/// an empty filter matches every claim.
struct PayerFilter {
  std::vector<PayerId> payerIds;         ///< MedOffice payer records (ScrubContext::payerId)
  std::vector<std::string> x12PayerIds;  ///< payer.payer_id (NM109 of 2010BB)
  std::vector<std::string> claimFilingIndicators;  ///< subscriber.claim_filing_indicator
  [[nodiscard]] bool empty() const {
    return payerIds.empty() && x12PayerIds.empty() && claimFilingIndicators.empty();
  }
  bool operator==(const PayerFilter&) const = default;
};

/// One rule of a rule set.
struct Rule {
  std::string id;  ///< unique in the set: lower-case letters, digits, `.`, `_`, `-`
  CheckKind kind = CheckKind::kNpiCheckDigit;
  Severity severity = Severity::kError;
  bool enabled = true;
  PayerFilter payers;
  RuleParams params;
  std::string note;  ///< the practice's own advice, added to each finding's message
  bool operator==(const Rule&) const = default;
};

/// Checks one rule's values: its id, the parameters its kind requires and allows and their
/// form, the payer filter and the note. Paths are relative to the rule (`params.days`).
std::vector<FieldError> validate(const Rule& rule);
/// validate() for each rule (paths `rules[3].params.codes`) and ids unique (`rules[5].id`).
std::vector<FieldError> validate(const std::vector<Rule>& rules);

/// A rule in a practice's file, laid over a base set (the defaults) by id. For an id the base
/// has, the members given replace the base rule's (`enabled: false` alone switches it off,
/// `severity` alone changes its severity); a `kind` other than the base rule's replaces the
/// whole rule. For a new id it is a new rule and `kind` is required.
struct RulePatch {
  std::string id;
  std::optional<CheckKind> kind;
  std::optional<Severity> severity;
  std::optional<bool> enabled;
  std::optional<PayerFilter> payers;
  std::optional<RuleParams> params;
  std::optional<std::string> note;
};

/// `base` with `patches` laid over it in order (new rules after the base's, in file order).
/// Errors name the patch: `rules[3].kind` "is required", `rules[4].id` "is the same as
/// rules[1].id", `rules[2].params.days` "is required for timely_filing"; every problem is listed,
/// and nothing is returned then. `base` must be valid itself (validate()).
Result<std::vector<Rule>> applyPatches(std::vector<Rule> base,
                                       const std::vector<RulePatch>& patches);

// ---- what the caller supplies ---------------------------------------------------------------

/// One service of a claim, as the duplicate check asks about it. The views point into the claim
/// being scrubbed and live for the duration of the call only.
struct BilledService {
  std::string_view x12PayerId;             ///< payer.payer_id
  std::string_view memberId;               ///< subscriber.member_id
  std::string_view patientLast;            ///< the patient's (2010CA, else 2010BA) family name
  std::string_view patientFirst;           ///< and given name
  std::optional<Date> birthDate;           ///< the patient's
  Date serviceDate;                        ///< DTP*472 of the line
  std::string_view procedureCode;          ///< SV101-2
  std::span<const std::string> modifiers;  ///< in any order
  std::string_view claimReference;         ///< CLM01 of the claim scrubbed: never its own duplicate
};

/// The BilledService of line `line` of `claim`. Precondition: line < claim.lines.size().
BilledService billedService(const Claim& claim, std::size_t line);

/// An index of services already billed, built by the caller from claims it has sent (an
/// in-memory answer for ScrubContext::alreadyBilled). Patients match on payer, member id,
/// birth date and name (case-insensitive); modifiers in any order. Not thread-safe to fill;
/// find() may be called from many threads once filled.
class BilledServices {
 public:
  /// Adds every line of `claim` under its CLM01.
  void add(const Claim& claim);
  /// The CLM01 of a claim other than `s.claimReference` that billed the same service.
  [[nodiscard]] std::optional<std::string> find(const BilledService& s) const;
  [[nodiscard]] std::size_t size() const { return index_.size(); }

 private:
  static std::string key(const BilledService& s);
  std::unordered_multimap<std::string, std::string> index_;
};

/// What the scrubber needs beyond the claim and the rules.
struct ScrubContext {
  Date today;  ///< the scrub date (from the Clock): "the future" and timely filing count from it
  /// The MedOffice payer record billed, for `payers.payer_ids` filters; unset: such filters do
  /// not match.
  PayerId payerId;
  /// The payer record's SBR09; empty: unknown (no consistency check against it).
  std::string payerClaimFilingIndicator;
  /// The payer record's timely-filing window, used by timely_filing rules without `days`;
  /// unset: 365 days.
  std::optional<int> payerTimelyFilingDays;
  std::string payerName;  ///< for messages; empty: payer.name of the claim
  /// Code-set answers (billable, valid on the date of service). Any function may be empty: that
  /// question is not asked, and only the code's form is checked.
  CodeCheck codes;
  /// The CLM01 of another claim that billed the same service already, or nullopt; empty: only
  /// duplicates within the claim are found. See BilledServices.
  std::function<std::optional<std::string>(const BilledService&)> alreadyBilled;
};

/// Whether `rule`'s payer filter matches the claim billed to `context`'s payer.
bool appliesTo(const PayerFilter& filter, const Claim& claim, const ScrubContext& context);

/// Runs every enabled rule whose payer filter matches, in the rules' order, and returns their
/// findings in that order (within a rule, in the order of the claim's fields). Never throws on
/// any claim; a rule that validate() would refuse checks what it can and never fails. The
/// context's functions are called synchronously and may be called several times.
std::vector<Finding> scrub(const Claim& claim, std::span<const Rule> rules,
                           const ScrubContext& context);

/// True when `code` is one of `list`, each entry a code or an inclusive range `A-B` of codes
/// of the same length (compared as text).
bool codeListContains(std::span<const std::string> list, std::string_view code);
/// True when `id` matches the member id mask `pattern` whole (see RuleParams).
bool matchesMask(std::string_view id, std::string_view pattern);

}  // namespace medoffice::domain::claims
