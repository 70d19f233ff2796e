// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/ack_277ca.hpp"

#include <utility>

namespace medoffice::codecs::x12 {

namespace {

using detail::elementName;
using detail::quote;

struct Meaning {
  std::string_view code;
  std::string_view text;
};

// Our own words for the claim status categories a 277CA uses (X12-NOTES §5.3).
constexpr Meaning kCategories[] = {
    {"A0", "forwarded: the claim was passed on to another entity"},
    {"A1", "received: acknowledged, not yet accepted for processing"},
    {"A2", "accepted into the payer's adjudication system"},
    {"A3", "returned as unprocessable: the claim was not accepted"},
    {"A4", "not found: the claim or a part of it could not be found"},
    {"A5", "accepted and split into more than one claim"},
    {"A6", "rejected: information is missing"},
    {"A7", "rejected: information is invalid"},
    {"A8", "rejected: values contradict one another (relational field error)"},
    {"E0", "no answer possible: the request itself is in error"},
    {"E1", "no answer possible: the receiver's system is unavailable"},
    {"E2", "no answer possible: the holder of the information does not respond"},
    {"E3", "no answer possible: a correction is needed before sending again"},
    {"E4", "no answer possible: a trading partner agreement requirement is not met"},
};

// Entity identifier codes seen in STC01-3; the list has hundreds, these are the ones a
// professional claim's rejection names.
constexpr Meaning kEntities[] = {
    {"03", "dependent"},
    {"1P", "provider"},
    {"40", "receiver"},
    {"41", "submitter"},
    {"71", "attending physician"},
    {"72", "operating physician"},
    {"77", "service location"},
    {"82", "rendering provider"},
    {"85", "billing provider"},
    {"87", "pay-to provider"},
    {"DK", "ordering physician"},
    {"DN", "referring provider"},
    {"DQ", "supervising physician"},
    {"FA", "facility"},
    {"GB", "other insured"},
    {"HK", "subscriber"},
    {"IL", "insured or subscriber"},
    {"PR", "payer"},
    {"PRP", "primary payer"},
    {"QC", "patient"},
    {"SEP", "secondary payer"},
    {"SJ", "service provider"},
    {"TTP", "tertiary payer"},
};

std::string_view lookup(const Meaning* table, std::size_t n, std::string_view code) {
  for (std::size_t i = 0; i < n; ++i) {
    if (table[i].code == code) return table[i].text;
  }
  return {};
}

std::string_view familyMeaning(std::string_view category) {
  if (category.empty()) return {};
  switch (category[0]) {
    case 'A':
      return "an acknowledgement category the 5010 list does not define";
    case 'E':
      return "no answer possible (a response-not-possible category)";
    case 'P':
      return "pending (a claim status category a 277CA should not carry)";
    case 'F':
      return "finalized (a claim status category a 277CA should not carry)";
    case 'R':
      return "more information requested (a category a 277CA should not carry)";
    case 'D':
      return "data reporting (an encounter category)";
    default:
      return "a category the 5010 list does not define";
  }
}

StatusCode277 statusCode(std::string_view composite, char component) {
  return detail::statusCode(composite, component, familyMeaning);
}

ClaimDisposition strongest(const std::vector<Status277>& statuses) {
  bool accepted = false;
  bool received = false;
  for (const auto& s : statuses) {
    switch (s.disposition()) {
      case ClaimDisposition::kRejected:
        return ClaimDisposition::kRejected;
      case ClaimDisposition::kAccepted:
        accepted = true;
        break;
      case ClaimDisposition::kReceived:
        received = true;
        break;
      case ClaimDisposition::kOther:
        break;
    }
  }
  if (accepted) return ClaimDisposition::kAccepted;
  if (received) return ClaimDisposition::kReceived;
  return ClaimDisposition::kOther;
}

constexpr std::string_view kLevelNames[] = {
    "information source level (HL 20, loop 2000A)", "information receiver level (HL 21, 2000B)",
    "billing provider level (HL 19, 2000C)", "patient level (HL PT, 2000D)"};

}  // namespace

std::string_view toString(ClaimDisposition d) {
  switch (d) {
    case ClaimDisposition::kAccepted:
      return "accepted";
    case ClaimDisposition::kReceived:
      return "received";
    case ClaimDisposition::kRejected:
      return "rejected";
    case ClaimDisposition::kOther:
      return "other";
  }
  return "other";
}

std::string_view categoryMeaning(std::string_view category) {
  return lookup(kCategories, std::size(kCategories), category);
}

ClaimDisposition categoryDisposition(std::string_view category) {
  if (category == "A2" || category == "A5") return ClaimDisposition::kAccepted;
  if (category == "A0" || category == "A1") return ClaimDisposition::kReceived;
  if (category == "A3" || category == "A4" || category == "A6" || category == "A7" ||
      category == "A8") {
    return ClaimDisposition::kRejected;
  }
  return ClaimDisposition::kOther;
}

std::string_view entityMeaning(std::string_view entity) {
  return lookup(kEntities, std::size(kEntities), entity);
}

ClaimDisposition Status277::disposition() const {
  bool accepted = false;
  bool received = false;
  bool known = false;
  for (const auto& c : codes) {
    switch (c.disposition) {
      case ClaimDisposition::kRejected:
        return ClaimDisposition::kRejected;
      case ClaimDisposition::kAccepted:
        accepted = known = true;
        break;
      case ClaimDisposition::kReceived:
        received = known = true;
        break;
      case ClaimDisposition::kOther:
        break;
    }
  }
  if (accepted) return ClaimDisposition::kAccepted;
  if (received) return ClaimDisposition::kReceived;
  if (!known && action == "U") return ClaimDisposition::kRejected;
  if (!known && action == "WQ") return ClaimDisposition::kAccepted;
  return ClaimDisposition::kOther;
}

ClaimDisposition ServiceLine277::disposition() const {
  return strongest(statuses);
}

ClaimDisposition ClaimAck277::disposition() const {
  return strongest(statuses);
}

Ack277CAReader::Ack277CAReader(std::string_view input, const AckReadOptions& options)
    : stream_(input, options, TransactionType::k277CA) {}

Ack277CAReader::Ack277CAReader(PullSource source, const AckReadOptions& options)
    : stream_(std::move(source), options, TransactionType::k277CA) {}

void Ack277CAReader::fail(const Segment& s, int element, std::string message, int component) {
  stream_.fail(s, element, std::move(message), component);
}

const Ack277CA* Ack277CAReader::next() {
  return detail::nextTransaction<Ack277CA>(
      stream_,
      [this] {
        ack_ = Ack277CA{};
        ack_.envelope = stream_.envelope();
        bht_ = false;
        level_ = Level::kNone;
        hl_.clear();
        inClaim_ = inLine_ = false;
      },
      [this](const Segment& s) { return onSegment(s); },
      [this](const Segment& se) -> const Ack277CA* {
        if (!detail::sawBht(stream_, se, bht_, "277CA") || !closeLevel(se) ||
            !detail::hasTopLevels(stream_, se, ack_.sources.size(), ack_.receivers.size())) {
          return nullptr;
        }
        return &ack_;
      });
}

Party277* Ack277CAReader::party() {
  return detail::partyAt(level_, ack_);
}

bool Ack277CAReader::closeClaim(const Segment& at) {
  if (!inClaim_) return true;
  const ClaimAck277& c = ack_.claims.back();
  if (!detail::hasStatuses(stream_, at, c, inLine_, c.patientControlNumber,
                           "patient control number")) {
    return false;
  }
  inClaim_ = inLine_ = false;
  return true;
}

bool Ack277CAReader::closeLevel(const Segment& at) {
  if (!closeClaim(at)) return false;
  if (level_ == Level::kNone) return true;
  const int index = static_cast<int>(level_) - 1;
  if (!detail::levelNamed(stream_, at, levelHasName_, kLevelNames[index], levelSegment_)) {
    return false;
  }
  if (level_ == Level::kPatient && claimsAtLevel_ == 0) {
    fail(at, 0,
         "TRN missing: the patient level opened at segment " + std::to_string(levelSegment_) +
             " has no claim (a TRN with the patient control number) before this " +
             std::string(at.id()));
    return false;
  }
  return true;
}

bool Ack277CAReader::onHl(const Segment& s) {
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
  } else if (code == "PT" || code == "22" || code == "23") {
    level = Level::kPatient;
  } else {
    fail(s, 3,
         "HL03 " + quote(code) +
             " is not a 277CA level (20 information source, 21 information receiver, 19 "
             "billing provider, PT patient)");
    return false;
  }
  if (!hl_.open(stream_, s, static_cast<std::size_t>(level) - 1, kLevelNames)) return false;
  level_ = level;
  levelSegment_ = s.index();
  levelHasName_ = levelHasTrace_ = false;
  claimsAtLevel_ = 0;
  Party277 p;
  p.segment = s.index();
  switch (level) {
    case Level::kSource:
      ack_.sources.push_back(std::move(p));
      break;
    case Level::kReceiver:
      p.parent = ack_.sources.size() - 1;
      ack_.receivers.push_back(std::move(p));
      break;
    case Level::kProvider:
      p.parent = ack_.receivers.size() - 1;
      ack_.providers.push_back(std::move(p));
      break;
    default:
      patientLast_.clear();
      patientFirst_.clear();
      memberId_.clear();
      break;
  }
  return true;
}

