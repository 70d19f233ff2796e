// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/claim_status_277.hpp"

#include <cstdio>
#include <utility>

namespace medoffice::codecs::x12 {

namespace {

using detail::elementName;
using detail::quote;

struct Name {
  std::string_view code;
  std::string_view text;
};

// Our short names of the claim status categories (X12-NOTES §5.1); the 277CA's table
// (categoryMeaning) holds the long A and E meanings, which StatusCode277 carries.
constexpr Name kCategoryNames[] = {
    {"A0", "acknowledgement/forwarded"},
    {"A1", "acknowledgement/received"},
    {"A2", "acknowledgement/accepted into adjudication"},
    {"A3", "acknowledgement/returned as unprocessable"},
    {"A4", "acknowledgement/not found"},
    {"A5", "acknowledgement/split"},
    {"A6", "acknowledgement/rejected for missing information"},
    {"A7", "acknowledgement/rejected for invalid information"},
    {"A8", "acknowledgement/rejected for contradicting values"},
    {"P0", "pending/adjudication"},
    {"P1", "pending/in process"},
    {"P2", "pending/payer review"},
    {"P3", "pending/provider requested information"},
    {"P4", "pending/patient requested information"},
    {"P5", "pending/payer administrative or system hold"},
    {"F0", "finalized"},
    {"F1", "finalized/payment"},
    {"F2", "finalized/denial"},
    {"F3", "finalized/revised"},
    {"F3F", "finalized/forwarded"},
    {"F3N", "finalized/not forwarded"},
    {"F4", "finalized/no payment forthcoming"},
    {"R0", "more information requested/general"},
    {"R1", "more information requested/entity"},
    {"R3", "more information requested/claim or line"},
    {"R4", "more information requested/documentation"},
    {"R5", "more information requested/more specific detail"},
    {"E0", "response not possible/error in the request"},
    {"E1", "response not possible/system unavailable"},
    {"E2", "response not possible/information holder not responding"},
    {"E3", "correction required"},
    {"E4", "response not possible/trading partner agreement requirement not met"},
};

constexpr std::string_view kLevelNames[] = {
    "information source level (HL 20, loop 2000A)", "information receiver level (HL 21, 2000B)",
    "service provider level (HL 19, 2000C)", "subscriber level (HL 22, 2000D)",
    "dependent level (HL 23, 2000E)"};

StatusCode277 statusCode(std::string_view composite, char component) {
  return detail::statusCode(composite, component, claimStatusCategoryName);
}

std::string money(std::int64_t cents) {
  const bool negative = cents < 0;
  const std::uint64_t abs =
      negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(abs / 100),
                static_cast<unsigned long long>(abs % 100));
  return buf;
}

}  // namespace

std::string_view toString(StatusFamily f) {
  switch (f) {
    case StatusFamily::kAcknowledgement:
      return "acknowledgement";
    case StatusFamily::kPending:
      return "pending";
    case StatusFamily::kFinalized:
      return "finalized";
    case StatusFamily::kMoreInformation:
      return "more information requested";
    case StatusFamily::kNotPossible:
      return "response not possible";
    case StatusFamily::kDataReporting:
      return "data reporting";
    case StatusFamily::kUnknown:
      break;
  }
  return "unknown";
}

StatusFamily statusFamily(std::string_view category) {
  if (category.empty()) return StatusFamily::kUnknown;
  switch (category[0]) {
    case 'A':
      return StatusFamily::kAcknowledgement;
    case 'P':
      return StatusFamily::kPending;
    case 'F':
      return StatusFamily::kFinalized;
    case 'R':
      return StatusFamily::kMoreInformation;
    case 'E':
      return StatusFamily::kNotPossible;
    case 'D':
      return StatusFamily::kDataReporting;
    default:
      return StatusFamily::kUnknown;
  }
}

