// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/claims/x12_claim_formats.hpp"

#include <cctype>
#include <cstdint>
#include <optional>
#include <utility>

#include "codecs/claims/claim_json.hpp"
#include "codecs/x12/ack_277ca.hpp"
#include "codecs/x12/ack_999.hpp"
#include "codecs/x12/claim_837p.hpp"
#include "codecs/x12/claim_status_276.hpp"
#include "codecs/x12/claim_status_277.hpp"
#include "codecs/x12/tokenizer.hpp"
#include "codecs/x12/writer.hpp"

namespace medoffice::codecs {

namespace claims = domain::claims;
using domain::Error;

namespace {

/// Hands out exactly the envelope's three numbers, each once: the batch was numbered when it
/// was recorded, and writing it again (locate(), a resend) must give the same file.
class EnvelopeNumbers final : public x12::ControlNumberSource {
 public:
  explicit EnvelopeNumbers(const app::BatchEnvelope& e)
      : interchange_(e.interchange), group_(e.group), transaction_(e.transaction) {}
  domain::Result<std::uint32_t> nextInterchange() override {
    return take(interchange_, "interchange (ISA13)");
  }
  domain::Result<std::uint32_t> nextGroup() override { return take(group_, "group (GS06)"); }
  domain::Result<std::uint32_t> nextTransaction() override {
    return take(transaction_, "transaction (ST02)");
  }

