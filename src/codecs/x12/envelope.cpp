// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/envelope.hpp"

#include <algorithm>
#include <optional>

#include "codecs/x12/element_rules.hpp"

namespace medoffice::codecs::x12 {

namespace {

constexpr std::size_t kMaxTrackedTransactions = 1'000'000;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isUpper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), isDigit);
}

std::optional<std::uint64_t> parseCount(std::string_view s) {
  if (s.empty() || s.size() > 18 || !digits(s)) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

bool validId(std::string_view id) {
  if (id.size() < 2 || id.size() > 3 || !isUpper(id[0])) return false;
  return std::all_of(id.begin() + 1, id.end(), [](char c) { return isUpper(c) || isDigit(c); });
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string quoted(std::string_view s) {
  return "'" + showBytes(s, 40) + "'";
}

/// A control number of up to 9 printable ASCII characters packed exactly into 63 bits.
std::optional<std::uint64_t> packControl(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  std::uint64_t key = 0;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return std::nullopt;
    key = key * 128 + u;
  }
  return key;
}

std::string unpackControl(std::uint64_t key) {
  std::string s;
  while (key != 0) {
    s.insert(s.begin(), static_cast<char>(key % 128));
    key /= 128;
  }
  return s;
}

constexpr std::string_view kSupported =
    "837P 005010X222A1, 837I 005010X223A2, 835 005010X221A1, 270/271 005010X279A1, 276/277 "
    "005010X212, 277CA 005010X214, 999 005010X231A1";

}  // namespace

std::string_view toString(TransactionType t) {
  switch (t) {
    case TransactionType::k837P:
      return "837P";
    case TransactionType::k837I:
      return "837I";
    case TransactionType::k835:
      return "835";
    case TransactionType::k270:
      return "270";
    case TransactionType::k271:
      return "271";
    case TransactionType::k276:
      return "276";
    case TransactionType::k277:
      return "277";
    case TransactionType::k277CA:
      return "277CA";
    case TransactionType::k999:
      return "999";
  }
  return "?";
}

const std::vector<Guide>& guides() {
  static const std::vector<Guide> kGuides = {
      {"005010X222A1", "HC", "837", TransactionType::k837P, {}},
      // X12 errata of the 837P carried by every published 837P sample (X12-NOTES §1.4).
      {"005010X222A2", "HC", "837", TransactionType::k837P, "005010X222A1"},
      {"005010X223A2", "HC", "837", TransactionType::k837I, {}},
      {"005010X223A3", "HC", "837", TransactionType::k837I, "005010X223A2"},
      {"005010X221A1", "HP", "835", TransactionType::k835, {}},
      {"005010X279A1", "HS", "270", TransactionType::k270, {}},
      {"005010X279A1", "HB", "271", TransactionType::k271, {}},
      {"005010X212", "HR", "276", TransactionType::k276, {}},
      {"005010X212", "HN", "277", TransactionType::k277, {}},
      {"005010X214", "HN", "277", TransactionType::k277CA, {}},
      {"005010X231A1", "FA", "999", TransactionType::k999, {}},
  };
  return kGuides;
}

std::string Summary::describe() const {
  std::string out;
  if (types.empty()) {
    out = "no transactions";
  } else {
    for (std::size_t i = 0; i < types.size(); ++i)
      out += (i ? "+" : "") + std::string(toString(types[i]));
  }
  for (std::size_t i = 0; i < versions.size(); ++i) out += (i ? "," : " ") + versions[i];
  out += ": " + plural(interchanges, "interchange", "interchanges") + ", " +
         plural(groups, "group", "groups") + ", " +
         plural(transactions, "transaction", "transactions") + ", " +
         plural(claims, "claim", "claims");
  return out;
}

EnvelopeValidator::EnvelopeValidator(std::size_t maxProblems)
    : maxProblems_(std::max<std::size_t>(maxProblems, 1)) {}

void EnvelopeValidator::report(const Segment& s, ProblemKind kind, int element, std::string message,
                               int component) {
  if (stopped_) return;
  problems_.push_back(Problem{kind, s.index(), s.offset(), std::string(s.id().substr(0, 3)),
                              element, component, std::move(message), false});
  if (kind == ProblemKind::kVersion || problems_.size() >= maxProblems_) stopped_ = true;
}

