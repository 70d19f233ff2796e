// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/claim_837p.hpp"

#include "codecs/x12/claim_837p_emit.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <unordered_map>
#include <utility>

namespace medoffice::codecs::x12 {

namespace claims = domain::claims;
using domain::Error;
using domain::Status;
using namespace detail837p;

namespace {

// ---- element → model field tables (SegmentMap) ----
// clang-format off
#define MO_NAME(p) {3, 0, p "name.last"}, {4, 0, p "name.first"}, {5, 0, p "name.middle"}, \
                   {7, 0, p "name.suffix"}
#define MO_N3(p) {1, 0, p "line1"}, {2, 0, p "line2"}
#define MO_N4(p) {1, 0, p "city"}, {2, 0, p "state"}, {3, 0, p "postal_code"}
#define MO_PER(p) {2, 0, p "contact.name"}, {4, 0, p "contact.phone"}, {6, 0, p "contact.email"}
#define MO_PER_EMAIL(p) {2, 0, p "contact.name"}, {4, 0, p "contact.email"}
#define MO_HI(n, path) {n, 2, path}, {n, 0, path}
#define MO_CAS(n) {n, 0, "adjustments"}
// clang-format on

constexpr ElementField kNone[] = {{0, 0, ""}};
constexpr ElementField kBht[] = {{3, 0, "batch_reference"}};
constexpr ElementField kSubmitterNm1[] = {{3, 0, "submitter.name.last"},
                                          {4, 0, "submitter.name.first"},
                                          {5, 0, "submitter.name.middle"},
                                          {9, 0, "submitter.id"}};
constexpr ElementField kSubmitterPer[] = {MO_PER("submitter.")};
constexpr ElementField kSubmitterPerEmail[] = {MO_PER_EMAIL("submitter.")};
constexpr ElementField kReceiverNm1[] = {{3, 0, "receiver.name"}, {9, 0, "receiver.id"}};

constexpr ElementField kBillingPrv[] = {{3, 0, "billing_provider.taxonomy"}};
constexpr ElementField kBillingNm1[] = {MO_NAME("billing_provider."),
                                        {9, 0, "billing_provider.npi"}};
constexpr ElementField kBillingN3[] = {MO_N3("billing_provider.address.")};
constexpr ElementField kBillingN4[] = {MO_N4("billing_provider.address.")};
constexpr ElementField kBillingRef[] = {{2, 0, "billing_provider.tax_id"}};
constexpr ElementField kBillingPer[] = {MO_PER("billing_provider.")};
constexpr ElementField kBillingPerEmail[] = {MO_PER_EMAIL("billing_provider.")};
constexpr ElementField kPayToN3[] = {MO_N3("billing_provider.pay_to_address.")};
constexpr ElementField kPayToN4[] = {MO_N4("billing_provider.pay_to_address.")};

constexpr ElementField kSubscriberSbr[] = {{1, 0, "subscriber.responsibility"},
                                           {3, 0, "subscriber.group_number"},
                                           {4, 0, "subscriber.group_name"},
                                           {5, 0, "subscriber.insurance_type_code"},
                                           {9, 0, "subscriber.claim_filing_indicator"}};
constexpr ElementField kSubscriberNm1[] = {MO_NAME("subscriber."), {9, 0, "subscriber.member_id"}};
constexpr ElementField kSubscriberN3[] = {MO_N3("subscriber.address.")};
constexpr ElementField kSubscriberN4[] = {MO_N4("subscriber.address.")};
constexpr ElementField kSubscriberDmg[] = {{2, 0, "subscriber.birth_date"},
                                           {3, 0, "subscriber.sex"}};
constexpr ElementField kPayerNm1[] = {{3, 0, "payer.name"}, {9, 0, "payer.payer_id"}};
constexpr ElementField kPayerN3[] = {MO_N3("payer.address.")};
constexpr ElementField kPayerN4[] = {MO_N4("payer.address.")};

constexpr ElementField kPat[] = {{1, 0, "patient.relationship"}};
constexpr ElementField kPatientNm1[] = {MO_NAME("patient.")};
constexpr ElementField kPatientN3[] = {MO_N3("patient.address.")};
constexpr ElementField kPatientN4[] = {MO_N4("patient.address.")};
constexpr ElementField kPatientDmg[] = {{2, 0, "patient.birth_date"}, {3, 0, "patient.sex"}};

constexpr ElementField kClm[] = {{1, 0, "patient_control_number"},
                                 {2, 0, "total_charge"},
                                 {5, 1, "place_of_service"},
                                 {5, 3, "frequency"},
                                 {5, 0, "place_of_service"},
                                 {6, 0, "provider_signature_on_file"},
                                 {7, 0, "assignment"},
                                 {8, 0, "benefits_assignment"},
                                 {9, 0, "release_of_information"},
                                 {11, 1, "accident.causes[0]"},
                                 {11, 2, "accident.causes[1]"},
                                 {11, 4, "accident.state"},
                                 {11, 0, "accident"}};
constexpr ElementField kOnset[] = {{3, 0, "onset_date"}};
constexpr ElementField kAccidentDate[] = {{3, 0, "accident.date"}};
constexpr ElementField kPatientPaid[] = {{2, 0, "patient_paid_cents"}};
constexpr ElementField kReferral[] = {{2, 0, "referral_number"}};
constexpr ElementField kPriorAuth[] = {{2, 0, "prior_authorization"}};
constexpr ElementField kOriginal[] = {{2, 0, "original_claim_number"}};
constexpr ElementField kHi[] = {
    MO_HI(1, "diagnoses[0]"),  MO_HI(2, "diagnoses[1]"),   MO_HI(3, "diagnoses[2]"),
    MO_HI(4, "diagnoses[3]"),  MO_HI(5, "diagnoses[4]"),   MO_HI(6, "diagnoses[5]"),
    MO_HI(7, "diagnoses[6]"),  MO_HI(8, "diagnoses[7]"),   MO_HI(9, "diagnoses[8]"),
    MO_HI(10, "diagnoses[9]"), MO_HI(11, "diagnoses[10]"), MO_HI(12, "diagnoses[11]")};
constexpr ElementField kReferringNm1[] = {MO_NAME("referring_provider."),
                                          {9, 0, "referring_provider.npi"}};
constexpr ElementField kRenderingNm1[] = {MO_NAME("rendering_provider."),
                                          {9, 0, "rendering_provider.npi"}};
constexpr ElementField kRenderingPrv[] = {{3, 0, "rendering_provider.taxonomy"}};
constexpr ElementField kFacilityNm1[] = {{3, 0, "service_facility.name"},
                                         {9, 0, "service_facility.npi"}};
constexpr ElementField kFacilityN3[] = {MO_N3("service_facility.address.")};
constexpr ElementField kFacilityN4[] = {MO_N4("service_facility.address.")};

// 2400-2430, relative to lines[i] (and adjudications[j]).
constexpr ElementField kSv1[] = {{1, 2, "procedure_code"},
                                 {1, 3, "modifiers[0]"},
                                 {1, 4, "modifiers[1]"},
                                 {1, 5, "modifiers[2]"},
                                 {1, 6, "modifiers[3]"},
                                 {1, 7, "description"},
                                 {1, 0, "procedure_code"},
                                 {2, 0, "charge_cents"},
                                 {3, 0, "unit_basis"},
                                 {4, 0, "units"},
                                 {5, 0, "place_of_service"},
                                 {7, 1, "diagnosis_pointers[0]"},
                                 {7, 2, "diagnosis_pointers[1]"},
                                 {7, 3, "diagnosis_pointers[2]"},
                                 {7, 4, "diagnosis_pointers[3]"},
                                 {7, 0, "diagnosis_pointers"}};
constexpr ElementField kServiceDate[] = {{3, 0, "service_date"}};
constexpr ElementField kLineControl[] = {{2, 0, "control_number"}};
constexpr ElementField kLin[] = {{3, 0, "ndc.code"}};
constexpr ElementField kCtp[] = {{4, 0, "ndc.quantity"}, {5, 1, "ndc.unit"}, {5, 0, "ndc.unit"}};
constexpr ElementField kLineRenderingNm1[] = {MO_NAME("rendering_provider."),
                                              {9, 0, "rendering_provider.npi"}};
constexpr ElementField kLineRenderingPrv[] = {{3, 0, "rendering_provider.taxonomy"}};
#undef MO_NAME
#undef MO_N3
#undef MO_N4
#undef MO_PER
#undef MO_PER_EMAIL
#undef MO_HI
#undef MO_CAS

}  // namespace

namespace detail837p {

// ---- numbers and dates, exact, into caller buffers ----

std::string_view formatFixed(char* buf, std::int64_t value, int scale) {
  const bool negative = value < 0;
  std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(value)
                                     : static_cast<std::uint64_t>(value);
  const std::uint64_t unit = scale == 3 ? 1000 : 100;
  std::uint64_t whole = magnitude / unit;
  std::uint64_t fraction = magnitude % unit;
  char digits[24];
  std::size_t n = 0;
  do {
    digits[n++] = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole != 0);
  std::size_t len = 0;
  if (negative && magnitude != 0) buf[len++] = '-';
  while (n > 0) buf[len++] = digits[--n];
  if (fraction != 0) {
    buf[len++] = '.';
    int places = scale;
    while (fraction % 10 == 0) {
      fraction /= 10;
      --places;
    }
    for (int k = places - 1; k >= 0; --k) {
      buf[len + static_cast<std::size_t>(k)] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    len += static_cast<std::size_t>(places);
  }
  return {buf, len};
}

std::string_view formatInt(char* buf, std::int64_t value) {
  return formatFixed(buf, value * 100, 2);
}

void put2(char* p, int v) {
  p[0] = static_cast<char>('0' + v / 10 % 10);
  p[1] = static_cast<char>('0' + v % 10);
}

std::string_view formatDate(char* buf, const domain::Date& d) {
  put2(buf, d.year() / 100);
  put2(buf + 2, d.year() % 100);
  put2(buf + 4, d.month());
  put2(buf + 6, d.day());
  return {buf, 8};
}

char sexCode(claims::Sex s) {
  switch (s) {
    case claims::Sex::kFemale:
      return 'F';
    case claims::Sex::kMale:
      return 'M';
    case claims::Sex::kUnknown:
      break;
  }
  return 'U';
}

// ---- text cleaning ----

// U+00C0..U+00FF and U+0100..U+017F to ASCII letters. '#' marks a two-letter expansion,
// '-' a character that is not a letter (× ÷), dropped.
constexpr std::string_view kLatin1 =
    "AAAAAA#CEEEEIIIIDNOOOOO-OUUUUY##"
    "AAAAAA#CEEEEIIIIDNOOOOO-OUUUUY#Y";
constexpr std::string_view kLatinExtendedA =
    "AAAAAACCCCCCCCDDDDEEEEEEEEEEGGGGGGGGHHHHIIIIIIIIII##JJKKKLLLLLLLLLLNNNNNNNNNOOOOOO##RRRRRR"
    "SSSSSSSSTTTTTTUUUUUUUUUUUUWWYYYZZZZZZS";
static_assert(kLatin1.size() == 64);
static_assert(kLatinExtendedA.size() == 128);

/// What a code point becomes: "" (dropped), " " (a separator) or ASCII letters.
std::string_view fold(std::uint32_t cp) {
  if (cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x3000) return " ";
  if (cp >= 0xC0 && cp <= 0xFF) {
    const char c = kLatin1[cp - 0xC0];
    if (c == '-') return "";
    if (c == '#') return cp == 0xC6 || cp == 0xE6 ? "AE" : cp == 0xDF ? "SS" : "TH";
    return {kLatin1.data() + (cp - 0xC0), 1};
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    const char c = kLatinExtendedA[cp - 0x100];
    if (c == '#') return cp <= 0x133 ? "IJ" : "OE";
    return {kLatinExtendedA.data() + (cp - 0x100), 1};
  }
  if (cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x2032) return "'";
  if (cp == 0x201C || cp == 0x201D) return "\"";
  if (cp >= 0x2010 && cp <= 0x2015) return "-";
  return "";
}

/// Decodes one UTF-8 sequence at s[i]; returns its length (0: invalid, skip one byte).
std::size_t decode(std::string_view s, std::size_t i, std::uint32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
  if (b >= 0xF5) len = 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = len == 2 ? (b & 0x1FU) : len == 3 ? (b & 0x0FU) : (b & 0x07U);
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0U) != 0x80U) return 0;
    cp = (cp << 6) | (c & 0x3FU);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
  return len;
}

void cleanInto(std::string& out, std::string_view value, std::size_t maxLength,
               const CharTable& table, TextKind kind) {
  out.clear();
  bool space = false;
  // Appends c after any pending space; false once the element is full.
  auto put = [&](char c) {
    if (space) {
      space = false;
      if (!out.empty()) {
        if (out.size() + 2 > maxLength) return false;
        out += ' ';
      }
    }
    if (out.size() >= maxLength) return false;
    out += c;
    return true;
  };
  const bool delimiterIsSpace = kind == TextKind::kText;
  const bool upper = kind != TextKind::kEmail;
  for (std::size_t i = 0; i < value.size();) {
    const char c = value[i];
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      ++i;
      switch (table.of(b)) {
        case CharTable::kKeep:
          if (!put(c)) return;
          break;
        case CharTable::kLower:
          if (!put(upper ? static_cast<char>(c - 'a' + 'A') : c)) return;
          break;
        case CharTable::kSeparator:
          space = true;
          break;
        case CharTable::kDelimiter:
          if (delimiterIsSpace) space = true;
          break;
      }
      continue;
    }
    std::uint32_t cp = 0;
    const std::size_t len = decode(value, i, cp);
    if (len == 0) {
      ++i;
      continue;
    }
    i += len;
    for (char f : fold(cp)) {
      const auto k = table.of(static_cast<unsigned char>(f));
      if (k == CharTable::kSeparator) {
        space = true;
      } else if (k != CharTable::kDelimiter && !put(f)) {
        return;
      }
    }
  }
}

}  // namespace detail837p

