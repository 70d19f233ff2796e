// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/claims/claim_json.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "codecs/json/json_reader.hpp"
#include "domain/common/validation.hpp"

namespace medoffice::codecs {

namespace claims = domain::claims;
using domain::Date;
using domain::Money;
using nlohmann::json;

namespace {

/// Money::parse's limit (±90 trillion dollars), so that every amount read is one the rest of
/// billing can format and add up.
constexpr std::int64_t kMaxCents = 9'000'000'000'000'000;

// ---- enum words ----

template <class E>
struct Word {
  E value;
  std::string_view word;
};

constexpr Word<claims::EntityType> kEntityTypes[] = {
    {claims::EntityType::kPerson, "person"}, {claims::EntityType::kOrganization, "organization"}};
constexpr Word<claims::Sex> kSexes[] = {{claims::Sex::kFemale, "female"},
                                        {claims::Sex::kMale, "male"},
                                        {claims::Sex::kUnknown, "unknown"}};
constexpr Word<claims::TaxIdKind> kTaxIdKinds[] = {{claims::TaxIdKind::kEin, "ein"},
                                                   {claims::TaxIdKind::kSsn, "ssn"}};
constexpr Word<claims::PayerResponsibility> kResponsibilities[] = {
    {claims::PayerResponsibility::kPrimary, "primary"},
    {claims::PayerResponsibility::kSecondary, "secondary"},
    {claims::PayerResponsibility::kTertiary, "tertiary"}};
constexpr Word<claims::ClaimFrequency> kFrequencies[] = {
    {claims::ClaimFrequency::kOriginal, "original"},
    {claims::ClaimFrequency::kReplacement, "replacement"},
    {claims::ClaimFrequency::kVoid, "void"}};
constexpr Word<claims::Assignment> kAssignments[] = {
    {claims::Assignment::kAssigned, "assigned"},
    {claims::Assignment::kLabOnly, "lab_only"},
    {claims::Assignment::kNotAssigned, "not_assigned"}};
constexpr Word<claims::BenefitsAssignment> kBenefits[] = {
    {claims::BenefitsAssignment::kYes, "yes"},
    {claims::BenefitsAssignment::kNo, "no"},
    {claims::BenefitsAssignment::kNotApplicable, "not_applicable"}};
constexpr Word<claims::ReleaseOfInformation> kReleases[] = {
    {claims::ReleaseOfInformation::kSigned, "signed"},
    {claims::ReleaseOfInformation::kInformed, "informed"}};
constexpr Word<claims::UnitBasis> kUnitBases[] = {{claims::UnitBasis::kUnits, "units"},
                                                  {claims::UnitBasis::kMinutes, "minutes"}};

/// The word of `v`; the first word for a value outside the enum (never produced by the model,
/// but encoding must not fail on it).
template <class E, std::size_t N>
std::string_view wordOf(const Word<E> (&words)[N], E v) {
  for (const auto& w : words) {
    if (w.value == v) return w.word;
  }
  return words[0].word;
}

template <class E, std::size_t N>
std::string wordList(const Word<E> (&words)[N]) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    if (i > 0) out += i + 1 == N ? " or " : ", ";
    out += words[i].word;
  }
  return out;
}

// ---- the NDC quantity: thousandths as an exact decimal ----

std::string milliText(std::int64_t q) {
  const bool negative = q < 0;
  const std::uint64_t m =
      negative ? std::uint64_t{0} - static_cast<std::uint64_t>(q) : static_cast<std::uint64_t>(q);
  std::string out = (negative ? "-" : "") + std::to_string(m / 1000);
  if (const std::uint64_t frac = m % 1000; frac != 0) {
    std::string digits = std::to_string(1000 + frac).substr(1);
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

/// "-12", "1.5", "0.125"; nullopt for more than three decimals, exponents, signs other than a
/// leading minus, or a value outside int64 thousandths.
std::optional<std::int64_t> parseMilli(std::string_view s) {
  const bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  const auto dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && frac.empty()) || frac.size() > 3) {
    return std::nullopt;
  }
  const std::uint64_t limit =
      negative ? std::uint64_t{1} << 63 : std::uint64_t{std::numeric_limits<std::int64_t>::max()};
  std::uint64_t value = 0;
  auto push = [&](char c) {
    if (c < '0' || c > '9') return false;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (value > (limit - d) / 10) return false;
    value = value * 10 + d;
    return true;
  };
  for (char c : whole) {
    if (!push(c)) return std::nullopt;
  }
  for (std::size_t i = 0; i < 3; ++i) {
    if (!push(i < frac.size() ? frac[i] : '0')) return std::nullopt;
  }
  if (negative) return static_cast<std::int64_t>(std::uint64_t{0} - value);
  return static_cast<std::int64_t>(value);
}