bool Ack277CAReader::onStc(const Segment& s) {
  Status277 st;
  if (!detail::readStatus(stream_, s, st, statusCode)) return false;

  if (level_ == Level::kPatient) {
    if (!inClaim_) {
      fail(s, 0,
           "STC before the TRN that opens the claim (loop 2200D): the status cannot be matched "
           "to a claim");
      return false;
    }
    ClaimAck277& c = ack_.claims.back();
    if (inLine_) {
      c.lines.back().statuses.push_back(std::move(st));
    } else {
      if (!c.chargeCents && st.amountCents) c.chargeCents = st.amountCents;
      c.statuses.push_back(std::move(st));
    }
    return true;
  }
  if (level_ == Level::kReceiver || level_ == Level::kProvider) {
    party()->statuses.push_back(std::move(st));
    return true;
  }
  fail(s, 0, "STC does not belong at the information source level (loop 2000A)");
  return false;
}

bool Ack277CAReader::onRef(const Segment& s) {
  const std::string_view qualifier = s.element(1);
  const std::string_view value = s.element(2);
  if (qualifier.empty() || value.empty()) {
    fail(s, qualifier.empty() ? 1 : 2, "REF needs a qualifier (REF01) and a value (REF02)");
    return false;
  }
  if (level_ == Level::kProvider) return true;  // provider ids (TJ, 0B...): not ours to match
  if (level_ != Level::kPatient || !inClaim_) {
    fail(s, 0, "REF*" + std::string(qualifier) + " outside a claim or a billing provider level");
    return false;
  }
  ClaimAck277& c = ack_.claims.back();
  if (inLine_) {
    if (qualifier == "FJ") c.lines.back().lineControlNumber = std::string(value);
    return true;
  }
  if (qualifier == "1K") {
    c.payerClaimControlNumber = std::string(value);
  } else if (qualifier == "D9") {
    c.clearinghouseTrace = std::string(value);
  } else if (qualifier == "BLT") {
    c.billType = std::string(value);
  } else {
    c.otherReferences.emplace_back(std::string(qualifier), std::string(value));
  }
  return true;
}