std::string_view claimStatusCategoryName(std::string_view category) {
  for (const Name& n : kCategoryNames) {
    if (n.code == category) return n.text;
  }
  const StatusFamily f = statusFamily(category);
  return f == StatusFamily::kUnknown ? std::string_view{} : toString(f);
}

StatusFamily ClaimStatusEntry::family() const {
  return status.codes.empty() ? StatusFamily::kUnknown : statusFamily(status.codes[0].category);
}

const ClaimStatus277* ClaimStatusResponse277::byTrace(std::string_view trace) const {
  for (const auto& c : claims) {
    if (c.trace == trace) return &c;
  }
  return nullptr;
}

ClaimStatus277Reader::ClaimStatus277Reader(std::string_view input, const AckReadOptions& options)
    : stream_(input, options, TransactionType::k277) {}

ClaimStatus277Reader::ClaimStatus277Reader(PullSource source, const AckReadOptions& options)
    : stream_(std::move(source), options, TransactionType::k277) {}

void ClaimStatus277Reader::fail(const Segment& s, int element, std::string message, int component) {
  stream_.fail(s, element, std::move(message), component);
}

const ClaimStatusResponse277* ClaimStatus277Reader::next() {
  return detail::nextTransaction<ClaimStatusResponse277>(
      stream_,
      [this] {
        answer_ = ClaimStatusResponse277{};
        answer_.envelope = stream_.envelope();
        bht_ = false;
        level_ = Level::kNone;
        hl_.clear();
        inClaim_ = inLine_ = false;
      },
      [this](const Segment& s) { return onSegment(s); },
      [this](const Segment& se) -> const ClaimStatusResponse277* {
        if (!detail::sawBht(stream_, se, bht_, "277") || !closeLevel(se) ||
            !detail::hasTopLevels(stream_, se, answer_.sources.size(), answer_.receivers.size())) {
          return nullptr;
        }
        return &answer_;
      });
}

Party277* ClaimStatus277Reader::party() {
  return detail::partyAt(level_, answer_);
}

bool ClaimStatus277Reader::closeClaim(const Segment& at) {
  if (!inClaim_) return true;
  const ClaimStatus277& c = answer_.claims.back();
  if (!detail::hasStatuses(stream_, at, c, inLine_, c.trace, "trace")) return false;
  inClaim_ = inLine_ = false;
  return true;
}

bool ClaimStatus277Reader::closeLevel(const Segment& at) {
  if (!closeClaim(at)) return false;
  if (level_ == Level::kNone) return true;
  const int index = static_cast<int>(level_) - 1;
  if (!detail::levelNamed(stream_, at, levelHasName_, kLevelNames[index], levelSegment_)) {
    return false;
  }
  // A subscriber level may hold no claim when its dependent below does (HL04 1).
  const bool dependentFollows =
      level_ == Level::kSubscriber && at.id() == "HL" && at.element(3) == "23";
  if ((level_ == Level::kSubscriber || level_ == Level::kDependent) && claimsAtLevel_ == 0 &&
      !dependentFollows) {
    fail(at, 0,
         "TRN missing: the " + std::string(kLevelNames[index]) + " opened at segment " +
             std::to_string(levelSegment_) + " has no claim (a TRN with our trace) before this " +
             std::string(at.id()));
    return false;
  }
  return true;
}