// ---- writing ----

void writeName(JsonWriter& w, std::string_view key, const claims::PartyName& n) {
  w.key(key)
      .beginObject()
      .member("type", wordOf(kEntityTypes, n.type))
      .member("last", n.last)
      .member("first", n.first)
      .member("middle", n.middle)
      .member("suffix", n.suffix)
      .endObject();
}

void writeAddress(JsonWriter& w, std::string_view key, const domain::Address& a) {
  w.key(key)
      .beginObject()
      .member("line1", a.line1)
      .member("line2", a.line2)
      .member("city", a.city)
      .member("state", a.state)
      .member("postal_code", a.postalCode)
      .endObject();
}

void writeContact(JsonWriter& w, const claims::Contact& c) {
  w.key("contact")
      .beginObject()
      .member("name", c.name)
      .member("phone", c.phone)
      .member("email", c.email)
      .endObject();
}

void writeDate(JsonWriter& w, std::string_view key, const std::optional<Date>& d) {
  if (d) w.member(key, d->toString());
}

void writeCents(JsonWriter& w, std::string_view key, const std::optional<Money>& m) {
  if (m) w.member(key, m->cents());
}

void writeStrings(JsonWriter& w, std::string_view key, const std::vector<std::string>& values) {
  w.key(key).beginArray();
  for (const auto& v : values) w.value(v);
  w.endArray();
}

void writeProvider(JsonWriter& w, std::string_view key,
                   const std::optional<claims::ProviderRef>& p) {
  if (!p) return;
  w.key(key).beginObject();
  writeName(w, "name", p->name);
  w.member("npi", p->npi).member("taxonomy", p->taxonomy).endObject();
}

void writeAdjustments(JsonWriter& w, const std::vector<claims::Adjustment>& adjustments) {
  w.key("adjustments").beginArray();
  for (const auto& a : adjustments) {
    w.beginObject()
        .member("group_code", a.groupCode)
        .member("reason_code", a.reasonCode)
        .member("amount_cents", a.amount.cents())
        .member("quantity", a.quantity)
        .endObject();
  }
  w.endArray();
}

void writeOtherPayer(JsonWriter& w, const claims::OtherPayer& o) {
  w.beginObject()
      .member("responsibility", wordOf(kResponsibilities, o.responsibility))
      .member("relationship", o.relationship)
      .member("group_number", o.groupNumber)
      .member("group_name", o.groupName)
      .member("insurance_type_code", o.insuranceTypeCode)
      .member("claim_filing_indicator", o.claimFilingIndicator);
  writeAdjustments(w, o.adjustments);
  writeCents(w, "paid_amount_cents", o.paidAmount);
  writeCents(w, "non_covered_amount_cents", o.nonCoveredAmount);
  writeCents(w, "remaining_patient_liability_cents", o.remainingPatientLiability);
  w.member("benefits_assignment", wordOf(kBenefits, o.benefitsAssignment))
      .member("release_of_information", wordOf(kReleases, o.releaseOfInformation));
  writeName(w, "subscriber_name", o.subscriberName);
  w.member("subscriber_member_id", o.subscriberMemberId);
  writeAddress(w, "subscriber_address", o.subscriberAddress);
  w.member("payer_name", o.payerName).member("payer_id", o.payerId);
  writeAddress(w, "payer_address", o.payerAddress);
  writeDate(w, "adjudication_date", o.adjudicationDate);
  w.member("payer_claim_control_number", o.payerClaimControlNumber).endObject();
}

void writeAdjudication(JsonWriter& w, const claims::LineAdjudication& a) {
  w.beginObject()
      .member("other_payer_id", a.otherPayerId)
      .member("paid_amount_cents", a.paidAmount.cents())
      .member("procedure_code", a.procedureCode);
  writeStrings(w, "modifiers", a.modifiers);
  w.member("paid_units", a.paidUnits);
  writeAdjustments(w, a.adjustments);
  w.member("adjudication_date", a.adjudicationDate.toString());
  writeCents(w, "remaining_patient_liability_cents", a.remainingPatientLiability);
  w.endObject();
}