namespace {

// ---- the HL tree ----

struct ProviderNode {
  std::size_t rep = 0;  // a claim that carries this level's data
  std::vector<std::size_t> subscribers;
  std::uint32_t hl = 0;
};
struct SubscriberNode {
  std::size_t rep = 0;
  std::size_t provider = 0;
  std::vector<std::size_t> claims;  // claims of the subscriber as patient (2300 under 2000B)
  std::vector<std::size_t> patients;
  std::uint32_t hl = 0;
};
struct PatientNode {
  std::size_t rep = 0;
  std::size_t subscriber = 0;
  std::vector<std::size_t> claims;
  std::uint32_t hl = 0;
};

class Hash {
 public:
  Hash& add(std::string_view s) { return mix(std::hash<std::string_view>{}(s)); }
  Hash& add(std::uint64_t v) { return mix(v); }
  [[nodiscard]] std::uint64_t value() const { return h_; }

 private:
  Hash& mix(std::uint64_t v) {
    h_ ^= v + 0x9E3779B97F4A7C15ULL + (h_ << 6) + (h_ >> 2);
    return *this;
  }
  std::uint64_t h_ = 0xCBF29CE484222325ULL;
};

struct Tree {
  std::vector<ProviderNode> providers;
  std::vector<SubscriberNode> subscribers;
  std::vector<PatientNode> patients;
};

/// Groups claims into HL levels (first appearance first) and numbers them in one pre-order
/// pass: a level's number, its parent's and whether it has children all come from the tree.
Tree buildTree(std::span<const claims::Claim> cs) {
  Tree t;
  std::unordered_multimap<std::uint64_t, std::size_t> providerIndex;
  std::unordered_multimap<std::uint64_t, std::size_t> subscriberIndex;
  std::unordered_multimap<std::uint64_t, std::size_t> patientIndex;
  auto find = [](auto& index, std::uint64_t key, auto&& same) -> std::optional<std::size_t> {
    auto [from, to] = index.equal_range(key);
    for (auto it = from; it != to; ++it) {
      if (same(it->second)) return it->second;
    }
    return std::nullopt;
  };
  for (std::size_t i = 0; i < cs.size(); ++i) {
    const claims::Claim& c = cs[i];
    const auto& b = c.billingProvider;
    // Keys hash a few telling fields; equality of the whole level decides.
    const auto pKey = Hash().add(b.npi).add(b.taxId).value();
    auto p = find(providerIndex, pKey,
                  [&](std::size_t n) { return cs[t.providers[n].rep].billingProvider == b; });
    if (!p) {
      p = t.providers.size();
      t.providers.push_back({i, {}, 0});
      providerIndex.emplace(pKey, *p);
    }
    const auto& s = c.subscriber;
    const auto sKey = Hash()
                          .add(*p)
                          .add(s.memberId)
                          .add(c.payer.payerId)
                          .add(static_cast<std::uint64_t>(s.responsibility))
                          .value();
    auto sub = find(subscriberIndex, sKey, [&](std::size_t n) {
      const claims::Claim& r = cs[t.subscribers[n].rep];
      return t.subscribers[n].provider == *p && r.subscriber == s && r.payer == c.payer;
    });
    if (!sub) {
      sub = t.subscribers.size();
      t.subscribers.push_back({i, *p, {}, {}, 0});
      t.providers[*p].subscribers.push_back(*sub);
      subscriberIndex.emplace(sKey, *sub);
    }
    if (!c.patient) {
      t.subscribers[*sub].claims.push_back(i);
      continue;
    }
    const auto& q = *c.patient;
    const auto qKey = Hash()
                          .add(*sub)
                          .add(q.name.first)
                          .add(static_cast<std::uint64_t>(q.birthDate.daysSinceEpoch()))
                          .value();
    auto pat = find(patientIndex, qKey, [&](std::size_t n) {
      return t.patients[n].subscriber == *sub && *cs[t.patients[n].rep].patient == q;
    });
    if (!pat) {
      pat = t.patients.size();
      t.patients.push_back({i, *sub, {}, 0});
      t.subscribers[*sub].patients.push_back(*pat);
      patientIndex.emplace(qKey, *pat);
    }
    t.patients[*pat].claims.push_back(i);
  }
  std::uint32_t n = 0;
  for (auto& p : t.providers) {
    p.hl = ++n;
    for (std::size_t s : p.subscribers) {
      t.subscribers[s].hl = ++n;
      for (std::size_t q : t.subscribers[s].patients) t.patients[q].hl = ++n;
    }
  }
  return t;
}

}  // namespace

