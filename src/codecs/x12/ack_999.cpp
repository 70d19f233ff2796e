// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/ack_999.hpp"

#include <array>
#include <initializer_list>
#include <utility>

namespace medoffice::codecs::x12 {

namespace {

using detail::elementName;
using detail::quote;

struct Meaning {
  std::string_view code;
  std::string_view text;
};

std::string_view lookup(const Meaning* table, std::size_t n, std::string_view code) {
  for (std::size_t i = 0; i < n; ++i) {
    if (table[i].code == code) return table[i].text;
  }
  return {};
}

// Our own words for the 5010 code lists (X12-NOTES §5.2). The I-codes are the implementation
// guide's additions; their wording is ours and was not checked against the licensed TR3.
constexpr Meaning kSegmentErrors[] = {
    {"1", "the segment id is not recognised"},
    {"2", "the segment is not expected here"},
    {"3", "a required segment is missing"},
    {"4", "a loop occurs more times than allowed"},
    {"5", "the segment occurs more times than allowed"},
    {"6", "the segment is not defined in this transaction set"},
    {"7", "the segment is out of sequence"},
    {"8", "the segment has element errors"},
    {"I4", "a segment the guide marks as not used is present"},
    {"I6", "a segment the guide requires in this situation is missing"},
    {"I7", "a loop occurs fewer times than the guide requires"},
    {"I8", "the segment occurs fewer times than the guide requires"},
    {"I9", "a segment the guide does not allow in this situation is present"},
};

constexpr Meaning kElementErrors[] = {
    {"1", "a required element is missing"},
    {"2", "an element required by another one's presence is missing"},
    {"3", "the segment has too many elements"},
    {"4", "the value is too short"},
    {"5", "the value is too long"},
    {"6", "the value has an invalid character"},
    {"7", "the value is not a valid code"},
    {"8", "the value is not a valid date"},
    {"9", "the value is not a valid time"},
    {"10", "the element must not be present together with another one"},
    {"12", "the element repeats more times than allowed"},
    {"13", "the composite has too many components"},
    {"I6", "the code is valid in X12 but not used by this implementation guide"},
    {"I9", "an element the guide requires in this situation is missing"},
    {"I10", "an element the guide marks as not used is present"},
    {"I11", "the element repeats fewer times than the guide requires"},
    {"I12", "the value does not match the pattern the guide requires"},
    {"I13", "an element the guide does not allow in this situation is present"},
};

constexpr Meaning kTransactionErrors[] = {
    {"1", "the transaction set is not supported"},
    {"2", "the transaction set has no trailer (SE)"},
    {"3", "the control numbers of ST and SE differ"},
    {"4", "SE01 does not match the number of segments"},
    {"5", "one or more segments are in error"},
    {"6", "the transaction set identifier (ST01) is missing or invalid"},
    {"7", "the transaction set control number (ST02) is missing or invalid"},
    {"8", "the authentication key name is unknown"},
    {"9", "the encryption key name is unknown"},
    {"10", "the requested authentication or encryption service is not available"},
    {"11", "the security recipient is unknown"},
    {"12", "the message length is wrong (encryption)"},
    {"13", "the message authentication code failed"},
    {"15", "the security originator is unknown"},
    {"16", "the decrypted text has a syntax error"},
    {"17", "security is not supported"},
    {"18", "the transaction set is not in a functional group"},
    {"19", "the implementation convention reference (ST03) is invalid"},
    {"23", "the control number (ST02) is used twice in the functional group"},
    {"24", "a security start segment (S3S) has no end segment (S3E)"},
    {"25", "a security end segment (S3E) has no start segment (S3S)"},
    {"26", "a security start segment (S4S) has no end segment (S4E)"},
    {"27", "a security end segment (S4E) has no start segment (S4S)"},
    {"I5", "one or more segments break the implementation guide"},
    {"I6", "the implementation convention is not supported"},
};

constexpr Meaning kGroupErrors[] = {
    {"1", "the functional group is not supported"},
    {"2", "the functional group version (GS08) is not supported"},
    {"3", "the functional group has no trailer (GE)"},
    {"4", "the control numbers of GS and GE differ"},
    {"5", "GE01 does not match the number of transaction sets"},
    {"6", "the group control number (GS06) is not valid"},
    {"10", "the authentication key name is unknown"},
    {"11", "the encryption key name is unknown"},
    {"12", "the requested service is not available"},
    {"13", "the security recipient is unknown"},
    {"14", "the security originator is unknown"},
    {"15", "the decrypted text has a syntax error"},
    {"16", "security is not supported"},
    {"17", "the message length is wrong (encryption)"},
    {"18", "the message authentication code failed"},
    {"19", "the group control number (GS06) is used twice in the interchange"},
    {"23", "a security start segment (S3S) has no end segment (S3E)"},
    {"24", "a security end segment (S3E) has no start segment (S3S)"},
    {"25", "a security start segment (S4S) has no end segment (S4E)"},
    {"26", "a security end segment (S4E) has no start segment (S4S)"},
};

template <std::size_t N>
CodedValue coded(const Meaning (&table)[N], std::string_view code) {
  CodedValue v;
  v.code = std::string(code);
  if (code.empty()) return v;
  v.meaning = lookup(table, N, code);
  v.known = !v.meaning.empty();
  if (!v.known) v.meaning = "a code the 5010 999 does not define";
  return v;
}

std::optional<AckCode> ackCode(std::string_view s, bool group) {
  if (s.size() != 1) return std::nullopt;
  switch (s[0]) {
    case 'A':
      return AckCode::kAccepted;
    case 'E':
      return AckCode::kAcceptedWithErrors;
    case 'P':
      if (group) return AckCode::kPartiallyAccepted;
      return std::nullopt;
    case 'R':
      return AckCode::kRejected;
    case 'M':
      return AckCode::kRejectedMac;
    case 'W':
      return AckCode::kRejectedAssurance;
    case 'X':
      return AckCode::kRejectedContent;
    default:
      return std::nullopt;
  }
}

/// Whole positive numbers of a position composite ("5", "5:2", "5:2:1"); nullopt when a part
/// is not a number. A missing part is 0.
std::optional<std::array<int, 3>> positions(std::string_view value, char component) {
  std::array<int, 3> out{0, 0, 0};
  if (partCount(value, component) > 3) return std::nullopt;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string_view p = part(value, component, i + 1);
    if (p.empty()) continue;
    const auto n = detail::unsignedNumber(p, 4);
    if (!n || *n == 0) return std::nullopt;
    out[i] = static_cast<int>(*n);
  }
  return out;
}

std::string plural(std::uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

std::string_view toString(AckCode c) {
  switch (c) {
    case AckCode::kAccepted:
      return "A";
    case AckCode::kAcceptedWithErrors:
      return "E";
    case AckCode::kPartiallyAccepted:
      return "P";
    case AckCode::kRejected:
      return "R";
    case AckCode::kRejectedMac:
      return "M";
    case AckCode::kRejectedAssurance:
      return "W";
    case AckCode::kRejectedContent:
      return "X";
  }
  return "R";
}

std::string_view meaning(AckCode c) {
  switch (c) {
    case AckCode::kAccepted:
      return "accepted";
    case AckCode::kAcceptedWithErrors:
      return "accepted with errors noted";
    case AckCode::kPartiallyAccepted:
      return "partially accepted: some transaction sets were rejected";
    case AckCode::kRejected:
      return "rejected";
    case AckCode::kRejectedMac:
      return "rejected: the message authentication code failed";
    case AckCode::kRejectedAssurance:
      return "rejected: an assurance failed its validity tests";
    case AckCode::kRejectedContent:
      return "rejected: the content could not be analysed after decryption";
  }
  return "rejected";
}

bool isAccepted(AckCode c) {
  return c == AckCode::kAccepted || c == AckCode::kAcceptedWithErrors;
}

bool isRejected(AckCode c) {
  return c == AckCode::kRejected || c == AckCode::kRejectedMac ||
         c == AckCode::kRejectedAssurance || c == AckCode::kRejectedContent;
}

std::string_view segmentErrorMeaning(std::string_view code) {
  return lookup(kSegmentErrors, std::size(kSegmentErrors), code);
}
std::string_view elementErrorMeaning(std::string_view code) {
  return lookup(kElementErrors, std::size(kElementErrors), code);
}
std::string_view transactionErrorMeaning(std::string_view code) {
  return lookup(kTransactionErrors, std::size(kTransactionErrors), code);
}
std::string_view groupErrorMeaning(std::string_view code) {
  return lookup(kGroupErrors, std::size(kGroupErrors), code);
}

bool ErrorContext999::isBusinessUnit() const {
  return !name.empty() && name != "SITUATIONAL TRIGGER";
}

std::string SegmentError999::businessUnit(std::string_view unit) const {
  for (const auto& c : contexts) {
    if (c.isBusinessUnit() && c.name == unit) return c.reference;
  }
  return {};
}

const TransactionAck999* Ack999::find(std::string_view controlNumber) const {
  for (const auto& t : transactions) {
    if (t.controlNumber == controlNumber) return &t;
  }
  return nullptr;
}

Ack999Reader::Ack999Reader(std::string_view input, const AckReadOptions& options)
    : stream_(input, options, TransactionType::k999) {}

Ack999Reader::Ack999Reader(PullSource source, const AckReadOptions& options)
    : stream_(std::move(source), options, TransactionType::k999) {}

void Ack999Reader::fail(const Segment& s, int element, std::string message, int component) {
  stream_.fail(s, element, std::move(message), component);
}

const Ack999* Ack999Reader::next() {
  return detail::nextTransaction<Ack999>(
      stream_,
      [this] {
        ack_ = Ack999{};
        ack_.envelope = stream_.envelope();
        state_ = State::kStart;
      },
      [this](const Segment& s) { return onSegment(s); },
      [this](const Segment& se) { return onEnd(se) ? &ack_ : nullptr; });
}

bool Ack999Reader::missingIk5(const Segment& s) {
  const TransactionAck999& t = ack_.transactions.back();
  fail(s, 0,
       "IK5 missing: the AK2 at segment " + std::to_string(t.segment) + " (AK202 " +
           quote(t.controlNumber) + ") has no IK5 acknowledgement code before this " +
           std::string(s.id()));
  return false;
}

bool Ack999Reader::onEnd(const Segment& s) {
  switch (state_) {
    case State::kEnd:
      return true;
    case State::kStart:
      fail(s, 0, "AK1 missing: the 999 names no functional group it acknowledges");
      return false;
    case State::kTransaction:
    case State::kSegmentError:
    case State::kElementError:
      return missingIk5(s);
    case State::kGroup:
    case State::kAfterIk5:
      fail(s, 0, "AK9 missing: the 999 ends without the functional group's acknowledgement");
      return false;
  }
  return false;
}

bool Ack999Reader::onSegment(const Segment& s) {
  const char component = s.delimiters().component;
  const std::string_view id = s.id();
  switch (s.key()) {
    case segmentKey("AK1"): {
      if (state_ != State::kStart) {
        fail(s, 0, "AK1 repeated: a 999 acknowledges one functional group");
        return false;
      }
      const std::string_view control = s.element(2);
      if (s.element(1).empty()) {
        fail(s, 1, "AK101 (the functional id of the acknowledged group) is missing");
        return false;
      }
      if (!detail::unsignedNumber(control)) {
        fail(s, 2, "AK102 " + quote(control) + " is not a group control number (1 to 9 digits)");
        return false;
      }
      ack_.functionalId = std::string(s.element(1));
      ack_.groupControl = std::string(control);
      ack_.groupVersion = std::string(s.element(3));
      state_ = State::kGroup;
      return true;
    }
    case segmentKey("AK2"): {
      if (state_ == State::kStart) {
        fail(s, 0, "AK1 missing before this AK2");
        return false;
      }
      if (state_ == State::kTransaction || state_ == State::kSegmentError ||
          state_ == State::kElementError) {
        return missingIk5(s);
      }
      if (state_ == State::kEnd) {
        fail(s, 0, "AK2 after AK9: AK9 ends the 999");
        return false;
      }
      const std::string_view set = s.element(1);
      const std::string_view control = s.element(2);
      if (set.size() != 3 || !detail::unsignedNumber(set)) {
        fail(s, 1, "AK201 " + quote(set) + " is not a transaction set identifier (3 digits)");
        return false;
      }
      if (control.size() < 4 || control.size() > 9) {
        fail(s, 2,
             "AK202 " + quote(control) +
                 " is not a transaction set control number (4 to 9 characters)");
        return false;
      }
      TransactionAck999 t;
      t.transactionSet = std::string(set);
      t.controlNumber = std::string(control);
      t.version = std::string(s.element(3));
      t.segment = s.index();
      ack_.transactions.push_back(std::move(t));
      state_ = State::kTransaction;
      return true;
    }
    case segmentKey("IK3"): {
      if (state_ != State::kTransaction && state_ != State::kSegmentError &&
          state_ != State::kElementError) {
        fail(s, 0, "IK3 outside an AK2 loop (a segment error must follow the AK2 it concerns)");
        return false;
      }
      const std::string_view segId = s.element(1);
      if (segId.size() < 2 || segId.size() > 3) {
        fail(s, 1, "IK301 " + quote(segId) + " is not a segment id");
        return false;
      }
      const auto position = detail::unsignedNumber(s.element(2));
      if (!position || *position == 0) {
        fail(s, 2,
             "IK302 " + quote(s.element(2)) +
                 " is not a segment position (a whole number counted from ST = 1)");
        return false;
      }
      SegmentError999 e;
      e.segmentId = std::string(segId);
      e.position = static_cast<std::uint32_t>(*position);
      e.loopId = std::string(s.element(3));
      e.error = coded(kSegmentErrors, s.element(4));
      e.segment = s.index();
      ack_.transactions.back().segmentErrors.push_back(std::move(e));
      state_ = State::kSegmentError;
      return true;
    }
    case segmentKey("CTX"): {
      if (state_ != State::kSegmentError && state_ != State::kElementError) {
        fail(s, 0, "CTX outside an IK3 or IK4 (a context belongs to an error)");
        return false;
      }
      ErrorContext999 c;
      c.name = std::string(part(s.element(1), component, 1));
      c.reference = std::string(part(s.element(1), component, 2));
      if (c.name.empty()) {
        fail(s, 1, "CTX01-1 (the context name) is missing", 1);
        return false;
      }
      c.segmentId = std::string(s.element(2));
      if (!s.element(3).empty()) {
        const auto position = detail::unsignedNumber(s.element(3));
        if (!position) {
          fail(s, 3, "CTX03 " + quote(s.element(3)) + " is not a segment position");
          return false;
        }
        c.segmentPosition = static_cast<std::uint32_t>(*position);
      }
      c.loopId = std::string(s.element(4));
      if (!s.element(5).empty()) {
        const auto p = positions(s.element(5), component);
        if (!p) {
          fail(s, 5, "CTX05 " + quote(s.element(5)) + " is not a position in a segment");
          return false;
        }
        c.elementPosition = (*p)[0];
        c.componentPosition = (*p)[1];
        c.repeatPosition = (*p)[2];
      }
      c.elementReference = std::string(part(s.element(6), component, 1));
      auto& segError = ack_.transactions.back().segmentErrors.back();
      if (state_ == State::kElementError) {
        segError.elements.back().contexts.push_back(std::move(c));
      } else {
        segError.contexts.push_back(std::move(c));
      }
      return true;
    }
    case segmentKey("IK4"): {
      if (state_ != State::kSegmentError && state_ != State::kElementError) {
        fail(s, 0, "IK4 outside an IK3 (an element error must follow its segment's IK3)");
        return false;
      }
      const auto p = positions(s.element(1), component);
      if (s.element(1).empty() || !p || (*p)[0] == 0) {
        fail(s, 1,
             "IK401 " + quote(s.element(1)) +
                 " is not a position in a segment (element[:component[:repeat]], from 1)");
        return false;
      }
      if (s.element(3).empty()) {
        fail(s, 3, "IK403 (the element error code) is missing");
        return false;
      }
      ElementError999 e;
      e.position = (*p)[0];
      e.component = (*p)[1];
      e.repeat = (*p)[2];
      e.reference = std::string(s.element(2));
      e.error = coded(kElementErrors, s.element(3));
      e.badValue = std::string(s.element(4));
      e.segment = s.index();
      ack_.transactions.back().segmentErrors.back().elements.push_back(std::move(e));
      state_ = State::kElementError;
      return true;
    }
    case segmentKey("IK5"): {
      if (state_ != State::kTransaction && state_ != State::kSegmentError &&
          state_ != State::kElementError) {
        fail(s, 0, "IK5 without an AK2 (IK5 closes the answer for one transaction set)");
        return false;
      }
      const auto code = ackCode(s.element(1), false);
      if (!code) {
        fail(s, 1,
             "IK501 " + quote(s.element(1)) +
                 " is not a transaction set acknowledgement code (A, E, M, R, W or X)");
        return false;
      }
      TransactionAck999& t = ack_.transactions.back();
      t.status = *code;
      for (int n = 2; n <= 6; ++n) {
        const std::string_view reason = s.element(static_cast<std::size_t>(n));
        if (!reason.empty()) t.reasons.push_back(coded(kTransactionErrors, reason));
      }
      state_ = State::kAfterIk5;
      return true;
    }
    case segmentKey("AK9"): {
      if (state_ == State::kStart) {
        fail(s, 0, "AK1 missing before this AK9");
        return false;
      }
      if (state_ == State::kTransaction || state_ == State::kSegmentError ||
          state_ == State::kElementError) {
        return missingIk5(s);
      }
      if (state_ == State::kEnd) {
        fail(s, 0, "AK9 repeated: a 999 has one group acknowledgement");
        return false;
      }
      const auto code = ackCode(s.element(1), true);
      if (!code) {
        fail(s, 1,
             "AK901 " + quote(s.element(1)) +
                 " is not a functional group acknowledgement code (A, E, M, P, R, W or X)");
        return false;
      }
      std::uint32_t counts[3] = {0, 0, 0};
      for (int n = 2; n <= 4; ++n) {
        const auto v = detail::unsignedNumber(s.element(static_cast<std::size_t>(n)), 6);
        if (!v) {
          static constexpr std::string_view kWhat[] = {"included", "received", "accepted"};
          fail(s, n,
               elementName(id, n) + " " + quote(s.element(static_cast<std::size_t>(n))) +
                   " is not a count of transaction sets " + std::string(kWhat[n - 2]));
          return false;
        }
        counts[n - 2] = static_cast<std::uint32_t>(*v);
      }
      ack_.groupStatus = *code;
      ack_.transactionsIncluded = counts[0];
      ack_.transactionsReceived = counts[1];
      ack_.transactionsAccepted = counts[2];
      for (int n = 5; n <= 9; ++n) {
        const std::string_view reason = s.element(static_cast<std::size_t>(n));
        if (!reason.empty()) ack_.groupReasons.push_back(coded(kGroupErrors, reason));
      }
      state_ = State::kEnd;
      return true;
    }
    default:
      fail(s, 0,
           "segment " + quote(id) +
               " does not belong in a 999 (it holds AK1, AK2, IK3, CTX, IK4, IK5 and AK9)",
           0);
      return false;
  }
}

domain::Result<std::vector<Ack999>> parse999(std::string_view input) {
  Ack999Reader reader(input);
  return detail::readAll<Ack999>(reader,
                                 "The X12 input is not a 5010 999 implementation acknowledgement.");
}

void Ack999Tally::add(const Ack999& ack) {
  ++groups;
  if (isAccepted(ack.groupStatus)) {
    ++groupsAccepted;
  } else if (ack.groupStatus == AckCode::kPartiallyAccepted) {
    ++groupsPartiallyAccepted;
  } else {
    ++groupsRejected;
  }
  for (const auto& t : ack.transactions) {
    ++transactionSets;
    if (t.status == AckCode::kAccepted) {
      ++accepted;
    } else if (t.status == AckCode::kAcceptedWithErrors) {
      ++acceptedWithErrors;
    } else {
      ++rejected;
    }
  }
}

std::string Ack999Tally::describe() const {
  const auto breakdown = [](std::initializer_list<std::pair<std::uint64_t, std::string_view>> l) {
    std::string out;
    for (const auto& [n, label] : l) {
      if (n == 0) continue;
      out += (out.empty() ? " (" : ", ") + std::to_string(n) + " " + std::string(label);
    }
    return out.empty() ? out : out + ")";
  };
  return "acknowledges " + plural(groups, "group", "groups") +
         breakdown({{groupsAccepted, "accepted"},
                    {groupsPartiallyAccepted, "partially accepted"},
                    {groupsRejected, "rejected"}}) +
         " and " + plural(transactionSets, "transaction set", "transaction sets") +
         breakdown({{accepted, "accepted"},
                    {acceptedWithErrors, "accepted with errors"},
                    {rejected, "rejected"}});
}

}  // namespace medoffice::codecs::x12