 private:
  static domain::Result<std::uint32_t> take(std::optional<std::uint32_t>& n, const char* what) {
    if (!n) {
      return Error::conflict(std::string("the batch's ") + what +
                             " control number was asked for twice; a batch has one of each");
    }
    const std::uint32_t value = *n;
    n.reset();
    return value;
  }
  std::optional<std::uint32_t> interchange_;
  std::optional<std::uint32_t> group_;
  std::optional<std::uint32_t> transaction_;
};

/// Drops the bytes: locate() needs only the SegmentMap of a write.
class DiscardSink final : public x12::Sink {
 public:
  void write(std::string_view /*bytes*/) override {}
};

x12::Transmission837P transmission(const app::BatchEnvelope& e) {
  x12::Transmission837P t;
  t.interchange.senderQualifier = e.senderQualifier;
  t.interchange.senderId = e.senderId;
  t.interchange.receiverQualifier = e.receiverQualifier;
  t.interchange.receiverId = e.receiverId;
  t.interchange.date = e.date;
  t.interchange.time = {e.hour, e.minute};
  t.interchange.usage = e.production ? x12::Usage::kProduction : x12::Usage::kTest;
  t.group.senderCode = e.applicationSender;
  t.group.receiverCode = e.applicationReceiver;
  t.group.date = e.date;
  t.group.time = {e.hour, e.minute};
  t.batchReference = e.batchReference;
  t.created = e.date;
  t.createdTime = {e.hour, e.minute};
  return t;
}

domain::Result<x12::Write837PResult> writeBatch(std::span<const claims::Claim> cs,
                                                const app::BatchEnvelope& envelope, x12::Sink& sink,
                                                x12::SegmentMap* map) {
  EnvelopeNumbers numbers(envelope);
  return x12::write837P(cs, transmission(envelope), sink, numbers, {}, map);
}

// ---- acknowledgements ----

/// A reader's problem as the port's error: always kInvalid (a file of another version is as
/// unusable here as a broken one), naming the segment position and element.
Error unreadable(const x12::Problem& p) {
  Error e = x12::toError(p);
  e.code = domain::ErrorCode::kInvalid;
  e.message = "The acknowledgement file cannot be read: " + p.describe();
  return e;
}

/// "Rejected: ..." from "rejected: ...", ending with a full stop.
std::string sentence(std::string s) {
  if (s.empty()) return s;
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  if (s.back() != '.') s += '.';
  return s;
}

/// A code with its meaning, and the code itself when the 5010 list does not have it.
std::string meaningOf(const x12::CodedValue& v) {
  std::string out(v.meaning);
  if (!v.known) out += " (code " + x12::detail::quote(v.code) + ")";
  return out;
}

std::string transactionMessage(const x12::TransactionAck999& t) {
  std::string out(x12::meaning(t.status));
  for (std::size_t k = 0; k < t.reasons.size(); ++k) {
    out += k == 0 && out.find(':') == std::string::npos ? ": " : "; ";
    out += meaningOf(t.reasons[k]);
  }
  return sentence(std::move(out));
}

std::string where(const x12::SegmentError999& s) {
  std::string out = "segment " + std::to_string(s.position);
  if (!s.loopId.empty()) out += " (loop " + s.loopId + ")";
  return out;
}

app::AckError segmentError(const x12::SegmentError999& s) {
  app::AckError e;
  e.at = {s.position, 0, 0};
  e.segmentId = s.segmentId;
  e.loopId = s.loopId;
  e.code = s.error.code;
  e.message = sentence("The " + s.segmentId + " " + where(s) + ": " +
                       (s.error.code.empty() ? std::string("is in error") : meaningOf(s.error)));
  e.claimReference = s.businessUnit("CLM01");
  return e;
}

app::AckError elementError(const x12::SegmentError999& s, const x12::ElementError999& el) {
  app::AckError e;
  e.at = {s.position, el.position, el.component};
  e.segmentId = s.segmentId;
  e.loopId = s.loopId;
  e.code = el.error.code;
  std::string name = x12::detail::elementName(s.segmentId, el.position);
  if (el.component > 0) name += "-" + std::to_string(el.component);
  std::string text = name + " of " + where(s) + ": " +
                     (el.error.code.empty() ? std::string("is in error") : meaningOf(el.error));
  if (!el.badValue.empty()) text += "; the value sent was " + x12::detail::quote(el.badValue);
  e.message = sentence(std::move(text));
  for (const auto& c : el.contexts) {
    if (c.isBusinessUnit() && c.name == "CLM01") {
      e.claimReference = c.reference;
      break;
    }
  }
  if (e.claimReference.empty()) e.claimReference = s.businessUnit("CLM01");
  return e;
}

app::Acknowledgement::Group group999(const x12::Ack999& a) {
  app::Acknowledgement::Group g;
  g.groupControl = a.groupControl;
  g.status = std::string(x12::toString(a.groupStatus));
  for (const auto& t : a.transactions) {
    app::AckTransaction out;
    out.controlNumber = t.controlNumber;
    out.accepted = t.accepted();
    out.status = std::string(x12::toString(t.status));
    out.message = transactionMessage(t);
    for (const auto& s : t.segmentErrors) {
      if (s.elements.empty()) {
        out.errors.push_back(segmentError(s));
      } else {
        for (const auto& el : s.elements) out.errors.push_back(elementError(s, el));
      }
    }
    g.transactions.push_back(std::move(out));
  }
  return g;
}

/// "A7:562:85": the composite's parts without trailing empty ones.
std::string compositeText(const x12::StatusCode277& c) {
  const std::string* parts[] = {&c.category, &c.status, &c.entity, &c.codeList};
  std::size_t n = 4;
  while (n > 1 && parts[n - 1]->empty()) --n;
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += ':';
    out += *parts[i];
  }
  return out;
}

/// The meanings of one STC's categories (with the entity at fault) and its free text.
void describeStatus(const x12::Status277& st, std::vector<std::string>& out) {
  for (const auto& c : st.codes) {
    std::string text(c.categoryText);
    if (text.empty()) text = "status category " + x12::detail::quote(c.category);
    if (!c.entityText.empty()) text += " (" + std::string(c.entityText) + ")";
    out.push_back(std::move(text));
  }
  if (!st.message.empty()) out.push_back(st.message);
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

app::AckClaimStatus claimStatus(const x12::Ack277CA& a, const x12::ClaimAck277& c) {
  app::AckClaimStatus out;
  out.patientControlNumber = c.patientControlNumber;
  // The reader checks the hierarchy, so these indexes hold; checked anyway, as input decides.
  if (c.provider < a.providers.size() && a.providers[c.provider].parent < a.receivers.size()) {
    out.batchReference = a.receiverOf(c).trace;
  }
  out.payerClaimNumber = c.payerClaimControlNumber;
  out.disposition = std::string(x12::toString(c.disposition()));
  std::vector<std::string> codes;
  std::vector<std::string> words;
  for (const auto& st : c.statuses) {
    for (const auto& code : st.codes) codes.push_back(compositeText(code));
    describeStatus(st, words);
  }
  for (const auto& line : c.lines) {
    std::vector<std::string> lineWords;
    for (const auto& st : line.statuses) describeStatus(st, lineWords);
    const std::string name =
        line.lineControlNumber.empty() ? line.procedureCode : line.lineControlNumber;
    words.push_back("line " + name + ": " + joined(lineWords, ", "));
  }
  out.codes = joined(codes, ", ");
  out.message = sentence(joined(words, "; "));
  return out;
}

/// What the first ISA, GS and ST of an input say: who sent it, its ISA13, GS08 and ST01.
struct Opening {
  std::string senderId;
  std::string interchangeControl;
  std::string version;
  std::string transactionSet;
  std::uint64_t stSegment = 0;
};

domain::Result<Opening> opening(std::string_view bytes) {
  Opening o;
  x12::Tokenizer t(bytes);
  bool isa = false;
  while (const x12::Segment* s = t.next()) {
    if (s->id() == "ISA" && !isa) {
      isa = true;
      o.senderId = x12::detail::trimRight(s->element(6));
      o.interchangeControl = std::string(s->element(13));
    } else if (s->id() == "GS" && o.version.empty()) {
      o.version = std::string(s->element(8));
    } else if (s->id() == "ST") {
      o.transactionSet = std::string(s->element(1));
      o.stSegment = s->index();
      return o;
    }
  }
  if (t.problem()) return unreadable(*t.problem());
  return Error{domain::ErrorCode::kInvalid,
               "The acknowledgement file cannot be read: it holds no transaction set.",
               {{"input", "has no ST segment (not a 999 or 277CA)"}}};
}

domain::Result<app::Acknowledgement> read999(std::string_view bytes, app::Acknowledgement out) {
  out.kind = app::Acknowledgement::Kind::k999;
  x12::Ack999Reader reader(bytes);
  while (const x12::Ack999* a = reader.next()) out.groups.push_back(group999(*a));
  if (reader.problem()) return unreadable(*reader.problem());
  return out;
}

domain::Result<app::Acknowledgement> read277CA(std::string_view bytes, app::Acknowledgement out) {
  out.kind = app::Acknowledgement::Kind::k277CA;
  x12::Ack277CAReader reader(bytes);
  while (const x12::Ack277CA* a = reader.next()) {
    for (const auto& c : a->claims) out.claims.push_back(claimStatus(*a, c));
  }
  if (reader.problem()) return unreadable(*reader.problem());
  return out;
}

/// How a 277's current status decides: see app::AckClaimStatus::disposition.
std::string disposition277(const x12::ClaimStatus277& c) {
  const std::string& category = c.current().status.codes.front().category;
  if (category == "A3" || category == "A4" || category == "A6" || category == "A7" ||
      category == "A8") {
    return "rejected";
  }
  if (category == "F2") return "denied";
  switch (x12::statusFamily(category)) {
    case x12::StatusFamily::kAcknowledgement:
      return "acknowledged";
    case x12::StatusFamily::kPending:
      return "pending";
    case x12::StatusFamily::kFinalized:
      return "finalized";
    case x12::StatusFamily::kMoreInformation:
      return "more information";
    case x12::StatusFamily::kNotPossible:
      return "not possible";
    default:
      return "other";
  }
}

app::AckClaimStatus claimStatus277(const x12::ClaimStatus277& c) {
  app::AckClaimStatus out;
  out.patientControlNumber = c.trace.empty() ? c.patientAccountNumber : c.trace;
  out.payerClaimNumber = c.payerClaimNumber;
  out.disposition = disposition277(c);
  std::vector<std::string> codes;
  for (const auto& entry : c.statuses) {
    for (const auto& code : entry.status.codes) codes.push_back(compositeText(code));
  }
  out.codes = joined(codes, ", ");
  std::vector<std::string> words = {x12::describeDisposition(c)};
  if (!c.current().status.message.empty()) words.push_back(c.current().status.message);
  out.message = sentence(joined(words, "; "));
  return out;
}

domain::Result<app::Acknowledgement> readClaimStatus277(std::string_view bytes,
                                                        app::Acknowledgement out) {
  out.kind = app::Acknowledgement::Kind::k277;
  x12::ClaimStatus277Reader reader(bytes);
  while (const x12::ClaimStatusResponse277* a = reader.next()) {
    for (const auto& c : a->claims) out.claims.push_back(claimStatus277(c));
  }
  if (reader.problem()) return unreadable(*reader.problem());
  return out;
}

/// What the 276 asks about one claim.
x12::ClaimStatusRequest statusRequest(const app::StatusQuestion& q) {
  const claims::Claim& c = q.claim;
  x12::ClaimStatusRequest r;
  r.payerName = c.payer.name;
  r.payerId = c.payer.payerId;
  r.providerName = c.billingProvider.name.last;
  if (c.billingProvider.name.type == claims::EntityType::kPerson) {
    r.providerFirstName = c.billingProvider.name.first;
  }
  r.npi = c.billingProvider.npi;
  r.memberId = c.subscriber.memberId;
  r.subscriberLastName = c.subscriber.name.last;
  r.subscriberFirstName = c.subscriber.name.first;
  r.subscriberBirthDate = c.subscriber.birthDate;
  r.subscriberSex = c.subscriber.sex;
  if (c.patient) {
    r.dependent = x12::ClaimStatusDependent{c.patient->name.last, c.patient->name.first,
                                            c.patient->birthDate, c.patient->sex};
  }
  r.patientControlNumber = c.patientControlNumber;
  r.payerClaimNumber = q.payerClaimNumber;
  r.totalChargeCents = c.totalCharge().cents();
  for (std::size_t i = 0; i < c.lines.size(); ++i) {
    const claims::ServiceLine& l = c.lines[i];
    const domain::Date last = l.serviceDateEnd.value_or(l.serviceDate);
    if (i == 0 || l.serviceDate < r.serviceFrom) r.serviceFrom = l.serviceDate;
    if (i == 0 || r.serviceTo < last) r.serviceTo = last;
  }
  return r;
}

}  // namespace

std::string X12ClaimFormats::encode(const claims::Claim& claim) const {
  return claimToJson(claim);
}

domain::Result<claims::Claim> X12ClaimFormats::decode(std::string_view json) const {
  return claimFromJson(json);
}

domain::Result<app::BatchFile> X12ClaimFormats::write837P(
    std::span<const claims::Claim> cs, const app::BatchEnvelope& envelope) const {
  app::BatchFile file;
  x12::StringSink sink(file.bytes);
  auto written = writeBatch(cs, envelope, sink, nullptr);
  if (!written) return written.error();
  // placements are per claim in the order given, whatever order the HL tree wrote them in.
  file.claims.reserve(written->placements.size());
  for (const auto& p : written->placements) file.claims.push_back({p.firstSegment, p.lastSegment});
  file.segments = written->segments;
  return file;
}

domain::Result<std::vector<app::ElementLocation>> X12ClaimFormats::locate(
    std::span<const claims::Claim> cs, const app::BatchEnvelope& envelope,
    std::span<const app::ElementRef> refs) const {
  x12::SegmentMap map;
  DiscardSink sink;
  auto written = writeBatch(cs, envelope, sink, &map);
  if (!written) return written.error();
  std::vector<app::ElementLocation> out;
  out.reserve(refs.size());
  for (const app::ElementRef& ref : refs) {
    app::ElementLocation& loc = out.emplace_back();
    const x12::SegmentOrigin* o = map.at(ref.segmentPosition);
    if (o == nullptr) continue;
    loc.claims = map.claimsAt(ref.segmentPosition);
    loc.field = map.fieldPath(ref.segmentPosition, ref.element, ref.component);
    loc.loop = std::string(o->loop);
    loc.segment = std::string(o->segment);
  }
  return out;
}

domain::Result<app::Acknowledgement> X12ClaimFormats::readAcknowledgement(
    std::string_view bytes) const {
  auto first = opening(bytes);
  if (!first) return first.error();
  app::Acknowledgement out;
  out.senderId = first->senderId;
  out.interchangeControl = first->interchangeControl;
  if (first->transactionSet == "999") return read999(bytes, std::move(out));
  // The 277 claim status response (005010X212) shares ST01 with the 277CA (005010X214).
  if (first->transactionSet == "277" && first->version == "005010X212") {
    return readClaimStatus277(bytes, std::move(out));
  }
  if (first->transactionSet == "277") return read277CA(bytes, std::move(out));
  return Error{domain::ErrorCode::kInvalid,
               "The file is not an acknowledgement: its first transaction set is " +
                   x12::detail::quote(first->transactionSet) +
                   ", not 999 or 277 (277CA or claim status).",
               {{"segment " + std::to_string(first->stSegment) + " ST01",
                 "is " + x12::detail::quote(first->transactionSet) +
                     "; an acknowledgement is a 999, a 277CA or a 277"}}};
}

domain::Result<app::StatusRequestFile> X12ClaimFormats::write276(
    std::span<const app::StatusQuestion> questions, const app::BatchEnvelope& envelope) const {
  if (questions.empty() || questions.size() > app::kMaxStatusQuestions) {
    return Error::invalidField("questions", "must hold 1 to " +
                                                std::to_string(app::kMaxStatusQuestions) +
                                                " claims (one 276 transaction)");
  }
  app::StatusRequestFile file;
  std::vector<x12::ClaimStatusRequest> requests;
  for (std::size_t k = 0; k < questions.size(); ++k) {
    x12::ClaimStatusRequest r = statusRequest(questions[k]);
    const auto problems = x12::validate(r);
    if (problems.empty()) {
      file.asked.push_back(k);
      requests.push_back(std::move(r));
      continue;
    }
    std::vector<std::string> why;
    for (const auto& p : problems) why.push_back(p.field + " (" + p.message + ")");
    file.refused.emplace_back(k, joined(why, "; "));
  }
  if (requests.empty()) {
    return Error::invalidField(
        "questions", "no claim can be asked about: the 276 needs " + file.refused.front().second);
  }
  const auto& first = questions[file.asked.front()].claim;
  x12::Transmission276 t;
  const x12::Transmission837P base = transmission(envelope);
  t.interchange = base.interchange;
  t.group = base.group;
  t.reference = envelope.batchReference;
  t.created = envelope.date;
  t.createdTime = {envelope.hour, envelope.minute};
  t.receiverName = first.submitter.name.last;
  t.receiverId = first.submitter.id;
  x12::StringSink sink(file.bytes);
  EnvelopeNumbers numbers(envelope);
  auto written = x12::write276(requests, t, sink, numbers);
  if (!written) return written.error();
  file.segments = written->segments;
  return file;
}

}  // namespace medoffice::codecs