bool Ack277CAReader::onDtp(const Segment& s) {
  const std::string_view qualifier = s.element(1);
  const std::string_view format = s.element(2);
  const std::string_view value = s.element(3);
  std::optional<domain::Date> from;
  std::optional<domain::Date> to;
  if (format == "DT") {
    if (value.size() >= 8) from = to = detail::date8(value.substr(0, 8));
  } else if (format == "D8" || format == "RD8") {
    detail::dateRange(format, value, from, to);
  } else {
    fail(s, 2, "DTP02 " + quote(format) + " is not a date format of a 277CA (D8, RD8, DT)");
    return false;
  }
  if (!from || !to) {
    fail(s, 3, "DTP03 " + quote(value) + " is not a " + std::string(format) + " date");
    return false;
  }
  if (level_ == Level::kSource) {
    if (qualifier == "050") ack_.sources.back().receivedDate = from;
    if (qualifier == "009") ack_.sources.back().processedDate = from;
    return true;
  }
  if (level_ != Level::kPatient || !inClaim_) {
    fail(s, 0, "DTP outside a claim or the information source level");
    return false;
  }
  if (qualifier == "472") detail::setServiceDates(ack_.claims.back(), inLine_, from, to);
  return true;
}

bool Ack277CAReader::onSvc(const Segment& s) {
  if (level_ != Level::kPatient || !inClaim_) {
    fail(s, 0, "SVC outside a claim (a service line follows its claim's TRN)");
    return false;
  }
  ClaimAck277& c = ack_.claims.back();
  if (inLine_ && c.lines.back().statuses.empty()) {
    fail(s, 0,
         "STC missing: the service line at segment " + std::to_string(c.lines.back().segment) +
             " has no status before the next SVC");
    return false;
  }
  ServiceLine277 line;
  if (!detail::readServiceLine(stream_, s, line)) return false;
  c.lines.push_back(std::move(line));
  inLine_ = true;
  return true;
}