bool ClaimStatus277Reader::onHl(const Segment& s) {
  if (!closeLevel(s)) return false;
  const std::string_view code = s.element(3);
  if (!detail::HlLevels::checkId(stream_, s)) return false;
  Level level = Level::kNone;
  if (code == "20") {
    level = Level::kSource;
  } else if (code == "21") {
    level = Level::kReceiver;
  } else if (code == "19") {
    level = Level::kProvider;
  } else if (code == "22") {
    level = Level::kSubscriber;
  } else if (code == "23") {
    level = Level::kDependent;
  } else {
    fail(s, 3,
         "HL03 " + quote(code) +
             " is not a 277 level (20 information source, 21 information receiver, 19 service "
             "provider, 22 subscriber, 23 dependent)");
    return false;
  }
  if (!hl_.open(stream_, s, static_cast<std::size_t>(level) - 1, kLevelNames)) return false;
  const std::string_view children = s.element(4);
  if (!children.empty() && children != "0" && children != "1") {
    fail(s, 4, "HL04 " + quote(children) + " is not 0 or 1");
    return false;
  }
  level_ = level;
  levelSegment_ = s.index();
  levelHasName_ = levelHasTrace_ = false;
  claimsAtLevel_ = 0;
  Party277 p;
  p.segment = s.index();
  switch (level) {
    case Level::kSource:
      answer_.sources.push_back(std::move(p));
      break;
    case Level::kReceiver:
      p.parent = answer_.sources.size() - 1;
      answer_.receivers.push_back(std::move(p));
      break;
    case Level::kProvider:
      p.parent = answer_.receivers.size() - 1;
      answer_.providers.push_back(std::move(p));
      break;
    case Level::kSubscriber:
      memberId_.clear();
      [[fallthrough]];
    default:
      patientLast_.clear();
      patientFirst_.clear();
      break;
  }
  return true;
}

bool ClaimStatus277Reader::onNm1(const Segment& s) {
  if (levelHasName_) {
    fail(s, 0, "NM1 repeated: each HL level names one party");
    return false;
  }
  if (levelHasTrace_ || inClaim_) {
    fail(s, 0, "NM1 after the TRN of its level: the name (loop 2100) comes first");
    return false;
  }
  levelHasName_ = true;
  if (level_ == Level::kSubscriber || level_ == Level::kDependent) {
    patientLast_ = std::string(s.element(3));
    patientFirst_ = std::string(s.element(4));
    if (level_ == Level::kSubscriber) memberId_ = std::string(s.element(9));
    return true;
  }
  Party277* p = party();
  p->entity = std::string(s.element(1));
  p->name = std::string(s.element(3));
  p->idQualifier = std::string(s.element(8));
  p->id = std::string(s.element(9));
  return true;
}

bool ClaimStatus277Reader::onTrn(const Segment& s) {
  const std::string_view trace = s.element(2);
  if (trace.empty()) {
    fail(s, 2, "TRN02 (the trace number of our 276) is missing");
    return false;
  }
  if (level_ == Level::kSubscriber || level_ == Level::kDependent) {
    if (!levelHasName_) {
      fail(s, 0, "TRN before the NM1 of its level: the claim cannot be matched to a patient");
      return false;
    }
    if (!closeClaim(s)) return false;
    ClaimStatus277 c;
    c.trace = std::string(trace);
    c.dependent = level_ == Level::kDependent;
    c.patientLastName = patientLast_;
    c.patientFirstName = patientFirst_;
    c.memberId = memberId_;
    c.provider = answer_.providers.size() - 1;
    c.segment = s.index();
    answer_.claims.push_back(std::move(c));
    inClaim_ = true;
    ++claimsAtLevel_;
    return true;
  }
  if (level_ == Level::kSource) {
    fail(s, 0, "TRN does not belong at the information source level (loop 2000A)");
    return false;
  }
  if (levelHasTrace_) {
    fail(s, 0, "TRN repeated: this level has one trace");
    return false;
  }
  levelHasTrace_ = true;
  party()->trace = std::string(trace);
  return true;
}