void writeLine(JsonWriter& w, const claims::ServiceLine& l) {
  w.beginObject()
      .member("control_number", l.controlNumber)
      .member("procedure_code", l.procedureCode);
  writeStrings(w, "modifiers", l.modifiers);
  w.member("description", l.description)
      .member("charge_cents", l.charge.cents())
      .member("unit_basis", wordOf(kUnitBases, l.unitBasis))
      .member("units", l.units)
      .member("place_of_service", l.placeOfService)
      .key("diagnosis_pointers")
      .beginArray();
  for (int p : l.diagnosisPointers) w.value(p);
  w.endArray().member("service_date", l.serviceDate.toString());
  writeDate(w, "service_date_end", l.serviceDateEnd);
  if (l.ndc) {
    w.key("ndc")
        .beginObject()
        .member("code", l.ndc->code)
        .member("unit", l.ndc->unit)
        .member("quantity", milliText(l.ndc->quantityMilli))
        .endObject();
  }
  writeProvider(w, "rendering_provider", l.renderingProvider);
  w.key("adjudications").beginArray();
  for (const auto& a : l.adjudications) writeAdjudication(w, a);
  w.endArray().endObject();
}

// ---- reading ----

std::string join(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out = parent;
  out += '.';
  out.append(key);
  return out;
}

std::string indexed(const std::string& path, std::size_t k) {
  return path + "[" + std::to_string(k) + "]";
}

/// The members of one JSON object, read strictly and exactly (no trimming: the snapshot must
/// come back as it was written). Every read marks its member; finish() names the others.
class In {
 public:
  In(const json& obj, domain::FieldErrors& errors, std::string path)
      : obj_(obj), errors_(errors), path_(std::move(path)) {}

  [[nodiscard]] std::string path(std::string_view key) const { return join(path_, key); }
  [[nodiscard]] domain::FieldErrors& errors() const { return errors_; }

  /// The member `key`, marking it read; nullptr when absent or null.
  const json* get(const char* key) {
    seen_.emplace_back(key);
    const auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  void text(const char* key, std::string& out) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (!v->is_string()) return fail(key, "must be a string");
    out = v->get_ref<const std::string&>();
  }