bool Ack277CAReader::onSegment(const Segment& s) {
  const std::string_view id = s.id();
  if (!bht_) {
    if (!detail::isBht(stream_, s, "277CA")) return false;
    bht_ = true;
    return detail::readBht(stream_, s, ack_.reference, ack_.created);
  }
  if (s.key() == segmentKey("HL")) return onHl(s);
  if (level_ == Level::kNone) {
    fail(s, 0,
         quote(id) + " before the first HL: a 277CA is a hierarchy that starts with HL*1**20");
    return false;
  }
  switch (s.key()) {
    case segmentKey("BHT"):
      fail(s, 0, "BHT repeated: a 277CA transaction has one");
      return false;
    case segmentKey("NM1"): {
      if (levelHasName_) {
        fail(s, 0, "NM1 repeated: each HL level names one party");
        return false;
      }
      if (levelHasTrace_ || inClaim_) {
        fail(s, 0, "NM1 after the TRN of its level: the name (loop 2100) comes first");
        return false;
      }
      levelHasName_ = true;
      if (level_ == Level::kPatient) {
        patientLast_ = std::string(s.element(3));
        patientFirst_ = std::string(s.element(4));
        memberId_ = std::string(s.element(9));
        return true;
      }
      Party277* p = party();
      p->entity = std::string(s.element(1));
      p->name = std::string(s.element(3));
      p->idQualifier = std::string(s.element(8));
      p->id = std::string(s.element(9));
      return true;
    }
    case segmentKey("PER"):
      if (level_ != Level::kSource) {
        fail(s, 0, "PER belongs at the information source level (loop 2100A) only");
        return false;
      }
      return true;
    case segmentKey("TRN"): {
      const std::string_view trace = s.element(2);
      if (level_ == Level::kPatient) {
        if (!closeClaim(s)) return false;
        if (trace.empty()) {
          fail(s, 2, "TRN02 (the patient control number, our CLM01) is missing");
          return false;
        }
        ClaimAck277 c;
        c.patientControlNumber = std::string(trace);
        c.patientLastName = patientLast_;
        c.patientFirstName = patientFirst_;
        c.memberId = memberId_;
        c.provider = ack_.providers.size() - 1;
        c.segment = s.index();
        ack_.claims.push_back(std::move(c));
        inClaim_ = true;
        ++claimsAtLevel_;
        return true;
      }
      if (levelHasTrace_) {
        fail(s, 0, "TRN repeated: this level has one trace");
        return false;
      }
      if (trace.empty()) {
        fail(s, 2, "TRN02 (the trace number) is missing");
        return false;
      }
      levelHasTrace_ = true;
      party()->trace = std::string(trace);
      return true;
    }
    case segmentKey("STC"):
      return onStc(s);
    case segmentKey("QTY"):
    case segmentKey("AMT"): {
      if (level_ != Level::kReceiver && level_ != Level::kProvider) {
        fail(s, 0,
             std::string(id) +
                 " belongs at the information receiver or billing provider level (2200B, 2200C)");
        return false;
      }
      Party277* p = party();
      const std::string_view qualifier = s.element(1);
      if (s.key() == segmentKey("QTY")) {
        const auto n = detail::unsignedNumber(s.element(2), 15);
        if (!n) {
          fail(s, 2, "QTY02 " + quote(s.element(2)) + " is not a count of claims");
          return false;
        }
        if (qualifier == "90" || qualifier == "QA") p->acceptedQuantity = n;
        if (qualifier == "AA" || qualifier == "QC") p->rejectedQuantity = n;
        return true;
      }
      const auto cents = detail::amountCents(s.element(2));
      if (!cents) {
        fail(s, 2, "AMT02 " + quote(s.element(2)) + " is not an amount");
        return false;
      }
      if (qualifier == "YU") p->acceptedCents = cents;
      if (qualifier == "YY") p->rejectedCents = cents;
      return true;
    }
    case segmentKey("REF"):
      return onRef(s);
    case segmentKey("DTP"):
      return onDtp(s);
    case segmentKey("SVC"):
      return onSvc(s);
    default:
      fail(s, 0,
           "segment " + quote(id) +
               " does not belong in a 277CA (it holds BHT, HL, NM1, PER, TRN, STC, QTY, AMT, "
               "REF, DTP and SVC)");
      return false;
  }
}

