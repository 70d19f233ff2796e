// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/eligibility_271.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <new>
#include <utility>

namespace medoffice::codecs::x12 {

namespace detail {

// Blocks that never move, freed together: the copies of a member's EB segments that its
// benefits' views point into, and the arrays of their service types.
class TextBlocks {
 public:
  explicit TextBlocks(std::size_t firstBlock) : blockBytes_(std::max(firstBlock, kMinBlock)) {}

  // Room for `bytes` bytes aligned to `align` (a power of two no larger than a max_align_t).
  std::byte* allocate(std::size_t bytes, std::size_t align) {
    std::size_t pad = (align - reinterpret_cast<std::uintptr_t>(free_) % align) % align;
    if (free_ == nullptr || pad + bytes > left_) {
      const std::size_t size = std::max(blockBytes_, bytes);
      blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(size));
      free_ = blocks_.back().get();
      left_ = size;
      pad = 0;
      blockBytes_ = std::min(blockBytes_ * 2, kMaxBlock);
    }
    std::byte* out = free_ + pad;
    free_ = out + bytes;
    left_ -= pad + bytes;
    return out;
  }

 private:
  static constexpr std::size_t kMinBlock = 1024;
  static constexpr std::size_t kMaxBlock = std::size_t{1} << 16;
  std::vector<std::unique_ptr<std::byte[]>> blocks_;
  std::byte* free_ = nullptr;
  std::size_t left_ = 0;
  std::size_t blockBytes_;
};

}  // namespace detail