void EnvelopeValidator::reportAtEnd(std::string message) {
  if (stopped_) return;
  problems_.push_back(Problem{ProblemKind::kEnvelope,
                              summary_.segments,
                              summary_.bytes,
                              {},
                              0,
                              0,
                              std::move(message),
                              true});
  if (problems_.size() >= maxProblems_) stopped_ = true;
}

void EnvelopeValidator::fail(Problem p) {
  if (stopped_) return;
  problems_.push_back(std::move(p));
  stopped_ = true;
}

void EnvelopeValidator::countMatches(const Segment& s, int element, std::uint64_t actual,
                                     std::string_view what) {
  const std::string_view text = s.element(static_cast<std::size_t>(element));
  const std::string name = std::string(s.id()) + "0" + std::to_string(element);
  const auto said = parseCount(text);
  if (!said) {
    report(s, ProblemKind::kEnvelope, element,
           name + " " + quoted(text) + " is not a count of " + std::string(what));
  } else if (*said != actual) {
    report(s, ProblemKind::kEnvelope, element,
           name + " says " + std::to_string(*said) + " " + std::string(what) + "; there are " +
               std::to_string(actual));
  }
}

void EnvelopeValidator::closeTransaction(const Segment* at) {
  if (!transaction_.open) return;
  transaction_.open = false;
  const std::string what = "SE missing: the transaction opened by ST at segment " +
                           std::to_string(transaction_.segment) + " (ST02 " +
                           quoted(transaction_.control) + ") is not closed";
  if (at) {
    report(*at, ProblemKind::kEnvelope, 0, what + " before this " + std::string(at->id()));
  } else {
    reportAtEnd(what + " at the end of the input (is the file truncated?)");
  }
}

void EnvelopeValidator::closeGroup(const Segment* at) {
  closeTransaction(at);
  if (!group_.open) return;
  group_.open = false;
  checkControlNumbersUnique();
  const std::string what = "GE missing: the functional group opened by GS at segment " +
                           std::to_string(group_.segment) + " (GS06 " + quoted(group_.control) +
                           ") is not closed";
  if (at) {
    report(*at, ProblemKind::kEnvelope, 0, what + " before this " + std::string(at->id()));
  } else {
    reportAtEnd(what + " at the end of the input (is the file truncated?)");
  }
}

void EnvelopeValidator::closeInterchange(const Segment* at) {
  closeGroup(at);
  if (!interchange_.open) return;
  interchange_.open = false;
  const std::string what = "IEA missing: the interchange opened by ISA at segment " +
                           std::to_string(interchange_.segment) + " (ISA13 " +
                           quoted(interchange_.control) + ") is not closed";
  if (at) {
    report(*at, ProblemKind::kEnvelope, 0, what + " before this " + std::string(at->id()));
  } else {
    reportAtEnd(what + " at the end of the input (is the file truncated?)");
  }
}

void EnvelopeValidator::checkControlNumbersUnique() {
  std::sort(st02s_.begin(), st02s_.end());
  for (std::size_t i = 1; i < st02s_.size(); ++i) {
    if (st02s_[i].key != st02s_[i - 1].key) continue;
    if (stopped_) break;
    problems_.push_back(Problem{ProblemKind::kEnvelope, st02s_[i].segment, st02s_[i].offset, "ST",
                                2, 0,
                                "ST02 " + quoted(unpackControl(st02s_[i].key)) +
                                    " repeats the control number of the transaction at segment " +
                                    std::to_string(st02s_[i - 1].segment) +
                                    "; ST02 must be unique within its functional group",
                                false});
    if (problems_.size() >= maxProblems_) stopped_ = true;
  }
  if (st02Overflow_ && !stopped_) {
    warnings_.push_back(Problem{ProblemKind::kEnvelope, group_.segment, 0, "GS", 0, 0,
                                "ST02 uniqueness was checked for the first " +
                                    std::to_string(kMaxTrackedTransactions) +
                                    " transactions of this group only",
                                false});
  }
  st02s_.clear();
  st02Overflow_ = false;
}