bool ClaimStatus277Reader::onStc(const Segment& s) {
  ClaimStatusEntry entry;
  Status277& st = entry.status;
  if (!detail::readStatus(stream_, s, st, statusCode)) return false;
  auto date = [&](int n, std::optional<domain::Date>& out) {
    const std::string_view v = s.element(static_cast<std::size_t>(n));
    if (v.empty()) return true;
    out = detail::date8(v);
    if (!out) fail(s, n, elementName("STC", n) + " " + quote(v) + " is not a CCYYMMDD date");
    return out.has_value();
  };
  auto amount = [&](int n, std::optional<std::int64_t>& out) {
    const std::string_view v = s.element(static_cast<std::size_t>(n));
    if (v.empty()) return true;
    out = detail::amountCents(v);
    if (!out) fail(s, n, elementName("STC", n) + " " + quote(v) + " is not an amount");
    return out.has_value();
  };
  // STC05 to STC09: the payment, which only the 005010X212 277 carries.
  if (!amount(5, entry.paidCents) || !date(6, entry.adjudicatedDate) || !date(8, entry.checkDate)) {
    return false;
  }
  entry.paymentMethod = std::string(s.element(7));
  entry.checkNumber = std::string(s.element(9));

  if (level_ == Level::kSubscriber || level_ == Level::kDependent) {
    if (!inClaim_) {
      fail(s, 0, "STC before the TRN that opens the claim: the status cannot be matched");
      return false;
    }
    ClaimStatus277& c = answer_.claims.back();
    if (inLine_) {
      c.lines.back().statuses.push_back(std::move(entry));
    } else {
      c.statuses.push_back(std::move(entry));
    }
    return true;
  }
  if (level_ == Level::kReceiver || level_ == Level::kProvider) {
    if (!levelHasTrace_) {
      fail(s, 0, "STC before the TRN of its level: the status cannot be matched to a request");
      return false;
    }
    party()->statuses.push_back(std::move(st));
    return true;
  }
  fail(s, 0, "STC does not belong at the information source level (loop 2000A)");
  return false;
}

bool ClaimStatus277Reader::onRef(const Segment& s) {
  const std::string_view qualifier = s.element(1);
  const std::string_view value = s.element(2);
  if (qualifier.empty() || value.empty()) {
    fail(s, qualifier.empty() ? 1 : 2, "REF needs a qualifier (REF01) and a value (REF02)");
    return false;
  }
  if (!inClaim_) {
    fail(s, 0, "REF*" + std::string(qualifier) + " outside a claim (it follows the claim's TRN)");
    return false;
  }
  ClaimStatus277& c = answer_.claims.back();
  if (inLine_) {
    if (qualifier == "FJ") c.lines.back().lineControlNumber = std::string(value);
    return true;
  }
  if (qualifier == "1K") {
    c.payerClaimNumber = std::string(value);
  } else if (qualifier == "EJ") {
    c.patientAccountNumber = std::string(value);
  } else if (qualifier == "BLT") {
    c.billType = std::string(value);
  } else {
    c.otherReferences.emplace_back(std::string(qualifier), std::string(value));
  }
  return true;
}

bool ClaimStatus277Reader::onDtp(const Segment& s) {
  std::optional<domain::Date> from;
  std::optional<domain::Date> to;
  const std::string_view format = s.element(2);
  if (format != "D8" && format != "RD8") {
    fail(s, 2, "DTP02 " + quote(format) + " is not a date format of a 277 (D8, RD8)");
    return false;
  }
  if (!detail::dateRange(format, s.element(3), from, to)) {
    fail(s, 3, "DTP03 " + quote(s.element(3)) + " is not a " + std::string(format) + " date");
    return false;
  }
  if (!inClaim_) {
    fail(s, 0, "DTP outside a claim (it follows the claim's TRN)");
    return false;
  }
  if (s.element(1) == "472") detail::setServiceDates(answer_.claims.back(), inLine_, from, to);
  return true;
}