  void flag(const char* key, bool& out) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (!v->is_boolean()) return fail(key, "must be true or false");
    out = v->get<bool>();
  }

  template <class E, std::size_t N>
  void word(const char* key, E& out, const Word<E> (&words)[N]) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (v->is_string()) {
      const auto& s = v->get_ref<const std::string&>();
      for (const auto& w : words) {
        if (w.word == s) {
          out = w.value;
          return;
        }
      }
    }
    fail(key, "must be " + wordList(words));
  }

  template <class Int>
  void integer(const char* key, Int& out, std::int64_t min = std::numeric_limits<Int>::min(),
               std::int64_t max = std::numeric_limits<Int>::max()) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (auto n = integerOf(*v, min, max)) {
      out = static_cast<Int>(*n);
    } else {
      fail(key, rangeMessage(min, max));
    }
  }

  void cents(const char* key, Money& out) {
    std::int64_t c = out.cents();
    integer(key, c, -kMaxCents, kMaxCents);
    out = Money::fromCents(c);
  }

  void cents(const char* key, std::optional<Money>& out) {
    if (!has(key)) {
      get(key);
      return;
    }
    Money m;
    const std::size_t before = errors_.list().size();
    cents(key, m);
    if (errors_.list().size() == before) out = m;
  }

  void date(const char* key, Date& out) {
    std::optional<Date> d;
    if (!has(key)) {
      get(key);
      return fail(key, "is required (a date YYYY-MM-DD)");
    }
    date(key, d);
    if (d) out = *d;
  }

  void date(const char* key, std::optional<Date>& out) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (v->is_string()) {
      if (auto d = Date::parse(v->get_ref<const std::string&>())) {
        out = *d;
        return;
      }
    }
    fail(key, "must be a date YYYY-MM-DD (years 1800 to 9999)");
  }

  void texts(const char* key, std::vector<std::string>& out) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (!v->is_array()) return fail(key, "must be an array of strings");
    out.clear();
    for (std::size_t k = 0; k < v->size(); ++k) {
      const json& e = (*v)[k];
      if (!e.is_string()) {
        errors_.add(indexed(path(key), k), "must be a string");
        continue;
      }
      out.push_back(e.get<std::string>());
    }
  }

  void integers(const char* key, std::vector<int>& out) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (!v->is_array()) return fail(key, "must be an array of integers");
    out.clear();
    constexpr std::int64_t kMin = std::numeric_limits<int>::min();
    constexpr std::int64_t kMax = std::numeric_limits<int>::max();
    for (std::size_t k = 0; k < v->size(); ++k) {
      if (auto n = integerOf((*v)[k], kMin, kMax)) {
        out.push_back(static_cast<int>(*n));
      } else {
        errors_.add(indexed(path(key), k), rangeMessage(kMin, kMax));
      }
    }
  }

  /// A nested object read by `read(In&)`; absent or null leaves it untouched.
  template <class F>
  void object(const char* key, F&& read) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (!v->is_object()) return fail(key, "must be an object");
    In inner(*v, errors_, path(key));
    read(inner);
    inner.finish();
  }

  /// A nested object that sets `out` (absent or null: unset).
  template <class T, class F>
  void optionalObject(const char* key, std::optional<T>& out, F&& read) {
    if (!has(key)) {
      get(key);
      out.reset();
      return;
    }
    T value{};
    object(key, [&](In& in) { read(in, value); });
    out = std::move(value);
  }

  /// An array of objects, each read by `read(In&, T&)`.
  template <class T, class F>
  void objects(const char* key, std::vector<T>& out, F&& read) {
    const json* v = get(key);
    if (v == nullptr) return;
    if (!v->is_array()) return fail(key, "must be an array of objects");
    out.clear();
    out.reserve(v->size());
    for (std::size_t k = 0; k < v->size(); ++k) {
      const json& e = (*v)[k];
      const std::string at = indexed(path(key), k);
      if (!e.is_object()) {
        errors_.add(at, "must be an object");
        continue;
      }
      In inner(e, errors_, at);
      T value{};
      read(inner, value);
      inner.finish();
      out.push_back(std::move(value));
    }
  }

  /// Names every member nothing read.
  void finish() {
    for (const auto& [k, v] : obj_.items()) {
      bool known = false;
      for (const auto& s : seen_) {
        if (s == k) {
          known = true;
          break;
        }
      }
      if (known) continue;
      const bool printable = k.size() <= 100 && domain::validation::isCleanText(k);
      errors_.add(path(printable ? std::string_view(k) : std::string_view("(unprintable)")),
                  "is not a known field");
    }
  }

 private:
  [[nodiscard]] bool has(const char* key) const {
    const auto it = obj_.find(key);
    return it != obj_.end() && !it->is_null();
  }

  void fail(const char* key, std::string message) { errors_.add(path(key), std::move(message)); }

  static std::optional<std::int64_t> integerOf(const json& v, std::int64_t min, std::int64_t max) {
    std::int64_t n = 0;
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
      }
      n = static_cast<std::int64_t>(u);
    } else if (v.is_number_integer()) {
      n = v.get<std::int64_t>();
    } else {
      return std::nullopt;
    }
    if (n < min || n > max) return std::nullopt;
    return n;
  }

  static std::string rangeMessage(std::int64_t min, std::int64_t max) {
    return "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
  }

  const json& obj_;
  domain::FieldErrors& errors_;
  std::string path_;
  std::vector<std::string_view> seen_;
};

void readName(In& in, claims::PartyName& n) {
  in.word("type", n.type, kEntityTypes);
  in.text("last", n.last);
  in.text("first", n.first);
  in.text("middle", n.middle);
  in.text("suffix", n.suffix);
}

void readAddress(In& in, domain::Address& a) {
  in.text("line1", a.line1);
  in.text("line2", a.line2);
  in.text("city", a.city);
  in.text("state", a.state);
  in.text("postal_code", a.postalCode);
}

void readContact(In& in, claims::Contact& c) {
  in.text("name", c.name);
  in.text("phone", c.phone);
  in.text("email", c.email);
}