namespace detail837p {

void name(Emitter& e, const claims::PartyName& n, std::string_view field) {
  e.raw(2, n.type == claims::EntityType::kPerson ? '1' : '2');
  e.required(3, n.last, kNameMax, field);
  if (n.type == claims::EntityType::kPerson) {
    e.text(4, n.first, kFirstMax);
    e.text(5, n.middle, kMiddleMax);
    e.text(7, n.suffix, kSuffixMax);
  }
}

Status address(Emitter& e, const domain::Address& a, std::string_view loop,
               std::span<const ElementField> n3, std::span<const ElementField> n4) {
  if (!a.line1.empty() || !a.line2.empty()) {
    e.begin("N3", loop, "", n3);
    e.text(1, a.line1, kAddressMax);
    e.text(2, a.line2, kAddressMax);
    MO_TRY(e.end());
  }
  if (!a.city.empty() || !a.state.empty() || !a.postalCode.empty()) {
    e.begin("N4", loop, "", n4);
    e.text(1, a.city, kCityMax);
    e.id(2, a.state, kStateMax);
    e.digits(3, a.postalCode, kPostalMax);
    MO_TRY(e.end());
  }
  return {};
}

Status contact(Emitter& e, const claims::Contact& c, std::string_view loop,
               std::span<const ElementField> withPhone, std::span<const ElementField> emailOnly) {
  const bool phone =
      std::any_of(c.phone.begin(), c.phone.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  e.begin("PER", loop, "IC", phone ? withPhone : emailOnly);
  e.raw(1, "IC");
  e.text(2, c.name, kNameMax);
  std::size_t n = 3;
  if (phone) {
    // E.164 (+1...) to the ten digits payers expect; others as their digits.
    std::string_view number = c.phone;
    if (number.size() == 12 && number.substr(0, 2) == "+1") number.remove_prefix(2);
    e.raw(n, "TE");
    e.digits(n + 1, number, kPhoneMax);
    n += 2;
  }
  if (!c.email.empty()) {
    e.raw(n, "EM");
    e.text(n + 1, c.email, kPhoneMax, TextKind::kEmail);
  }
  return e.end();
}

Status dmg(Emitter& e, std::string_view loop, std::span<const ElementField> fields,
           const domain::Date& birth, claims::Sex sex) {
  e.begin("DMG", loop, "D8", fields);
  e.raw(1, "D8");
  e.date(2, birth);
  e.raw(3, sexCode(sex));
  return e.end();
}

Status procedure(Emitter& e, std::size_t n, std::string_view code,
                 const std::vector<std::string>& modifiers, std::string_view description) {
  e.raw(n, 1, "HC");
  if (!e.text(n, 2, code, kCodeMax, TextKind::kIdentifier)) e.missing("procedure_code");
  for (std::size_t k = 0; k < modifiers.size() && k < claims::kMaxModifiers; ++k) {
    e.text(n, 3 + k, modifiers[k], kModifierMax, TextKind::kIdentifier);
  }
  if (!description.empty()) e.text(n, 7, description, kDescriptionMax);
  return {};
}

}  // namespace detail837p

namespace {

Status providerLoop(Emitter& e, std::string_view loop, std::string_view qualifier,
                    const claims::ProviderRef& p, std::span<const ElementField> nm1,
                    std::span<const ElementField> prv, std::string_view field) {
  e.begin("NM1", loop, qualifier, nm1);
  e.raw(1, qualifier);
  name(e, p.name, std::string(field) + ".name.last");
  e.raw(8, "XX");
  if (!e.id(9, p.npi, kIdMax)) e.missing(std::string(field) + ".npi");
  MO_TRY(e.end());
  if (!p.taxonomy.empty() && !prv.empty()) {
    e.begin("PRV", loop, "PE", prv);
    e.raw(1, "PE");
    e.raw(2, "PXC");
    e.id(3, p.taxonomy, kRefMax);
    MO_TRY(e.end());
  }
  return {};
}

Status lineLoops(Emitter& e, const claims::Claim& c, const claims::ServiceLine& l,
                 std::size_t number) {
  e.begin("LX", "2400", "", kNone);
  e.integer(1, static_cast<std::int64_t>(number));
  MO_TRY(e.end());

  e.begin("SV1", "2400", "HC", kSv1);
  MO_TRY(procedure(e, 1, l.procedureCode, l.modifiers, l.description));
  e.amount(2, l.charge);
  e.raw(3, l.unitBasis == claims::UnitBasis::kMinutes ? "MJ" : "UN");
  e.integer(4, l.units);
  if (!l.placeOfService.empty() && l.placeOfService != c.placeOfService) {
    e.id(5, l.placeOfService, kShortCodeMax);
  }
  {
    // SV107: the pointers as components.
    char buf[8];
    for (std::size_t k = 0; k < l.diagnosisPointers.size() && k < claims::kMaxPointers; ++k) {
      const int p = l.diagnosisPointers[k];
      std::size_t len = 0;
      if (p >= 10) buf[len++] = static_cast<char>('0' + p / 10);
      buf[len++] = static_cast<char>('0' + p % 10);
      e.raw(7, k + 1, std::string_view(buf, len));
    }
  }
  MO_TRY(e.end());

  e.begin("DTP", "2400", "472", kServiceDate);
  e.raw(1, "472");
  if (l.serviceDateEnd && *l.serviceDateEnd != l.serviceDate) {
    char range[17];
    formatDate(range, l.serviceDate);
    range[8] = '-';
    formatDate(range + 9, *l.serviceDateEnd);
    e.raw(2, "RD8");
    e.raw(3, std::string_view(range, 17));
  } else {
    e.raw(2, "D8");
    e.date(3, l.serviceDate);
  }
  MO_TRY(e.end());

  e.begin("REF", "2400", "6R", kLineControl);
  e.raw(1, "6R");
  if (!e.id(2, l.controlNumber, kRefMax)) e.missing("control_number");
  MO_TRY(e.end());

  if (l.ndc) {
    e.begin("LIN", "2410", "N4", kLin);
    e.raw(2, "N4");
    if (!e.digits(3, l.ndc->code, kCodeMax)) e.missing("ndc.code");
    MO_TRY(e.end());
    e.begin("CTP", "2410", "", kCtp);
    char qty[32];
    e.raw(4, formatFixed(qty, l.ndc->quantityMilli, 3));
    if (!e.text(5, 1, l.ndc->unit, 2, TextKind::kIdentifier)) e.missing("ndc.unit");
    MO_TRY(e.end());
  }

  const std::string_view claimRenderingNpi = c.renderingProvider
                                                 ? std::string_view(c.renderingProvider->npi)
                                                 : std::string_view(c.billingProvider.npi);
  if (l.renderingProvider && l.renderingProvider->npi != claimRenderingNpi) {
    MO_TRY(providerLoop(e, "2420A", "82", *l.renderingProvider, kLineRenderingNm1,
                        kLineRenderingPrv, "rendering_provider"));
  }

  return lineAdjudicationLoops(e, l);
}

Status claimLoops(Emitter& e, const claims::Claim& c) {
  e.begin("CLM", "2300", "", kClm);
  if (!e.id(1, c.patientControlNumber, kClaimIdMax)) e.missing("patient_control_number");
  e.amount(2, c.totalCharge());
  if (!e.text(5, 1, c.placeOfService, kShortCodeMax, TextKind::kIdentifier)) {
    e.missing("place_of_service");
  }
  e.raw(5, 2, "B");
  const char frequency = claims::code(c.frequency);
  e.raw(5, 3, std::string_view(&frequency, 1));
  e.raw(6, c.providerSignatureOnFile ? 'Y' : 'N');
  e.raw(7, claims::code(c.assignment));
  e.raw(8, claims::code(c.benefitsAssignment));
  e.raw(9, claims::code(c.releaseOfInformation));
  if (c.accident) {
    for (std::size_t k = 0; k < c.accident->causes.size() && k < 2; ++k) {
      e.text(11, k + 1, c.accident->causes[k], 3, TextKind::kIdentifier);
    }
    if (!c.accident->state.empty())
      e.text(11, 4, c.accident->state, kStateMax, TextKind::kIdentifier);
  }
  MO_TRY(e.end());

  if (c.onsetDate) {
    e.begin("DTP", "2300", "431", kOnset);
    e.raw(1, "431");
    e.raw(2, "D8");
    e.date(3, *c.onsetDate);
    MO_TRY(e.end());
  }
  if (c.accident && c.accident->date) {
    e.begin("DTP", "2300", "439", kAccidentDate);
    e.raw(1, "439");
    e.raw(2, "D8");
    e.date(3, *c.accident->date);
    MO_TRY(e.end());
  }
  if (c.patientPaid) {
    e.begin("AMT", "2300", "F5", kPatientPaid);
    e.raw(1, "F5");
    e.amount(2, *c.patientPaid);
    MO_TRY(e.end());
  }
  // REF order as in the guide: 9F referral, G1 prior authorisation, F8 payer claim number.
  struct Ref {
    std::string_view qualifier;
    const std::string& value;
    std::span<const ElementField> fields;
    std::string_view field;
  };
  const Ref refs[] = {{"9F", c.referralNumber, kReferral, "referral_number"},
                      {"G1", c.priorAuthorization, kPriorAuth, "prior_authorization"},
                      {"F8", c.originalClaimNumber, kOriginal, "original_claim_number"}};
  for (const Ref& r : refs) {
    if (r.value.empty()) continue;
    if (r.qualifier == "F8" && c.frequency == claims::ClaimFrequency::kOriginal) continue;
    e.begin("REF", "2300", r.qualifier, r.fields);
    e.raw(1, r.qualifier);
    if (!e.id(2, r.value, kRefMax)) e.missing(r.field);
    MO_TRY(e.end());
  }

  e.begin("HI", "2300", "ABK", kHi);
  for (std::size_t k = 0; k < c.diagnoses.size() && k < claims::kMaxDiagnoses; ++k) {
    e.raw(k + 1, 1, k == 0 ? "ABK" : "ABF");
    // ICD-10-CM goes without its dot.
    std::string_view code = c.diagnoses[k];
    std::string undotted;
    if (code.find('.') != std::string_view::npos) {
      undotted.assign(code);
      undotted.erase(std::remove(undotted.begin(), undotted.end(), '.'), undotted.end());
      code = undotted;
    }
    if (!e.text(k + 1, 2, code, kDiagnosisMax, TextKind::kIdentifier)) {
      e.missing("diagnoses[" + std::to_string(k) + "]");
    }
  }
  MO_TRY(e.end());

  if (c.referringProvider) {
    MO_TRY(providerLoop(e, "2310A", "DN", *c.referringProvider, kReferringNm1, {},
                        "referring_provider"));
  }
  // 2310B only when the rendering provider is not the billing provider (X12-NOTES §2.6).
  if (c.renderingProvider && c.renderingProvider->npi != c.billingProvider.npi) {
    MO_TRY(providerLoop(e, "2310B", "82", *c.renderingProvider, kRenderingNm1, kRenderingPrv,
                        "rendering_provider"));
  }
  if (c.serviceFacility) {
    const auto& f = *c.serviceFacility;
    e.begin("NM1", "2310C", "77", kFacilityNm1);
    e.raw(1, "77");
    e.raw(2, '2');
    e.required(3, f.name, kNameMax, "service_facility.name");
    if (e.id(9, f.npi, kIdMax)) e.raw(8, "XX");
    MO_TRY(e.end());
    MO_TRY(address(e, f.address, "2310C", kFacilityN3, kFacilityN4));
  }
  MO_TRY(otherPayerLoops(e, c));
  for (std::size_t k = 0; k < c.lines.size(); ++k) {
    e.line = static_cast<std::int32_t>(k);
    MO_TRY(lineLoops(e, c, c.lines[k], k + 1));
  }
  e.line = -1;
  return {};
}

Status hlSegment(Emitter& e, std::string_view loop, std::uint32_t id, std::uint32_t parent,
                 std::string_view level, bool children) {
  e.hl = id;
  e.begin("HL", loop, level, kNone);
  e.integer(1, id);
  if (parent != 0) e.integer(2, parent);
  e.raw(3, level);
  e.raw(4, children ? '1' : '0');
  return e.end();
}

Status providerLevel(Emitter& e, const claims::BillingProvider& b, std::uint32_t hl) {
  MO_TRY(hlSegment(e, "2000A", hl, 0, "20", true));
  if (!b.taxonomy.empty()) {
    e.begin("PRV", "2000A", "BI", kBillingPrv);
    e.raw(1, "BI");
    e.raw(2, "PXC");
    e.id(3, b.taxonomy, kRefMax);
    MO_TRY(e.end());
  }
  e.begin("NM1", "2010AA", "85", kBillingNm1);
  e.raw(1, "85");
  name(e, b.name, "billing_provider.name.last");
  e.raw(8, "XX");
  if (!e.id(9, b.npi, kIdMax)) e.missing("billing_provider.npi");
  MO_TRY(e.end());
  MO_TRY(address(e, b.address, "2010AA", kBillingN3, kBillingN4));
  const std::string_view taxQualifier = b.taxIdKind == claims::TaxIdKind::kSsn ? "SY" : "EI";
  e.begin("REF", "2010AA", taxQualifier, kBillingRef);
  e.raw(1, taxQualifier);
  if (!e.digits(2, b.taxId, 9)) e.missing("billing_provider.tax_id");
  MO_TRY(e.end());
  // PER needs a number to call or write to; a name alone is not sent.
  if (!b.contact.phone.empty() || !b.contact.email.empty()) {
    MO_TRY(contact(e, b.contact, "2010AA", kBillingPer, kBillingPerEmail));
  }
  if (b.payToAddress) {
    e.begin("NM1", "2010AB", "87", kNone);
    e.raw(1, "87");
    e.raw(2, b.name.type == claims::EntityType::kPerson ? '1' : '2');
    MO_TRY(e.end());
    MO_TRY(address(e, *b.payToAddress, "2010AB", kPayToN3, kPayToN4));
  }
  return {};
}

Status subscriberLevel(Emitter& e, const claims::Claim& rep, const SubscriberNode& node,
                       std::uint32_t parent) {
  const bool patientIsSubscriber = !node.claims.empty();
  MO_TRY(hlSegment(e, "2000B", node.hl, parent, "22", !node.patients.empty()));
  const claims::Subscriber& s = rep.subscriber;
  e.begin("SBR", "2000B", "", kSubscriberSbr);
  e.raw(1, claims::code(s.responsibility));
  if (patientIsSubscriber) e.raw(2, "18");
  e.id(3, s.groupNumber, kRefMax);
  if (s.groupNumber.empty()) e.text(4, s.groupName, kNameMax);
  e.id(5, s.insuranceTypeCode, kShortCodeMax);
  if (!e.id(9, s.claimFilingIndicator, kShortCodeMax)) {
    e.missing("subscriber.claim_filing_indicator");
  }
  MO_TRY(e.end());

  e.begin("NM1", "2010BA", "IL", kSubscriberNm1);
  e.raw(1, "IL");
  name(e, s.name, "subscriber.name.last");
  e.raw(8, "MI");
  if (!e.id(9, s.memberId, kIdMax)) e.missing("subscriber.member_id");
  MO_TRY(e.end());
  MO_TRY(address(e, s.address, "2010BA", kSubscriberN3, kSubscriberN4));
  // DMG goes with the subscriber only when the subscriber is the patient.
  if (patientIsSubscriber && s.birthDate) {
    MO_TRY(dmg(e, "2010BA", kSubscriberDmg, *s.birthDate, s.sex));
  }

  const claims::Payer& p = rep.payer;
  e.begin("NM1", "2010BB", "PR", kPayerNm1);
  e.raw(1, "PR");
  e.raw(2, '2');
  e.required(3, p.name, kNameMax, "payer.name");
  e.raw(8, "PI");
  if (!e.id(9, p.payerId, kIdMax)) e.missing("payer.payer_id");
  MO_TRY(e.end());
  return address(e, p.address, "2010BB", kPayerN3, kPayerN4);
}

Status patientLevel(Emitter& e, const claims::Patient& p, const PatientNode& node,
                    std::uint32_t parent) {
  MO_TRY(hlSegment(e, "2000C", node.hl, parent, "23", false));
  e.begin("PAT", "2000C", "", kPat);
  if (!e.id(1, p.relationship, kShortCodeMax)) e.missing("patient.relationship");
  MO_TRY(e.end());
  e.begin("NM1", "2010CA", "QC", kPatientNm1);
  e.raw(1, "QC");
  name(e, p.name, "patient.name.last");
  MO_TRY(e.end());
  MO_TRY(address(e, p.address, "2010CA", kPatientN3, kPatientN4));
  return dmg(e, "2010CA", kPatientDmg, p.birthDate, p.sex);
}

Status headerLoops(Emitter& e, const Transmission837P& t, const claims::Claim& first) {
  e.begin("BHT", "HEADER", "0019", kBht);
  e.raw(1, "0019");
  e.raw(2, "00");
  e.id(3, t.batchReference, kRefMax);
  e.date(4, t.created);
  char hhmm[4];
  put2(hhmm, t.createdTime.hour);
  put2(hhmm + 2, t.createdTime.minute);
  e.raw(5, std::string_view(hhmm, 4));
  e.raw(6, "CH");
  MO_TRY(e.end());

  const claims::Submitter& s = first.submitter;
  e.begin("NM1", "1000A", "41", kSubmitterNm1);
  e.raw(1, "41");
  e.raw(2, s.name.type == claims::EntityType::kPerson ? '1' : '2');
  e.required(3, s.name.last, kNameMax, "submitter.name.last");
  if (s.name.type == claims::EntityType::kPerson) {
    e.text(4, s.name.first, kFirstMax);
    e.text(5, s.name.middle, kMiddleMax);
  }
  e.raw(8, "46");
  if (!e.id(9, s.id, kIdMax)) e.missing("submitter.id");
  MO_TRY(e.end());
  MO_TRY(contact(e, s.contact, "1000A", kSubmitterPer, kSubmitterPerEmail));

  e.begin("NM1", "1000B", "40", kReceiverNm1);
  e.raw(1, "40");
  e.raw(2, '2');
  e.required(3, first.receiver.name, kNameMax, "receiver.name");
  e.raw(8, "46");
  if (!e.id(9, first.receiver.id, kIdMax)) e.missing("receiver.id");
  return e.end();
}

domain::Result<Write837PResult> finish(Emitter& e, Write837PResult result) {
  Writer& w = e.writer();
  e.claim = -1;
  e.line = -1;
  e.otherPayer = -1;
  e.hl = 0;
  e.record("SE", "HEADER", "", kNone);
  MO_TRY(w.endTransaction());
  result.segments = w.transactionSegments();
  MO_TRY(w.endGroup());
  MO_TRY(w.endInterchange());
  result.interchangeControl = w.interchangeControl();
  result.groupControl = w.groupControl();
  result.transactionControl = w.transactionControl();
  e.setPlacements(result.placements);
  return result;
}

}  // namespace

// ---- public ----

std::string x12Amount(domain::Money amount) {
  char buf[32];
  return std::string(formatFixed(buf, amount.cents(), 2));
}

std::string x12Decimal(std::int64_t thousandths) {
  char buf[32];
  return std::string(formatFixed(buf, thousandths, 3));
}

std::string cleanX12Text(std::string_view value, std::size_t maxLength, const Delimiters& d,
                         TextKind kind) {
  std::string out;
  cleanInto(out, value, maxLength, CharTable(d), kind);
  return out;
}

const SegmentOrigin* SegmentMap::at(std::uint32_t position) const {
  if (position == 0 || position > origins_.size()) return nullptr;
  const SegmentOrigin& o = origins_[position - 1];
  return o.position == position ? &o : nullptr;
}

std::vector<std::size_t> SegmentMap::claimsAt(std::uint32_t position) const {
  std::vector<std::size_t> out;
  const SegmentOrigin* o = at(position);
  if (o == nullptr) return out;
  if (o->claim >= 0) {
    out.push_back(static_cast<std::size_t>(o->claim));
    return out;
  }
  for (std::size_t i = 0; i < placements_.size(); ++i) {
    const ClaimPlacement& p = placements_[i];
    if (o->hl == 0 || p.billingProviderHl == o->hl || p.subscriberHl == o->hl ||
        p.patientHl == o->hl) {
      out.push_back(i);
    }
  }
  return out;
}

std::string SegmentMap::fieldPath(std::uint32_t position, int element, int component) const {
  const SegmentOrigin* o = at(position);
  if (o == nullptr || element <= 0) return {};
  const ElementField* found = nullptr;
  for (const ElementField& f : o->fields) {
    if (f.element != element) continue;
    if (f.component == component) {
      found = &f;
      break;
    }
    // A component without its own entry falls back on the whole element, and the whole
    // element on its first listed component.
    if (f.component == 0 || (component == 0 && found == nullptr)) found = &f;
  }
  if (found == nullptr || found->path.empty()) return {};
  std::string path;
  if (o->line >= 0) path = "lines[" + std::to_string(o->line) + "].";
  if (o->otherPayer >= 0) {
    path += o->line >= 0 ? "adjudications[" : "other_payers[";
    path += std::to_string(o->otherPayer) + "].";
  }
  path.append(found->path);
  return path;
}

domain::Result<Write837PResult> write837P(std::span<const claims::Claim> cs,
                                          const Transmission837P& t, Sink& sink,
                                          ControlNumberSource& numbers, WriterOptions options,
                                          SegmentMap* map) {
  if (cs.empty()) return Error::invalidField("claims", "needs at least one claim");
  if (cs.size() > kMaxClaimsPerTransaction) {
    return Error::invalidField("claims", "has " + std::to_string(cs.size()) +
                                             " claims; one 837P transaction takes at most 5000 "
                                             "(split the batch)");
  }
  if (cleanX12Text(t.batchReference, kRefMax, options.delimiters, TextKind::kIdentifier).empty()) {
    return Error::invalidField("batch_reference", "is required (BHT03)");
  }
  domain::FieldErrors errors;
  for (std::size_t i = 0; i < cs.size(); ++i) {
    // The prefix is built only for a claim with problems (this loop runs per claim written).
    auto prefix = [i] { return "claims[" + std::to_string(i) + "]."; };
    if (const auto found = claims::validate(cs[i]); !found.empty()) errors.append(found, prefix());
    if (i > 0 && cs[i].submitter != cs[0].submitter) {
      errors.add(prefix() + "submitter", "differs from claims[0].submitter (one 1000A per file)");
    }
    if (i > 0 && cs[i].receiver != cs[0].receiver) {
      errors.add(prefix() + "receiver", "differs from claims[0].receiver (one 1000B per file)");
    }
  }
  if (!errors.empty()) return errors.toError();

  const Tree tree = buildTree(cs);
  Writer w(sink, numbers, options);
  Emitter e(w, options.delimiters, map, cs.size());
  e.clearMap();
  GroupHeader group = t.group;
  group.functionalId = "HC";
  group.version = "005010X222A1";
  MO_TRY(w.beginInterchange(t.interchange));
  MO_TRY(w.beginGroup(group));
  e.record("ST", "HEADER", "837", kNone);
  MO_TRY(w.beginTransaction("837"));
  MO_TRY(headerLoops(e, t, cs[0]));

  Write837PResult result;
  result.placements.resize(cs.size());
  auto writeClaim = [&](std::size_t i, std::uint32_t providerHl, std::uint32_t subscriberHl,
                        std::uint32_t patientHl) -> Status {
    ClaimPlacement& p = result.placements[i];
    p.billingProviderHl = providerHl;
    p.subscriberHl = subscriberHl;
    p.patientHl = patientHl;
    p.firstSegment = static_cast<std::uint32_t>(w.transactionSegments() + 1);
    e.claim = static_cast<std::int32_t>(i);
    MO_TRY(claimLoops(e, cs[i]));
    e.claim = -1;
    p.lastSegment = static_cast<std::uint32_t>(w.transactionSegments());
    ++result.claims;
    return {};
  };
  for (const ProviderNode& p : tree.providers) {
    e.errorClaim = p.rep;
    MO_TRY(providerLevel(e, cs[p.rep].billingProvider, p.hl));
    for (std::size_t si : p.subscribers) {
      const SubscriberNode& s = tree.subscribers[si];
      e.errorClaim = s.rep;
      MO_TRY(subscriberLevel(e, cs[s.rep], s, p.hl));
      for (std::size_t i : s.claims) MO_TRY(writeClaim(i, p.hl, s.hl, 0));
      for (std::size_t qi : s.patients) {
        const PatientNode& q = tree.patients[qi];
        e.errorClaim = q.rep;
        MO_TRY(patientLevel(e, *cs[q.rep].patient, q, s.hl));
        for (std::size_t i : q.claims) MO_TRY(writeClaim(i, p.hl, s.hl, q.hl));
      }
    }
  }
  return finish(e, std::move(result));
}

#undef MO_TRY

}  // namespace medoffice::codecs::x12