void EnvelopeValidator::onIsa(const Segment& s) {
  if (interchange_.open) closeInterchange(&s);
  const std::string_view version = s.element(12);
  if (version == "00401") {
    report(s, ProblemKind::kVersion, 12,
           "ISA12 '00401' is X12 4010; MedOffice reads only X12 5010 (ISA12 00501)");
    return;
  }
  if (version != "00501") {
    report(
        s, ProblemKind::kVersion, 12,
        "ISA12 " + quoted(version) + " is not X12 5010 (00501), the only version MedOffice reads");
    return;
  }
  if (s.delimiters().repetition == '\0') {
    report(s, ProblemKind::kEnvelope, 11,
           "ISA11 " + quoted(s.element(11)) +
               " is not a repetition separator (5010 uses ISA11 for it; 4010 put a standards id "
               "there)");
  }
  const std::string_view control = s.element(13);
  if (control.size() != 9 || !digits(control)) {
    report(s, ProblemKind::kEnvelope, 13,
           "ISA13 " + quoted(control) + " is not a 9-digit interchange control number");
  }
  if (s.element(14) != "0" && s.element(14) != "1") {
    report(s, ProblemKind::kEnvelope, 14,
           "ISA14 " + quoted(s.element(14)) + " is not 0 or 1 (acknowledgement requested)");
  }
  if (s.element(15) != "T" && s.element(15) != "P") {
    report(s, ProblemKind::kEnvelope, 15,
           "ISA15 " + quoted(s.element(15)) + " is not T (test) or P (production)");
  }
  if (!digits(s.element(9))) {
    report(s, ProblemKind::kEnvelope, 9, "ISA09 " + quoted(s.element(9)) + " is not a YYMMDD date");
  }
  if (!digits(s.element(10))) {
    report(s, ProblemKind::kEnvelope, 10,
           "ISA10 " + quoted(s.element(10)) + " is not an HHMM time");
  }
  interchange_ = Open{true, s.index(), std::string(control), 0};
  ++summary_.interchanges;
}

void EnvelopeValidator::onIea(const Segment& s) {
  if (!interchange_.open) {
    report(s, ProblemKind::kEnvelope, 0, "IEA without an open interchange (no ISA before it)");
    return;
  }
  closeGroup(&s);
  countMatches(s, 1, interchange_.count, "functional groups");
  if (s.element(2) != interchange_.control) {
    report(s, ProblemKind::kEnvelope, 2,
           "IEA02 " + quoted(s.element(2)) + " does not match ISA13 " +
               quoted(interchange_.control) + " of the interchange opened at segment " +
               std::to_string(interchange_.segment));
  }
  interchange_.open = false;
}

void EnvelopeValidator::onGs(const Segment& s) {
  if (!interchange_.open) {
    report(s, ProblemKind::kEnvelope, 0, "GS outside an interchange (no ISA before it)");
  }
  if (group_.open) closeGroup(&s);
  ++interchange_.count;
  ++summary_.groups;
  const std::string_view control = s.element(6);
  if (control.size() > 9 || !digits(control)) {
    report(s, ProblemKind::kEnvelope, 6,
           "GS06 " + quoted(control) + " is not a group control number (1 to 9 digits)");
  }
  const std::string_view date = s.element(4);
  if (date.size() != 8 || !digits(date)) {
    report(s, ProblemKind::kEnvelope, 4, "GS04 " + quoted(date) + " is not a CCYYMMDD date");
  }
  const std::string_view time = s.element(5);
  if (time.size() < 4 || time.size() > 8 || !digits(time)) {
    report(s, ProblemKind::kEnvelope, 5, "GS05 " + quoted(time) + " is not an HHMM time");
  }
  if (s.element(7) != "X") {
    report(s, ProblemKind::kEnvelope, 7,
           "GS07 " + quoted(s.element(7)) + " is not X (the agency of the X12 standard)");
  }
  group_ = Open{true, s.index(), std::string(control), 0};
  gs01_ = std::string(s.element(1));
  gs08_ = std::string(s.element(8));
  groupGuides_.clear();

  const std::string_view version = s.element(8);
  if (version.empty()) {
    report(s, ProblemKind::kVersion, 8, "GS08 (the X12 version) is missing");
    return;
  }
  if (version.substr(0, 5) == "00401") {
    report(s, ProblemKind::kVersion, 8,
           "GS08 " + quoted(version) +
               " is X12 4010; MedOffice reads only X12 5010 (GS08 005010...), which replaced "
               "4010 for HIPAA transactions in 2012");
    return;
  }
  for (const Guide& g : guides()) {
    if (g.version == version) groupGuides_.push_back(&g);
  }
  if (groupGuides_.empty()) {
    report(s, ProblemKind::kVersion, 8,
           "GS08 " + quoted(version) +
               (version.substr(0, 6) == "005010" ? " is an X12 5010 guide MedOffice does not read"
                                                 : " is not an X12 5010 version") +
               " (it reads " + std::string(kSupported) + ")");
    return;
  }
  const bool known = std::any_of(groupGuides_.begin(), groupGuides_.end(),
                                 [&](const Guide* g) { return g->functionalId == gs01_; });
  if (!known) {
    std::string expected;
    for (const Guide* g : groupGuides_)
      expected += (expected.empty() ? "" : " or ") + std::string(g->functionalId);
    report(s, ProblemKind::kEnvelope, 1,
           "GS01 " + quoted(gs01_) + " is not the functional id of GS08 " + gs08_ + " (expected " +
               expected + ")");
  }
  if (!groupGuides_.front()->preferred.empty() && warnings_.size() < maxProblems_) {
    warnings_.push_back(Problem{
        ProblemKind::kVersion, s.index(), s.offset(), "GS", 8, 0,
        "GS08 " + gs08_ + " is an errata version found in published samples; payers expect " +
            std::string(groupGuides_.front()->preferred),
        false});
  }
  if (std::find(summary_.versions.begin(), summary_.versions.end(), gs08_) ==
      summary_.versions.end()) {
    summary_.versions.push_back(gs08_);
  }
}

