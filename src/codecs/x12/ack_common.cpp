// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/ack_common.hpp"

#include <algorithm>
#include <utility>

namespace medoffice::codecs::x12::detail {

namespace {

const Guide* guideOf(TransactionType t) {
  for (const Guide& g : guides()) {
    if (g.type == t && g.preferred.empty()) return &g;
  }
  return nullptr;
}

std::string_view longName(TransactionType t) {
  switch (t) {
    case TransactionType::k999:
      return "999 implementation acknowledgement";
    case TransactionType::k277CA:
      return "277CA claim acknowledgement";
    case TransactionType::k277:
      return "277 claim status response";
    case TransactionType::k837P:
      return "837P professional claim";
    case TransactionType::k837I:
      return "837I institutional claim";
    case TransactionType::k835:
      return "835 remittance advice";
    case TransactionType::k270:
      return "270 eligibility inquiry";
    case TransactionType::k271:
      return "271 eligibility response";
    case TransactionType::k276:
      return "276 claim status request";
  }
  return "transaction";
}

}  // namespace

// The validator may collect as many problems as check() does: the stream stops at the first
// anyway, and the warnings kept are then the same as check()'s (`x12 check` prints them).
AckStream::AckStream(std::string_view input, const AckReadOptions& options, TransactionType want)
    : tokenizer_(input, options.tokenizer),
      validator_(CheckOptions{}.maxProblems),
      want_(want),
      guide_(guideOf(want)),
      skip_(options.skipOtherTransactions) {}

AckStream::AckStream(PullSource source, const AckReadOptions& options, TransactionType want)
    : tokenizer_(std::move(source), options.tokenizer),
      validator_(CheckOptions{}.maxProblems),
      want_(want),
      guide_(guideOf(want)),
      skip_(options.skipOtherTransactions) {}

void AckStream::fail(const Segment& s, int element, std::string message, int component,
                     ProblemKind kind) {
  if (problem_) return;
  problem_ = Problem{kind,    s.index(), s.offset(),         std::string(s.id().substr(0, 3)),
                     element, component, std::move(message), false};
}

AckStream::Event AckStream::refuse(const Segment& s, int element, std::string message) {
  fail(s, element, std::move(message), 0, ProblemKind::kVersion);
  return Event::kFailed;
}

AckStream::Event AckStream::begin(const Segment& s) {
  const std::string_view set = s.element(1);
  if (set == guide_->transactionSet && gs08_ == guide_->version) {
    inWanted_ = true;
    envelope_.transactionControl = std::string(s.element(2));
    envelope_.segment = s.index();
    return Event::kBegin;
  }
  if (skip_) return Event::kSegment;  // the caller never sees it: next() loops on
  return refuse(s, 1,
                "ST01 " + quote(set) + " in a group of GS08 " + quote(gs08_) + " is not a " +
                    std::string(longName(want_)) + " (" + std::string(guide_->version) + ")");
}

AckStream::Event AckStream::next() {
  if (problem_) return Event::kFailed;
  if (finished_) return Event::kDone;
  for (;;) {
    const Segment* s = tokenizer_.next();
    if (s == nullptr) {
      if (tokenizer_.problem()) validator_.fail(*tokenizer_.problem());
      validator_.finish(tokenizer_.segmentCount(), tokenizer_.bytesConsumed());
      if (!validator_.problems().empty()) {
        problem_ = validator_.problems().front();
        return Event::kFailed;
      }
      finished_ = true;
      return Event::kDone;
    }
    validator_.feed(*s);
    if (!validator_.problems().empty()) {
      problem_ = validator_.problems().front();
      return Event::kFailed;
    }
    segment_ = s;
    switch (s->key()) {
      case segmentKey("ISA"):
        envelope_ = AckEnvelope{};
        envelope_.interchangeControl = std::string(s->element(13));
        envelope_.senderQualifier = std::string(s->element(5));
        envelope_.senderId = trimRight(s->element(6));
        envelope_.receiverQualifier = std::string(s->element(7));
        envelope_.receiverId = trimRight(s->element(8));
        envelope_.production = s->element(15) == "P";
        continue;
      case segmentKey("GS"):
        gs01_ = std::string(s->element(1));
        gs08_ = std::string(s->element(8));
        envelope_.groupSender = std::string(s->element(2));
        envelope_.groupReceiver = std::string(s->element(3));
        envelope_.groupControl = std::string(s->element(6));
        if (!skip_ && gs08_ != guide_->version) {
          std::string what = "GS08 " + quote(gs08_) + " is not the version of a " +
                             std::string(longName(want_)) + " (" + std::string(guide_->version) +
                             ")";
          for (const Guide& g : guides()) {
            if (g.version == gs08_ && g.functionalId == gs01_) {
              what += ": this group holds " + std::string(longName(g.type)) + "s";
              break;
            }
          }
          return refuse(*s, 8, std::move(what));
        }
        continue;
      case segmentKey("ST"): {
        const Event e = begin(*s);
        if (e == Event::kSegment) continue;  // skipped
        return e;
      }
      case segmentKey("SE"):
        if (!inWanted_) continue;
        inWanted_ = false;
        return Event::kEnd;
      case segmentKey("GE"):
      case segmentKey("IEA"):
        continue;
      default:
        if (inWanted_) return Event::kSegment;
        continue;
    }
  }
}

bool HlLevels::checkId(AckStream& stream, const Segment& s) {
  const std::string_view id = s.element(1);
  if (!id.empty() && id.size() <= 12) return true;
  stream.fail(s, 1, "HL01 " + quote(id) + " is not a hierarchical id (1 to 12 characters)");
  return false;
}

bool HlLevels::open(AckStream& stream, const Segment& s, std::size_t level,
                    std::span<const std::string_view> names) {
  const std::string_view parent = s.element(2);
  if (level == 0) {
    if (!parent.empty()) {
      stream.fail(s, 2,
                  "HL02 " + quote(parent) +
                      " names a parent, but the information source level is the top of the "
                      "hierarchy");
      return false;
    }
  } else if (ids_[level - 1].empty()) {
    stream.fail(s, 2,
                "the " + std::string(names[level]) + " needs an open " +
                    std::string(names[level - 1]) + " before it");
    return false;
  } else if (parent != ids_[level - 1]) {
    stream.fail(s, 2,
                "HL02 " + quote(parent) + " does not name the open " +
                    std::string(names[level - 1]) + " (HL01 " + quote(ids_[level - 1]) + ")");
    return false;
  }
  ids_[level] = std::string(s.element(1));
  for (std::size_t below = level + 1; below < kMost; ++below) ids_[below].clear();
  return true;
}

void HlLevels::clear() {
  for (auto& id : ids_) id.clear();
}

bool isBht(AckStream& stream, const Segment& s, std::string_view transaction) {
  if (s.key() == segmentKey("BHT")) return true;
  stream.fail(s, 0,
              "BHT missing: a " + std::string(transaction) + " starts with BHT after ST, not " +
                  quote(s.id()));
  return false;
}

bool readBht(AckStream& stream, const Segment& s, std::string& reference,
             std::optional<domain::Date>& created) {
  reference = std::string(s.element(3));
  if (s.element(4).empty()) return true;
  created = date8(s.element(4));
  if (created) return true;
  stream.fail(s, 4, "BHT04 " + quote(s.element(4)) + " is not a CCYYMMDD date");
  return false;
}

bool sawBht(AckStream& stream, const Segment& se, bool bht, std::string_view transaction) {
  if (bht) return true;
  stream.fail(se, 0, "BHT missing: a " + std::string(transaction) + " starts with BHT after ST");
  return false;
}

bool hasTopLevels(AckStream& stream, const Segment& se, std::size_t sources,
                  std::optional<std::size_t> receivers) {
  if (sources == 0) {
    stream.fail(se, 0, "the information source level (HL 20, loop 2000A) is missing");
    return false;
  }
  if (receivers && *receivers == 0) {
    stream.fail(se, 0, "the information receiver level (HL 21, loop 2000B) is missing");
    return false;
  }
  return true;
}

bool dateRange(std::string_view format, std::string_view value, std::optional<domain::Date>& from,
               std::optional<domain::Date>& to) {
  if (format == "D8") {
    from = to = date8(value);
  } else if (format == "RD8") {
    const auto dash = value.find('-');
    if (dash != std::string_view::npos) {
      from = date8(value.substr(0, dash));
      to = date8(value.substr(dash + 1));
      if (from && to && *to < *from) to.reset();
    }
  }
  return from && to;
}

std::optional<std::uint64_t> unsignedNumber(std::string_view s, std::size_t maxDigits) {
  if (s.empty() || s.size() > maxDigits) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

std::optional<std::int64_t> amountCents(std::string_view s) {
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  const std::size_t dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (whole.size() > 15 || fraction.size() > 2) return std::nullopt;
  std::int64_t cents = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    cents = cents * 10 + (c - '0');
  }
  return negative ? -cents : cents;
}

std::optional<domain::Date> date8(std::string_view s) {
  const auto n = unsignedNumber(s, 8);
  if (!n || s.size() != 8) return std::nullopt;
  return domain::Date::fromYmd(static_cast<int>(*n / 10000), static_cast<int>(*n / 100 % 100),
                               static_cast<int>(*n % 100));
}

std::string trimRight(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::string quote(std::string_view s) {
  return "'" + showBytes(s, 40) + "'";
}

std::string elementName(std::string_view id, int element) {
  return std::string(id) + (element < 10 ? "0" : "") + std::to_string(element);
}

}  // namespace medoffice::codecs::x12::detail