void readProvider(In& in, claims::ProviderRef& p) {
  in.object("name", [&](In& n) { readName(n, p.name); });
  in.text("npi", p.npi);
  in.text("taxonomy", p.taxonomy);
}

void readAdjustment(In& in, claims::Adjustment& a) {
  in.text("group_code", a.groupCode);
  in.text("reason_code", a.reasonCode);
  in.cents("amount_cents", a.amount);
  in.integer("quantity", a.quantity);
}

void readOtherPayer(In& in, claims::OtherPayer& o) {
  in.word("responsibility", o.responsibility, kResponsibilities);
  in.text("relationship", o.relationship);
  in.text("group_number", o.groupNumber);
  in.text("group_name", o.groupName);
  in.text("insurance_type_code", o.insuranceTypeCode);
  in.text("claim_filing_indicator", o.claimFilingIndicator);
  in.objects("adjustments", o.adjustments, readAdjustment);
  in.cents("paid_amount_cents", o.paidAmount);
  in.cents("non_covered_amount_cents", o.nonCoveredAmount);
  in.cents("remaining_patient_liability_cents", o.remainingPatientLiability);
  in.word("benefits_assignment", o.benefitsAssignment, kBenefits);
  in.word("release_of_information", o.releaseOfInformation, kReleases);
  in.object("subscriber_name", [&](In& n) { readName(n, o.subscriberName); });
  in.text("subscriber_member_id", o.subscriberMemberId);
  in.object("subscriber_address", [&](In& a) { readAddress(a, o.subscriberAddress); });
  in.text("payer_name", o.payerName);
  in.text("payer_id", o.payerId);
  in.object("payer_address", [&](In& a) { readAddress(a, o.payerAddress); });
  in.date("adjudication_date", o.adjudicationDate);
  in.text("payer_claim_control_number", o.payerClaimControlNumber);
}

void readAdjudication(In& in, claims::LineAdjudication& a) {
  in.text("other_payer_id", a.otherPayerId);
  in.cents("paid_amount_cents", a.paidAmount);
  in.text("procedure_code", a.procedureCode);
  in.texts("modifiers", a.modifiers);
  in.integer("paid_units", a.paidUnits);
  in.objects("adjustments", a.adjustments, readAdjustment);
  in.date("adjudication_date", a.adjudicationDate);
  in.cents("remaining_patient_liability_cents", a.remainingPatientLiability);
}

void readNdc(In& in, domain::NdcDetail& n) {
  in.text("code", n.code);
  in.text("unit", n.unit);
  const json* q = in.get("quantity");
  std::optional<std::int64_t> milli;
  if (q != nullptr && q->is_string()) {
    milli = parseMilli(q->get_ref<const std::string&>());
  } else if (q != nullptr && q->is_number()) {
    // dump() of a number is its shortest exact text ("1.5", "2", "1e+30" is refused).
    milli = parseMilli(q->dump());
  }
  if (q == nullptr) {
    in.errors().add(in.path("quantity"), "is required (a decimal such as \"1.5\")");
  } else if (!milli) {
    in.errors().add(in.path("quantity"), "must be a decimal with at most 3 decimals, as \"1.5\"");
  } else {
    n.quantityMilli = *milli;
  }
}

void readLine(In& in, claims::ServiceLine& l) {
  in.text("control_number", l.controlNumber);
  in.text("procedure_code", l.procedureCode);
  in.texts("modifiers", l.modifiers);
  in.text("description", l.description);
  in.cents("charge_cents", l.charge);
  in.word("unit_basis", l.unitBasis, kUnitBases);
  in.integer("units", l.units);
  in.text("place_of_service", l.placeOfService);
  in.integers("diagnosis_pointers", l.diagnosisPointers);
  in.date("service_date", l.serviceDate);
  in.date("service_date_end", l.serviceDateEnd);
  in.optionalObject("ndc", l.ndc, readNdc);
  in.optionalObject("rendering_provider", l.renderingProvider, readProvider);
  in.objects("adjudications", l.adjudications, readAdjudication);
}