void EnvelopeValidator::onGe(const Segment& s) {
  if (!group_.open) {
    report(s, ProblemKind::kEnvelope, 0, "GE without an open functional group (no GS before it)");
    return;
  }
  closeTransaction(&s);
  countMatches(s, 1, group_.count, "transactions");
  if (s.element(2) != group_.control) {
    report(s, ProblemKind::kEnvelope, 2,
           "GE02 " + quoted(s.element(2)) + " does not match GS06 " + quoted(group_.control) +
               " of the group opened at segment " + std::to_string(group_.segment));
  }
  group_.open = false;
  checkControlNumbersUnique();
}

void EnvelopeValidator::onSt(const Segment& s) {
  if (!group_.open) {
    report(s, ProblemKind::kEnvelope, 0, "ST outside a functional group (no GS before it)");
  }
  if (transaction_.open) closeTransaction(&s);
  ++group_.count;
  ++summary_.transactions;
  const std::string_view set = s.element(1);
  const std::string_view control = s.element(2);
  const std::string_view reference = s.element(3);
  if (control.size() < 4 || control.size() > 9) {
    report(s, ProblemKind::kEnvelope, 2,
           "ST02 " + quoted(control) + " is not a transaction control number (4 to 9 characters)");
  } else if (auto key = packControl(control)) {
    if (st02s_.size() < kMaxTrackedTransactions) {
      st02s_.push_back(Control{*key, s.index(), s.offset()});
    } else {
      st02Overflow_ = true;
    }
  }
  transaction_ = Open{true, s.index(), std::string(control), 1};
  guide_ = nullptr;
  if (group_.open && !groupGuides_.empty()) {
    for (const Guide* g : groupGuides_) {
      if (g->transactionSet == set && (guide_ == nullptr || g->functionalId == gs01_)) guide_ = g;
    }
    if (guide_ == nullptr) {
      std::string expected;
      for (const Guide* g : groupGuides_)
        expected += (expected.empty() ? "" : " or ") + std::string(g->transactionSet);
      report(s, ProblemKind::kEnvelope, 1,
             "ST01 " + quoted(set) + " is not a transaction set of GS08 " + gs08_ + " (expected " +
                 expected + ")");
    } else if (guide_->functionalId != gs01_) {
      report(s, ProblemKind::kEnvelope, 1,
             "ST01 " + quoted(set) + " does not belong in a functional group with GS01 " +
                 quoted(gs01_) + " (expected GS01 " + std::string(guide_->functionalId) + ")");
    }
    if (!reference.empty() && reference != gs08_) {
      report(s, ProblemKind::kEnvelope, 3,
             "ST03 " + quoted(reference) + " differs from GS08 " + quoted(gs08_));
    }
    if (guide_ != nullptr && std::find(summary_.types.begin(), summary_.types.end(),
                                       guide_->type) == summary_.types.end()) {
      summary_.types.push_back(guide_->type);
    }
  }
}