namespace {

using detail::quote;

struct Meaning {
  std::string_view code;
  std::string_view text;
};

// AAA03 (element 901), in our own words. The codes X12-NOTES §4.3 lists come first; the others
// are from the public 901 code list as we know it and should be checked against a payer's
// companion guide before a screen relies on their exact wording.
constexpr Meaning kReasons[] = {
    {"04", "authorized quantity exceeded"},
    {"15", "required data is missing from the request"},
    {"41", "the payer restricts access or authorization for this inquiry"},
    {"42", "the payer cannot answer right now; try again later"},
    {"43", "the provider id (NPI) is invalid or missing"},
    {"44", "the provider name is invalid or missing"},
    {"45", "the provider specialty is invalid or missing"},
    {"47", "the provider state is invalid or missing"},
    {"50", "the provider is not eligible to make inquiries"},
    {"51", "the provider is not on the payer's file"},
    {"58", "the date of birth is invalid or missing"},
    {"64", "the patient id is invalid or missing"},
    {"65", "the patient name is invalid or missing"},
    {"71", "the date of birth does not match the payer's records"},
    {"72", "the subscriber (member) id is invalid or missing"},
    {"73", "the subscriber name is invalid or missing"},
    {"74", "the subscriber gender is invalid or missing"},
    {"75", "the subscriber was not found"},
    {"76", "the subscriber id is on file more than once"},
    {"77", "the subscriber was found, but the patient was not"},
    {"78", "the subscriber is not in the group or plan asked about"},
    {"79", "the participant identification is invalid"},
    {"97", "the provider address is invalid or missing"},
    {"T4", "the payer name or id is missing"},
    // From the 901 list (not in §4.3).
    {"48", "the referring provider id is invalid or missing"},
    {"49", "the provider is not the patient's primary care physician"},
    {"52", "the service dates are outside the provider's plan enrollment"},
    {"56", "an inappropriate date was given"},
    {"57", "the date of service is invalid or missing"},
    {"60", "the date of birth is after the date of service"},
    {"61", "the date of death is before the date of service"},
    {"62", "the date of service is outside the period the payer answers for"},
    {"63", "the date of service is in the future"},
    {"66", "the patient gender is invalid or missing"},
    {"67", "the patient was not found"},
    {"68", "the patient id is on file more than once"},
    {"69", "the request does not fit the patient's age"},
    {"70", "the request does not fit the patient's gender"},
    {"80", "no response was received; the transaction was ended"},
    {"AA", "the authorization number was not found"},
    {"AE", "an authorization from the primary care physician is required"},
    {"AF", "a diagnosis code is invalid or missing"},
    {"AG", "a procedure code is invalid or missing"},
    {"AO", "more information about the patient's condition is required"},
    {"CI", "the certification information does not match the patient"},
    {"E8", "a medical review is required"},
    {"IA", "the authorization number is not in a valid format"},
    {"MA", "an authorization is missing"},
};

// AAA04 (element 889). C and N are in §4.3; the others are marked unverified there.
constexpr Meaning kFollowUps[] = {
    {"C", "correct the request and send it again"},
    {"N", "do not send it again"},
    {"P", "send the original request again"},
    {"R", "it may be sent again"},
    {"S", "do not send it again; the payer is asking a third party"},
    {"W", "wait 30 days and send it again"},
    {"X", "wait 10 days and send it again"},
    {"Y", "do not send it again; the payer will answer later"},
};

// EB01 (element 1390), §4.2; 6, 8, C, F, I and Y are marked "from memory" there.
constexpr Meaning kBenefits[] = {
    {"1", "active coverage"},
    {"2", "active coverage, full risk capitation"},
    {"3", "active coverage, services capitated"},
    {"4", "active coverage, services capitated to the primary care physician"},
    {"5", "active coverage, pending investigation"},
    {"6", "inactive"},
    {"7", "inactive, pending eligibility update"},
    {"8", "inactive, pending investigation"},
    {"A", "co-insurance"},
    {"B", "co-payment"},
    {"C", "deductible"},
    {"D", "benefit description"},
    {"E", "exclusions"},
    {"F", "limitations"},
    {"G", "out of pocket (stop loss)"},
    {"I", "non-covered"},
    {"L", "primary care provider"},
    {"R", "other or additional payer"},
    {"U", "contact the following entity for benefit information"},
    {"Y", "spend down"},
};

// Codes are one to three characters: a byte loop settles them without the call to memcmp that
// string_view's == makes (a tenth of reading a long 271 went to those calls).
bool sameCode(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

template <std::size_t N>
std::string_view lookup(const Meaning (&table)[N], std::string_view code) {
  for (const Meaning& m : table) {
    if (sameCode(m.code, code)) return m.text;
  }
  return {};
}

// The one-character codes of `table` by their byte, for the lookups made once per segment.
template <std::size_t N>
constexpr std::array<std::string_view, 128> oneCharIndex(const Meaning (&table)[N]) {
  std::array<std::string_view, 128> index{};
  for (const Meaning& m : table) {
    const auto byte = m.code.size() == 1 ? static_cast<unsigned char>(m.code[0]) : index.size();
    if (byte < index.size() && index[byte].empty()) index[byte] = m.text;  // first, as lookup()
  }
  return index;
}

constexpr auto kBenefitIndex = oneCharIndex(kBenefits);

std::string_view benefitLookup(std::string_view code) {
  if (code.size() == 1 && static_cast<unsigned char>(code[0]) < kBenefitIndex.size()) {
    return kBenefitIndex[static_cast<unsigned char>(code[0])];
  }
  return lookup(kBenefits, code);
}

// `meaning` is the table's text for `code`, empty when the table does not have it.
void setCoded(CodedValue& v, std::string_view code, std::string_view meaning) {
  v.code.assign(code);
  v.meaning = meaning;
  v.known = !v.meaning.empty();
  if (!v.known && !code.empty()) v.meaning = "a code MedOffice does not know";
}

template <std::size_t N>
CodedValue coded(const Meaning (&table)[N], std::string_view code) {
  CodedValue v;
  setCoded(v, code, lookup(table, code));
  return v;
}

// An unsigned decimal ("0.2", ".125", "10") as an integer in 10^-scale units; nullopt for a
// sign, more decimals than `scale`, or a value over 10^12.
std::optional<std::int64_t> fixedPoint(std::string_view s, int scale) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::int64_t whole = 0;
  std::int64_t frac = 0;
  int decimals = 0;
  bool dot = false;
  bool digits = false;
  for (char c : s) {
    if (c == '.' && !dot) {
      dot = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    digits = true;
    if (dot) {
      if (++decimals > scale) return std::nullopt;
      frac = frac * 10 + (c - '0');
    } else {
      whole = whole * 10 + (c - '0');
      if (whole > 1'000'000'000'000) return std::nullopt;
    }
  }
  if (!digits) return std::nullopt;
  std::int64_t unit = 1;
  for (int i = 0; i < scale; ++i) unit *= 10;
  for (int i = decimals; i < scale; ++i) frac *= 10;
  return whole * unit + frac;
}

std::optional<Date271> dtp(const Segment& s) {
  const std::string_view format = s.element(2);
  const std::string_view value = s.element(3);
  Date271 d;
  d.qualifier = std::string(s.element(1));
  if (format == "D8") {
    auto one = detail::date8(value);
    if (!one || value.size() != 8) return std::nullopt;
    d.from = d.to = *one;
    return d;
  }
  if (format == "RD8") {
    if (value.size() != 17 || value[8] != '-') return std::nullopt;
    auto from = detail::date8(value.substr(0, 8));
    auto to = detail::date8(value.substr(9));
    if (!from || !to || *to < *from) return std::nullopt;
    d.from = *from;
    d.to = *to;
    return d;
  }
  return std::nullopt;
}

constexpr std::string_view kLevelNames[] = {"", "information source level (HL 20, loop 2000A)",
                                            "information receiver level (HL 21, loop 2000B)",
                                            "subscriber level (HL 22, loop 2000C)",
                                            "dependent level (HL 23, loop 2000D)"};

}  // namespace

std::string_view rejectReasonMeaning(std::string_view code) {
  return lookup(kReasons, code);
}
std::string_view followUpMeaning(std::string_view code) {
  return lookup(kFollowUps, code);
}
std::string_view benefitMeaning(std::string_view code) {
  return benefitLookup(code);
}

std::string Rejection271::describe() const {
  std::string out;
  if (reason.code.empty()) {
    out = "the payer rejected the request without a reason";
  } else {
    out = std::string(reason.meaning) + " (" + reason.code + ")";
  }
  if (!followUp.code.empty()) {
    out += "; " + (followUp.known ? std::string(followUp.meaning)
                                  : "follow-up action " + quote(followUp.code));
  }
  return out;
}

bool Benefit271::covers(std::string_view serviceType) const {
  if (serviceTypes.empty()) return true;
  // summarize() asks this of every benefit twice; see sameCode.
  for (const auto& t : serviceTypes) {
    if (sameCode(t, serviceType)) return true;
  }
  return false;
}

const Subscriber271* Eligibility271::byTrace(std::string_view trace) const {
  for (const auto& m : members) {
    if (!trace.empty() && m.trace == trace) return &m;
  }
  return nullptr;
}

Eligibility271Reader::Eligibility271Reader(std::string_view input, const AckReadOptions& options)
    : input_(input), stream_(input, options, TransactionType::k271) {}

Eligibility271Reader::Eligibility271Reader(PullSource source, const AckReadOptions& options)
    : stream_(std::move(source), options, TransactionType::k271) {}

void Eligibility271Reader::fail(const Segment& s, int element, std::string message, int component) {
  stream_.fail(s, element, std::move(message), component);
}

const Eligibility271* Eligibility271Reader::next() {
  return detail::nextTransaction<Eligibility271>(
      stream_,
      [this] {
        answer_ = Eligibility271{};
        answer_.envelope = stream_.envelope();
        bht_ = false;
        level_ = Level::kNone;
        hl_.clear();
        inBenefit_ = inLs_ = false;
        benefitText_ = nullptr;
      },
      [this](const Segment& s) { return onSegment(s); },
      [this](const Segment& se) -> const Eligibility271* {
        if (!detail::sawBht(stream_, se, bht_, "271") || !closeLevel(se) ||
            !detail::hasTopLevels(stream_, se, answer_.sources.size(), std::nullopt)) {
          return nullptr;
        }
        return &answer_;
      });
}

bool Eligibility271Reader::closeLevel(const Segment& at) {
  if (inLs_) {
    fail(
        at, 0,
        "LE missing: the loop 2120 opened by LS is not closed before this " + std::string(at.id()));
    return false;
  }
  if (level_ == Level::kNone) return true;
  if (!levelNamed_ && !levelRejected_) {
    fail(at, 0,
         "NM1 missing: the " + std::string(kLevelNames[static_cast<int>(level_)]) +
             " opened at segment " + std::to_string(levelSegment_) +
             " names no one and gives no AAA before this " + std::string(at.id()));
    return false;
  }
  return true;
}

bool Eligibility271Reader::onHl(const Segment& s) {
  if (!closeLevel(s)) return false;
  const std::string_view code = s.element(3);
  if (!detail::HlLevels::checkId(stream_, s)) return false;
  Level level = Level::kNone;
  if (code == "20") {
    level = Level::kSource;
  } else if (code == "21") {
    level = Level::kReceiver;
  } else if (code == "22") {
    level = Level::kSubscriber;
  } else if (code == "23") {
    level = Level::kDependent;
  } else {
    fail(s, 3,
         "HL03 " + quote(code) +
             " is not a 271 level (20 information source, 21 information receiver, 22 "
             "subscriber, 23 dependent)");
    return false;
  }
  if (!hl_.open(stream_, s, static_cast<std::size_t>(level) - 1,
                std::span<const std::string_view>(kLevelNames).subspan(1))) {
    return false;
  }
  level_ = level;
  levelSegment_ = s.index();
  levelNamed_ = levelRejected_ = inBenefit_ = false;
  switch (level) {
    case Level::kSource: {
      Party271 p;
      p.segment = s.index();
      answer_.sources.push_back(std::move(p));
      break;
    }
    case Level::kReceiver: {
      Party271 p;
      p.segment = s.index();
      p.parent = answer_.sources.size() - 1;
      answer_.receivers.push_back(std::move(p));
      break;
    }
    default: {
      Subscriber271 m;
      m.segment = s.index();
      m.dependent = level == Level::kDependent;
      m.receiver = answer_.receivers.size() - 1;
      if (m.dependent) {
        m.subscriber = lastSubscriber_;
      } else {
        lastSubscriber_ = answer_.members.size();
        m.subscriber = lastSubscriber_;
      }
      answer_.members.push_back(std::move(m));
      break;
    }
  }
  return true;
}

bool Eligibility271Reader::onNm1(const Segment& s) {
  if (inBenefit_) {
    fail(s, 0, "NM1 inside a benefit (loop 2110) belongs in an LS/LE loop 2120");
    return false;
  }
  if (levelNamed_) {
    fail(s, 0, "NM1 repeated: each HL level names one party");
    return false;
  }
  levelNamed_ = true;
  if (level_ == Level::kSource || level_ == Level::kReceiver) {
    Party271& p = level_ == Level::kSource ? answer_.sources.back() : answer_.receivers.back();
    p.entity = std::string(s.element(1));
    p.name = std::string(s.element(3));
    p.firstName = std::string(s.element(4));
    p.idQualifier = std::string(s.element(8));
    p.id = std::string(s.element(9));
    return true;
  }
  Subscriber271& m = answer_.members.back();
  m.entity = std::string(s.element(1));
  m.lastName = std::string(s.element(3));
  m.firstName = std::string(s.element(4));
  m.idQualifier = std::string(s.element(8));
  m.memberId = std::string(s.element(9));
  return true;
}

bool Eligibility271Reader::onAaa(const Segment& s) {
  const std::string_view valid = s.element(1);
  if (valid != "Y" && valid != "N") {
    fail(s, 1, "AAA01 " + quote(valid) + " is not Y or N (was the request valid)");
    return false;
  }
  if (s.element(3).empty()) {
    fail(s, 3, "AAA03 (the reject reason) is missing");
    return false;
  }
  Rejection271 r;
  r.requestValid = valid == "Y";
  r.reason = coded(kReasons, s.element(3));
  if (!s.element(4).empty()) r.followUp = coded(kFollowUps, s.element(4));
  r.segment = s.index();
  levelRejected_ = true;
  switch (level_) {
    case Level::kSource:
      r.loop = "2100A";
      answer_.sources.back().rejections.push_back(std::move(r));
      return true;
    case Level::kReceiver:
      r.loop = "2100B";
      answer_.receivers.back().rejections.push_back(std::move(r));
      return true;
    default: {
      const bool dep = level_ == Level::kDependent;
      if (inBenefit_) {
        r.loop = dep ? "2110D" : "2110C";
      } else {
        r.loop = dep ? "2100D" : "2100C";
      }
      answer_.members.back().rejections.push_back(std::move(r));
      return true;
    }
  }
}

bool Eligibility271Reader::onEb(const Segment& s) {
  if (level_ != Level::kSubscriber && level_ != Level::kDependent) {
    fail(s, 0, "EB outside a subscriber or dependent level (loop 2110C/D)");
    return false;
  }
  if (s.element(1).empty()) {
    fail(s, 1, "EB01 (the eligibility or benefit information code) is missing");
    return false;
  }
  // The benefit is built in place and taken back if an element is refused: a temporary moved
  // into the vector, and the vector growing one doubling at a time, were half of reading a
  // long 271.
  Subscriber271& m = answer_.members.back();
  if (m.benefits.empty()) keepBenefitText(m, s);
  Benefit271& b = m.benefits.emplace_back();
  if (!fillBenefit(s, b)) {
    m.benefits.pop_back();
    return false;
  }
  inBenefit_ = true;
  return true;
}

void Eligibility271Reader::keepBenefitText(Subscriber271& m, const Segment& firstEb) {
  const Ahead ahead = benefitsAhead(firstEb);
  m.benefits.reserve(ahead.benefits);
  // A service type array per EB besides the segments' bytes; more blocks follow when needed.
  auto text = std::make_shared<detail::TextBlocks>(
      ahead.bytes + ahead.benefits * (sizeof(std::string_view) + alignof(std::string_view)));
  benefitText_ = text.get();
  m.benefitText = std::move(text);
}

bool Eligibility271Reader::fillBenefit(const Segment& s, Benefit271& b) {
  // One copy of the segment, kept by the member; the elements are views into it.
  const std::string_view segment = s.text();
  char* const copy = reinterpret_cast<char*>(benefitText_->allocate(segment.size(), 1));
  std::memcpy(copy, segment.data(), segment.size());
  const auto kept = [&](std::string_view element) {
    return element.empty()
               ? std::string_view{}
               : std::string_view(copy + (element.data() - segment.data()), element.size());
  };
  b.segment = s.index();
  setCoded(b.information, s.element(1), benefitLookup(s.element(1)));
  b.coverageLevel = kept(s.element(2));
  const std::string_view types = s.element(3);
  const char rep = s.delimiters().repetition;
  if (!types.empty()) {
    const std::size_t n = rep == '\0' ? 1 : partCount(types, rep);
    auto* list = reinterpret_cast<std::string_view*>(
        benefitText_->allocate(n * sizeof(std::string_view), alignof(std::string_view)));
    std::size_t start = 0;
    for (std::size_t i = 1; i <= n; ++i) {
      const std::size_t end = i == n ? types.size() : types.find(rep, start);
      const std::string_view t = types.substr(start, end - start);
      if (t.empty() || t.size() > 2) {
        fail(s, 3,
             "EB03 " + quote(types) + " repetition " + std::to_string(i) +
                 " is not a service type code (1 or 2 characters)");
        return false;
      }
      new (list + i - 1) std::string_view(kept(t));
      start = end + 1;
    }
    b.serviceTypes = std::span<const std::string_view>(list, n);
  }
  b.insuranceType = kept(s.element(4));
  b.planDescription = kept(s.element(5));
  b.timePeriod = kept(s.element(6));
  if (!s.element(7).empty()) {
    b.amountCents = detail::amountCents(s.element(7));
    if (!b.amountCents) {
      fail(s, 7, "EB07 " + quote(s.element(7)) + " is not an amount");
      return false;
    }
  }
  if (!s.element(8).empty()) {
    // EB08 is a fraction of the whole; basis points keep up to four decimals exactly.
    b.percentBasisPoints = fixedPoint(s.element(8), 4);
    if (!b.percentBasisPoints) {
      fail(s, 8,
           "EB08 " + quote(s.element(8)) +
               " is not a percent as a decimal fraction (0.2 for 20 %, up to 4 decimals)");
      return false;
    }
  }
  b.quantityQualifier = kept(s.element(9));
  if (!s.element(10).empty()) {
    b.quantityThousandths = fixedPoint(s.element(10), 3);
    if (!b.quantityThousandths) {
      fail(s, 10, "EB10 " + quote(s.element(10)) + " is not a quantity");
      return false;
    }
  }
  if (b.quantityQualifier.empty() != !b.quantityThousandths.has_value()) {
    fail(s, b.quantityQualifier.empty() ? 9 : 10,
         "EB09 and EB10 go together: a quantity needs its qualifier and the reverse");
    return false;
  }
  b.authorizationRequired = kept(s.element(11));
  b.inNetwork = kept(s.element(12));
  return true;
}

Eligibility271Reader::Ahead Eligibility271Reader::benefitsAhead(const Segment& eb) const {
  // Only capacities: a payer listing every service type sends a few hundred EB, and growing the
  // vector one doubling at a time moved each benefit about twice. Unknown over a PullSource.
  if (input_.empty() || eb.offset() >= input_.size()) return {};
  const Delimiters& d = eb.delimiters();
  const auto starts = [&](std::string_view rest, char a, char b) {
    return rest.size() > 2 && rest[0] == a && rest[1] == b && rest[2] == d.element;
  };
  Ahead ahead{0, 0};
  const std::string_view from = input_.substr(eb.offset());
  std::string_view rest = from;
  while (!rest.empty()) {
    if (starts(rest, 'E', 'B')) {
      ++ahead.benefits;
    } else if (starts(rest, 'H', 'L') || starts(rest, 'S', 'E')) {
      break;
    }
    const std::size_t end = rest.find(d.segment);
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
    while (!rest.empty() && (rest.front() == '\r' || rest.front() == '\n')) rest.remove_prefix(1);
  }
  ahead.bytes = from.size() - rest.size();
  return ahead;
}

bool Eligibility271Reader::onDtp(const Segment& s) {
  if (level_ != Level::kSubscriber && level_ != Level::kDependent) {
    fail(s, 0, "DTP outside a subscriber or dependent level");
    return false;
  }
  auto d = dtp(s);
  if (!d) {
    const std::string_view f = s.element(2);
    if (f != "D8" && f != "RD8") {
      fail(s, 2, "DTP02 " + quote(f) + " is not a date format of a 271 (D8, RD8)");
    } else {
      fail(s, 3, "DTP03 " + quote(s.element(3)) + " is not a " + std::string(f) + " date");
    }
    return false;
  }
  Subscriber271& m = answer_.members.back();
  if (inBenefit_) {
    m.benefits.back().dates.push_back(std::move(*d));
    return true;
  }
  if (d->qualifier == "346") m.planBegin = d->from;
  if (d->qualifier == "347") m.planEnd = d->to;
  if (d->qualifier == "356") m.eligibilityBegin = d->from;
  if (d->qualifier == "357") m.eligibilityEnd = d->to;
  // An RD8 under 346/356 carries the whole period.
  if (d->qualifier == "346" && d->to != d->from) m.planEnd = d->to;
  if (d->qualifier == "356" && d->to != d->from) m.eligibilityEnd = d->to;
  m.dates.push_back(std::move(*d));
  return true;
}

bool Eligibility271Reader::onRef(const Segment& s) {
  const std::string_view qualifier = s.element(1);
  const std::string_view value = s.element(2);
  if (qualifier.empty() || (value.empty() && s.element(3).empty())) {
    fail(s, qualifier.empty() ? 1 : 2, "REF needs a qualifier (REF01) and a value (REF02)");
    return false;
  }
  if (level_ != Level::kSubscriber && level_ != Level::kDependent) {
    return true;  // 2100B provider ids: not ours to match
  }
  Subscriber271& m = answer_.members.back();
  if (inBenefit_) {
    m.benefits.back().references.emplace_back(qualifier, value);
    return true;
  }
  if (qualifier == "18") {
    m.planNumber = std::string(value);
  } else if (qualifier == "6P") {
    m.groupNumber = std::string(value);
    m.groupName = std::string(s.element(3));
  } else {
    m.references.emplace_back(qualifier, value);
  }
  return true;
}

bool Eligibility271Reader::onSegment(const Segment& s) {
  const std::string_view id = s.id();
  if (!bht_) {
    if (!detail::isBht(stream_, s, "271")) return false;
    if (s.element(2) != "11" && s.element(2) != "06") {
      fail(s, 2, "BHT02 " + quote(s.element(2)) + " is not 11 (response) or 06 (confirmation)");
      return false;
    }
    bht_ = true;
    return detail::readBht(stream_, s, answer_.reference, answer_.created);
  }
  if (inLs_) {
    // Loop 2120 (a benefit's related entity): NM1, N3, N4, PER, PRV until LE.
    switch (s.key()) {
      case segmentKey("LE"):
        inLs_ = false;
        return true;
      case segmentKey("NM1"):
      case segmentKey("N3"):
      case segmentKey("N4"):
      case segmentKey("PER"):
      case segmentKey("PRV"):
        return true;
      default:
        fail(s, 0,
             quote(id) +
                 " inside the loop 2120 (LS ... LE), which holds NM1, N3, N4, "
                 "PER and PRV only");
        return false;
    }
  }
  if (s.key() == segmentKey("HL")) return onHl(s);
  if (level_ == Level::kNone) {
    fail(s, 0, quote(id) + " before the first HL: a 271 is a hierarchy that starts with HL*1**20");
    return false;
  }
  const bool member = level_ == Level::kSubscriber || level_ == Level::kDependent;
  switch (s.key()) {
    case segmentKey("NM1"):
      return onNm1(s);
    case segmentKey("AAA"):
      return onAaa(s);
    case segmentKey("EB"):
      return onEb(s);
    case segmentKey("DTP"):
      return onDtp(s);
    case segmentKey("REF"):
      return onRef(s);
    case segmentKey("TRN"): {
      if (!member || levelNamed_) {
        fail(s, 0, "TRN belongs at a subscriber or dependent level, before its NM1");
        return false;
      }
      if (s.element(2).empty()) {
        fail(s, 2, "TRN02 (the trace number) is missing");
        return false;
      }
      Subscriber271& m = answer_.members.back();
      if (s.element(1) == "2" && m.trace.empty()) {
        m.trace = std::string(s.element(2));
        m.traceOriginator = std::string(s.element(3));
      } else {
        m.otherTraces.emplace_back(s.element(2));
      }
      return true;
    }
    case segmentKey("DMG"): {
      if (!member || inBenefit_) break;
      Subscriber271& m = answer_.members.back();
      if (!s.element(2).empty()) {
        m.birthDate = detail::date8(s.element(2));
        if (!m.birthDate || s.element(1) != "D8") {
          fail(s, 2, "DMG02 " + quote(s.element(2)) + " is not a D8 birth date");
          return false;
        }
      }
      m.sex = std::string(s.element(3));
      return true;
    }
    case segmentKey("INS"):
      if (!member || inBenefit_) break;
      answer_.members.back().relationship = std::string(s.element(2));
      return true;
    case segmentKey("MSG"):
      if (!inBenefit_) break;
      answer_.members.back().benefits.back().messages.emplace_back(s.element(1));
      return true;
    case segmentKey("LS"):
      if (!inBenefit_) break;
      inLs_ = true;
      return true;
    case segmentKey("N3"):
    case segmentKey("N4"):
    case segmentKey("PRV"):
    case segmentKey("HI"):
    case segmentKey("MPI"):
      if (inBenefit_) break;
      return true;
    case segmentKey("PER"):
      if (level_ != Level::kSource) break;
      return true;
    case segmentKey("HSD"):
    case segmentKey("III"):
      if (!inBenefit_) break;
      return true;
    default:
      break;
  }
  fail(s, 0,
       quote(id) + " does not belong here in a 271 (" +
           std::string(kLevelNames[static_cast<int>(level_)]) +
           (inBenefit_ ? ", benefit loop 2110" : "") + ")");
  return false;
}

domain::Result<std::vector<Eligibility271>> parse271(std::string_view input) {
  Eligibility271Reader r(input);
  return detail::readAll<Eligibility271>(r);
}

}  // namespace medoffice::codecs::x12