void readClaim(In& in, claims::Claim& c) {
  std::int64_t id = 0;
  in.integer("id", id, 1, std::numeric_limits<std::int64_t>::max());
  c.id = domain::ClaimId(id);
  in.text("patient_control_number", c.patientControlNumber);
  in.word("frequency", c.frequency, kFrequencies);
  in.text("original_claim_number", c.originalClaimNumber);
  in.text("place_of_service", c.placeOfService);
  in.flag("provider_signature_on_file", c.providerSignatureOnFile);
  in.word("assignment", c.assignment, kAssignments);
  in.word("benefits_assignment", c.benefitsAssignment, kBenefits);
  in.word("release_of_information", c.releaseOfInformation, kReleases);
  in.object("submitter", [&](In& s) {
    s.object("name", [&](In& n) { readName(n, c.submitter.name); });
    s.text("id", c.submitter.id);
    s.object("contact", [&](In& k) { readContact(k, c.submitter.contact); });
  });
  in.object("receiver", [&](In& r) {
    r.text("name", c.receiver.name);
    r.text("id", c.receiver.id);
  });
  in.object("billing_provider", [&](In& b) {
    claims::BillingProvider& p = c.billingProvider;
    b.object("name", [&](In& n) { readName(n, p.name); });
    b.text("npi", p.npi);
    b.word("tax_id_kind", p.taxIdKind, kTaxIdKinds);
    b.text("tax_id", p.taxId);
    b.text("taxonomy", p.taxonomy);
    b.object("address", [&](In& a) { readAddress(a, p.address); });
    b.object("contact", [&](In& k) { readContact(k, p.contact); });
    b.optionalObject("pay_to_address", p.payToAddress, readAddress);
  });
  in.object("subscriber", [&](In& s) {
    claims::Subscriber& p = c.subscriber;
    s.word("responsibility", p.responsibility, kResponsibilities);
    s.text("group_number", p.groupNumber);
    s.text("group_name", p.groupName);
    s.text("insurance_type_code", p.insuranceTypeCode);
    s.text("claim_filing_indicator", p.claimFilingIndicator);
    s.object("name", [&](In& n) { readName(n, p.name); });
    s.text("member_id", p.memberId);
    s.date("birth_date", p.birthDate);
    s.word("sex", p.sex, kSexes);
    s.object("address", [&](In& a) { readAddress(a, p.address); });
  });
  in.object("payer", [&](In& p) {
    p.text("name", c.payer.name);
    p.text("payer_id", c.payer.payerId);
    p.object("address", [&](In& a) { readAddress(a, c.payer.address); });
  });
  in.optionalObject("patient", c.patient, [](In& p, claims::Patient& out) {
    p.text("relationship", out.relationship);
    p.object("name", [&](In& n) { readName(n, out.name); });
    p.date("birth_date", out.birthDate);
    p.word("sex", out.sex, kSexes);
    p.object("address", [&](In& a) { readAddress(a, out.address); });
  });
  in.optionalObject("accident", c.accident, [](In& a, claims::Accident& out) {
    a.texts("causes", out.causes);
    a.text("state", out.state);
    a.date("date", out.date);
  });
  in.date("onset_date", c.onsetDate);
  in.cents("patient_paid_cents", c.patientPaid);
  in.text("prior_authorization", c.priorAuthorization);
  in.text("referral_number", c.referralNumber);
  in.texts("diagnoses", c.diagnoses);
  in.optionalObject("referring_provider", c.referringProvider, readProvider);
  in.optionalObject("rendering_provider", c.renderingProvider, readProvider);
  in.optionalObject("service_facility", c.serviceFacility, [](In& f, claims::ServiceFacility& out) {
    f.text("name", out.name);
    f.text("npi", out.npi);
    f.object("address", [&](In& a) { readAddress(a, out.address); });
  });
  in.objects("other_payers", c.otherPayers, readOtherPayer);
  in.objects("lines", c.lines, readLine);
}

}  // namespace