void EnvelopeValidator::onSe(const Segment& s) {
  if (!transaction_.open) {
    report(s, ProblemKind::kEnvelope, 0, "SE without an open transaction (no ST before it)");
    return;
  }
  ++transaction_.count;
  const std::string_view text = s.element(1);
  const auto said = parseCount(text);
  if (!said) {
    report(s, ProblemKind::kEnvelope, 1, "SE01 " + quoted(text) + " is not a segment count");
  } else if (*said != transaction_.count) {
    report(s, ProblemKind::kEnvelope, 1,
           "SE01 says " + std::to_string(*said) + " segments; the transaction has " +
               std::to_string(transaction_.count) + " (ST and SE included)");
  }
  if (s.element(2) != transaction_.control) {
    report(s, ProblemKind::kEnvelope, 2,
           "SE02 " + quoted(s.element(2)) + " does not match ST02 " + quoted(transaction_.control) +
               " of the transaction opened at segment " + std::to_string(transaction_.segment));
  }
  transaction_.open = false;
  guide_ = nullptr;
}

bool EnvelopeValidator::feed(const Segment& s) {
  if (stopped_) return false;
  lastSegment_ = s.index();
  lastOffset_ = s.offset();
  const std::string_view id = s.id();
  if (!validId(id)) {
    report(s, ProblemKind::kSyntax, 0,
           quoted(id) +
               " is not a segment id (2 or 3 capital letters or digits, starting with "
               "a letter)");
    if (transaction_.open) ++transaction_.count;
    return !stopped_;
  }
  switch (s.key()) {
    case segmentKey("ISA"):
      onIsa(s);
      return !stopped_;
    case segmentKey("IEA"):
      onIea(s);
      return !stopped_;
    case segmentKey("GS"):
      onGs(s);
      return !stopped_;
    case segmentKey("GE"):
      onGe(s);
      return !stopped_;
    case segmentKey("ST"):
      onSt(s);
      return !stopped_;
    case segmentKey("SE"):
      onSe(s);
      return !stopped_;
    default:
      break;
  }
  if (!transaction_.open) {
    report(s, ProblemKind::kEnvelope, 0,
           "segment " + quoted(id) +
               " outside a transaction: only ISA, GS, ST, SE, GE and IEA may stand outside ST/SE");
    return !stopped_;
  }
  ++transaction_.count;
  if (guide_ == nullptr) return true;
  const TransactionType type = guide_->type;
  if (s.key() == segmentKey("CLM") &&
      (type == TransactionType::k837P || type == TransactionType::k837I)) {
    ++summary_.claims;
  } else if (s.key() == segmentKey("CLP") && type == TransactionType::k835) {
    ++summary_.claims;
  }
  struct Reporter : ElementReport {
    EnvelopeValidator& v;
    const Segment& s;
    Reporter(EnvelopeValidator& validator, const Segment& segment) : v(validator), s(segment) {}
    void problem(int element, int component, std::string message) override {
      v.report(s, ProblemKind::kElement, element, std::move(message), component);
    }
  } reporter(*this, s);
  checkElements(s, type, reporter);
  return !stopped_;
}

void EnvelopeValidator::finish(std::uint64_t segments, std::uint64_t bytes) {
  summary_.segments = segments;
  summary_.bytes = bytes;
  if (stopped_) return;
  if (segments == 0) {
    fail(Problem{ProblemKind::kSyntax,
                 0,
                 0,
                 {},
                 0,
                 0,
                 "the input is empty: X12 starts with an ISA segment",
                 false});
    return;
  }
  closeInterchange(nullptr);
}

namespace {

CheckReport run(Tokenizer& t, const CheckOptions& options) {
  EnvelopeValidator v(options.maxProblems);
  while (const Segment* s = t.next()) {
    if (!v.feed(*s)) break;
  }
  if (t.problem()) v.fail(*t.problem());
  v.finish(t.segmentCount(), t.bytesConsumed());
  return CheckReport{v.summary(), v.problems(), v.warnings()};
}

}  // namespace

CheckReport check(std::string_view input, const CheckOptions& options) {
  Tokenizer t(input, options.tokenizer);
  return run(t, options);
}

CheckReport check(PullSource source, const CheckOptions& options) {
  Tokenizer t(std::move(source), options.tokenizer);
  return run(t, options);
}

domain::Result<Summary> toResult(const CheckReport& report) {
  if (!report.ok()) return toError(report.problems.front());
  return report.summary;
}

}  // namespace medoffice::codecs::x12