bool ClaimStatus277Reader::onSvc(const Segment& s) {
  if (!inClaim_) {
    fail(s, 0, "SVC outside a claim (a service line follows its claim's TRN)");
    return false;
  }
  ClaimStatus277& c = answer_.claims.back();
  if (c.statuses.empty()) {
    fail(s, 0,
         "STC missing: the claim at segment " + std::to_string(c.segment) +
             " has no claim-level status before its first SVC");
    return false;
  }
  if (inLine_ && c.lines.back().statuses.empty()) {
    fail(s, 0,
         "STC missing: the service line at segment " + std::to_string(c.lines.back().segment) +
             " has no status before the next SVC");
    return false;
  }
  ClaimStatusLine line;
  if (!detail::readServiceLine(stream_, s, line)) return false;
  if (!s.element(3).empty()) {
    line.paidCents = detail::amountCents(s.element(3));
    if (!line.paidCents) {
      fail(s, 3, "SVC03 " + quote(s.element(3)) + " is not an amount");
      return false;
    }
  }
  line.revenueCode = std::string(s.element(4));
  c.lines.push_back(std::move(line));
  inLine_ = true;
  return true;
}

bool ClaimStatus277Reader::onSegment(const Segment& s) {
  const std::string_view id = s.id();
  if (!bht_) {
    if (!detail::isBht(stream_, s, "277")) return false;
    bht_ = true;
    return detail::readBht(stream_, s, answer_.reference, answer_.created);
  }
  if (s.key() == segmentKey("HL")) return onHl(s);
  if (level_ == Level::kNone) {
    fail(s, 0, quote(id) + " before the first HL: a 277 is a hierarchy that starts with HL*1**20");
    return false;
  }
  switch (s.key()) {
    case segmentKey("BHT"):
      fail(s, 0, "BHT repeated: a 277 transaction has one");
      return false;
    case segmentKey("NM1"):
      return onNm1(s);
    case segmentKey("PER"):
      if (level_ != Level::kSource) {
        fail(s, 0, "PER belongs at the information source level (loop 2100A) only");
        return false;
      }
      return true;
    case segmentKey("DMG"):
      if (level_ != Level::kSubscriber && level_ != Level::kDependent) {
        fail(s, 0, "DMG belongs at the subscriber or dependent level only");
        return false;
      }
      return true;
    case segmentKey("TRN"):
      return onTrn(s);
    case segmentKey("STC"):
      return onStc(s);
    case segmentKey("REF"):
      return onRef(s);
    case segmentKey("DTP"):
      return onDtp(s);
    case segmentKey("SVC"):
      return onSvc(s);
    default:
      fail(s, 0,
           "segment " + quote(id) +
               " does not belong in a 277 claim status response (it holds BHT, HL, NM1, PER, "
               "DMG, TRN, STC, REF, DTP and SVC)");
      return false;
  }
}

domain::Result<std::vector<ClaimStatusResponse277>> parse277(std::string_view input) {
  ClaimStatus277Reader reader(input);
  return detail::readAll<ClaimStatusResponse277>(reader);
}

std::string describeDisposition(const ClaimStatus277& claim) {
  if (claim.statuses.empty() || claim.statuses.front().status.codes.empty()) {
    return "no status";
  }
  const ClaimStatusEntry& e = claim.statuses.front();
  const StatusCode277& code = e.status.codes.front();
  std::string out(claimStatusCategoryName(code.category));
  if (out.empty()) out = "unknown category " + quote(code.category);
  if (e.family() == StatusFamily::kFinalized && e.paidCents) {
    out += ": paid " + money(*e.paidCents);
    const std::optional<domain::Date>& when =
        e.checkDate ? e.checkDate : (e.adjudicatedDate ? e.adjudicatedDate : e.status.date);
    if (when) out += " on " + when->toString();
    if (!e.checkNumber.empty()) out += ", check or EFT " + e.checkNumber;
  } else if (e.status.date) {
    out += " since " + e.status.date->toString();
  }
  out += "; status " + code.status;
  if (!code.entity.empty()) {
    out += ", entity ";
    out += code.entityText.empty() ? std::string_view(code.entity) : code.entityText;
    out += " (" + code.entity + ")";
  }
  return out;
}

}  // namespace medoffice::codecs::x12