void writeClaimJson(JsonWriter& w, const claims::Claim& c) {
  w.beginObject();
  if (c.id.valid()) w.member("id", c.id.value);
  w.member("patient_control_number", c.patientControlNumber)
      .member("frequency", wordOf(kFrequencies, c.frequency))
      .member("original_claim_number", c.originalClaimNumber)
      .member("place_of_service", c.placeOfService)
      .member("provider_signature_on_file", c.providerSignatureOnFile)
      .member("assignment", wordOf(kAssignments, c.assignment))
      .member("benefits_assignment", wordOf(kBenefits, c.benefitsAssignment))
      .member("release_of_information", wordOf(kReleases, c.releaseOfInformation));

  w.key("submitter").beginObject();
  writeName(w, "name", c.submitter.name);
  w.member("id", c.submitter.id);
  writeContact(w, c.submitter.contact);
  w.endObject();

  w.key("receiver")
      .beginObject()
      .member("name", c.receiver.name)
      .member("id", c.receiver.id)
      .endObject();

  const claims::BillingProvider& b = c.billingProvider;
  w.key("billing_provider").beginObject();
  writeName(w, "name", b.name);
  w.member("npi", b.npi)
      .member("tax_id_kind", wordOf(kTaxIdKinds, b.taxIdKind))
      .member("tax_id", b.taxId)
      .member("taxonomy", b.taxonomy);
  writeAddress(w, "address", b.address);
  writeContact(w, b.contact);
  if (b.payToAddress) writeAddress(w, "pay_to_address", *b.payToAddress);
  w.endObject();

  const claims::Subscriber& s = c.subscriber;
  w.key("subscriber")
      .beginObject()
      .member("responsibility", wordOf(kResponsibilities, s.responsibility))
      .member("group_number", s.groupNumber)
      .member("group_name", s.groupName)
      .member("insurance_type_code", s.insuranceTypeCode)
      .member("claim_filing_indicator", s.claimFilingIndicator);
  writeName(w, "name", s.name);
  w.member("member_id", s.memberId);
  writeDate(w, "birth_date", s.birthDate);
  w.member("sex", wordOf(kSexes, s.sex));
  writeAddress(w, "address", s.address);
  w.endObject();

  w.key("payer").beginObject().member("name", c.payer.name).member("payer_id", c.payer.payerId);
  writeAddress(w, "address", c.payer.address);
  w.endObject();

  if (c.patient) {
    const claims::Patient& p = *c.patient;
    w.key("patient").beginObject().member("relationship", p.relationship);
    writeName(w, "name", p.name);
    w.member("birth_date", p.birthDate.toString()).member("sex", wordOf(kSexes, p.sex));
    writeAddress(w, "address", p.address);
    w.endObject();
  }
  if (c.accident) {
    w.key("accident").beginObject();
    writeStrings(w, "causes", c.accident->causes);
    w.member("state", c.accident->state);
    writeDate(w, "date", c.accident->date);
    w.endObject();
  }
  writeDate(w, "onset_date", c.onsetDate);
  writeCents(w, "patient_paid_cents", c.patientPaid);
  w.member("prior_authorization", c.priorAuthorization).member("referral_number", c.referralNumber);
  writeStrings(w, "diagnoses", c.diagnoses);
  writeProvider(w, "referring_provider", c.referringProvider);
  writeProvider(w, "rendering_provider", c.renderingProvider);
  if (c.serviceFacility) {
    w.key("service_facility")
        .beginObject()
        .member("name", c.serviceFacility->name)
        .member("npi", c.serviceFacility->npi);
    writeAddress(w, "address", c.serviceFacility->address);
    w.endObject();
  }
  w.key("other_payers").beginArray();
  for (const auto& o : c.otherPayers) writeOtherPayer(w, o);
  w.endArray().key("lines").beginArray();
  for (const auto& l : c.lines) writeLine(w, l);
  w.endArray().endObject();
}

std::string claimToJson(const claims::Claim& claim) {
  JsonWriter w;
  w.reserve(4096);
  writeClaimJson(w, claim);
  return w.take();
}

claims::Claim readClaimJson(const json& value, domain::FieldErrors& errors,
                            const std::string& prefix) {
  claims::Claim c;
  if (!value.is_object()) {
    errors.add(prefix.empty() ? "body" : prefix, "must be a JSON object (a claim)");
    return c;
  }
  In in(value, errors, prefix);
  readClaim(in, c);
  in.finish();
  return c;
}

domain::Result<claims::Claim> claimFromJson(std::string_view text) {
  auto doc = parseObject(text);
  if (!doc) return doc.error();
  domain::FieldErrors errors;
  claims::Claim c = readClaimJson(*doc, errors);
  if (!errors.empty()) {
    return domain::Error{domain::ErrorCode::kInvalid, "The claim has invalid fields.",
                         errors.list()};
  }
  return c;
}

}  // namespace medoffice::codecs