domain::Result<std::vector<Ack277CA>> parse277CA(std::string_view input) {
  Ack277CAReader reader(input);
  return detail::readAll<Ack277CA>(reader,
                                   "The X12 input is not a 5010 277CA claim acknowledgement.");
}

namespace detail {

bool readStatus(AckStream& stream, const Segment& s, Status277& st,
                StatusCode277 (*code)(std::string_view composite, char component)) {
  const char component = s.delimiters().component;
  st.segment = s.index();
  if (part(s.element(1), component, 1).empty() || part(s.element(1), component, 2).empty()) {
    stream.fail(s, 1,
                "STC01 " + quote(s.element(1)) + " is not a status (category" +
                    std::string(1, component) + "status" + std::string(1, component) +
                    "entity, the first two required)");
    return false;
  }
  st.codes.push_back(code(s.element(1), component));
  for (int n : {10, 11}) {
    const std::string_view more = s.element(static_cast<std::size_t>(n));
    if (more.empty()) continue;
    if (part(more, component, 1).empty()) {
      stream.fail(s, n, elementName("STC", n) + " " + quote(more) + " has no status category", 1);
      return false;
    }
    st.codes.push_back(code(more, component));
  }
  if (!s.element(2).empty()) {
    st.date = date8(s.element(2));
    if (!st.date) {
      stream.fail(s, 2, "STC02 " + quote(s.element(2)) + " is not a CCYYMMDD date");
      return false;
    }
  }
  st.action = std::string(s.element(3));
  if (!s.element(4).empty()) {
    st.amountCents = amountCents(s.element(4));
    if (!st.amountCents) {
      stream.fail(s, 4, "STC04 " + quote(s.element(4)) + " is not an amount");
      return false;
    }
  }
  st.message = std::string(s.element(12));
  return true;
}

StatusCode277 statusCode(std::string_view composite, char component,
                         std::string_view (*otherCategory)(std::string_view category)) {
  StatusCode277 c;
  c.category = std::string(part(composite, component, 1));
  c.status = std::string(part(composite, component, 2));
  c.entity = std::string(part(composite, component, 3));
  c.codeList = std::string(part(composite, component, 4));
  c.categoryText = categoryMeaning(c.category);
  if (c.categoryText.empty()) c.categoryText = otherCategory(c.category);
  c.entityText = entityMeaning(c.entity);
  c.disposition = categoryDisposition(c.category);
  return c;
}

bool levelNamed(AckStream& stream, const Segment& at, bool named, std::string_view levelName,
                std::uint64_t levelSegment) {
  if (named) return true;
  stream.fail(at, 0,
              "NM1 missing: the " + std::string(levelName) + " opened at segment " +
                  std::to_string(levelSegment) + " names no one before this " +
                  std::string(at.id()));
  return false;
}

}  // namespace detail

void Ack277CATally::add(const Ack277CA& ack) {
  for (const auto& r : ack.receivers) {
    for (const auto& st : r.statuses) {
      if (st.disposition() == ClaimDisposition::kRejected) {
        ++transactionsRejected;
        break;
      }
    }
  }
  for (const auto& c : ack.claims) {
    ++claims;
    switch (c.disposition()) {
      case ClaimDisposition::kAccepted:
        ++accepted;
        break;
      case ClaimDisposition::kReceived:
        ++received;
        break;
      case ClaimDisposition::kRejected:
        ++rejected;
        break;
      case ClaimDisposition::kOther:
        ++other;
        break;
    }
  }
}

std::string Ack277CATally::describe() const {
  std::string out;
  const std::pair<std::uint64_t, std::string_view> parts[] = {
      {accepted, "accepted"}, {received, "received"}, {rejected, "rejected"}, {other, "other"}};
  for (const auto& [n, label] : parts) {
    if (n == 0) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(label);
  }
  if (claims == 0) out = "no claim statuses";
  if (transactionsRejected != 0) {
    out += ", " + std::to_string(transactionsRejected) + " whole transaction" +
           (transactionsRejected == 1 ? "" : "s") + " rejected";
  }
  return out;
}

}  // namespace medoffice::codecs::x12
