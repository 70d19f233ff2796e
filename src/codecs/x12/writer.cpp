// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/writer.hpp"

#include <algorithm>
#include <ostream>

#include "codecs/x12/envelope.hpp"

namespace medoffice::codecs::x12 {

namespace {

using domain::Error;
using domain::Status;

constexpr std::uint32_t kMaxControl = 999'999'999;
constexpr std::size_t kMaxElement = 99;

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isUpperAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || isDigit(c);
}

std::string elementName(std::string_view id, std::size_t n) {
  return std::string(id) + (n < 10 ? "0" : "") + std::to_string(n);
}

/// `n` as decimal, left-padded with zeros to `width`.
std::string padded(std::uint64_t n, std::size_t width) {
  std::string s = std::to_string(n);
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return s;
}

std::string yymmdd(const domain::Date& d) {
  return padded(static_cast<std::uint64_t>(d.year() % 100), 2) +
         padded(static_cast<std::uint64_t>(d.month()), 2) +
         padded(static_cast<std::uint64_t>(d.day()), 2);
}

std::string ccyymmdd(const domain::Date& d) {
  return padded(static_cast<std::uint64_t>(d.year()), 4) +
         padded(static_cast<std::uint64_t>(d.month()), 2) +
         padded(static_cast<std::uint64_t>(d.day()), 2);
}

Status checkTime(std::string_view name, const TimeOfDay& t, std::string& out) {
  if (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59) {
    return Error::invalidField(std::string(name), "is not a time of day (HH 0-23, MM 0-59)");
  }
  out = padded(static_cast<std::uint64_t>(t.hour), 2) +
        padded(static_cast<std::uint64_t>(t.minute), 2);
  return {};
}

Status checkControl(std::string_view name, const domain::Result<std::uint32_t>& n) {
  if (!n) return n.error();
  if (*n == 0 || *n > kMaxControl) {
    return Error::invalidField(std::string(name),
                               "control number " + std::to_string(*n) + " is outside 1..999999999");
  }
  return {};
}

}  // namespace

void StreamSink::write(std::string_view bytes) {
  out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool StreamSink::ok() const {
  return out_.good();
}

domain::Result<std::uint32_t> CountingControlNumbers::take(std::uint32_t& n) {
  if (n == 0 || n > kMaxControl) {
    return Error::conflict("control numbers are exhausted (they run from 1 to 999999999)");
  }
  return n++;
}

void SegmentBuilder::reset(std::string_view id) {
  id_.assign(id);
  data_.clear();
  pieces_.clear();
}

void SegmentBuilder::add(std::size_t n, std::size_t repetition, std::size_t component,
                         std::string_view value) {
  pieces_.push_back(
      Piece{static_cast<std::uint32_t>(std::min<std::size_t>(n, 0xFFFFFFFFU)),
            static_cast<std::uint32_t>(repetition), static_cast<std::uint32_t>(component),
            static_cast<std::uint32_t>(data_.size()), static_cast<std::uint32_t>(value.size())});
  data_.append(value);
}

SegmentBuilder& SegmentBuilder::element(std::size_t n, std::string_view value) {
  add(n, 0, 0, value);
  return *this;
}

SegmentBuilder& SegmentBuilder::composite(std::size_t n,
                                          std::initializer_list<std::string_view> components) {
  std::size_t k = 0;
  for (std::string_view c : components) add(n, 0, k++, c);
  return *this;
}

SegmentBuilder& SegmentBuilder::repeated(std::size_t n,
                                         std::initializer_list<std::string_view> values) {
  std::size_t k = 0;
  for (std::string_view v : values) add(n, k++, 0, v);
  return *this;
}

SegmentBuilder& SegmentBuilder::value(std::size_t n, std::size_t r, std::size_t k,
                                      std::string_view v) {
  add(n, r == 0 ? 0 : r - 1, k == 0 ? 0 : k - 1, v);
  return *this;
}

Writer::Writer(Sink& sink, ControlNumberSource& numbers, WriterOptions options)
    : sink_(sink), numbers_(numbers), options_(options) {
  const Delimiters& d = options_.delimiters;
  const char all[] = {d.element, d.repetition, d.component, d.segment};
  delimitersOk_ = true;
  for (std::size_t i = 0; i < 4; ++i) {
    if (!isSeparatorCandidate(all[i])) delimitersOk_ = false;
    for (std::size_t j = i + 1; j < 4; ++j) {
      if (all[i] == all[j]) delimitersOk_ = false;
    }
  }
}

Status Writer::delimiterError() {
  return Error::invalidField("delimiters",
                             "the four delimiters must differ and none may be a letter, digit, "
                             "space or non-ASCII byte");
}

Status Writer::checkValue(std::string_view name, std::string_view value) const {
  const Delimiters& d = options_.delimiters;
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    const char* which = c == d.element      ? "the element separator"
                        : c == d.repetition ? "the repetition separator"
                        : c == d.component  ? "the component separator"
                        : c == d.segment    ? "the segment terminator"
                                            : nullptr;
    if (which != nullptr) {
      return Error::invalidField(std::string(name), "contains '" + showByte(c) + "', " + which +
                                                        "; a value must not contain a delimiter");
    }
    if (u < 0x20 || u >= 0x7F) {
      return Error::invalidField(std::string(name),
                                 "contains '" + showByte(c) +
                                     "', which is not in the X12 character set (printable ASCII)");
    }
  }
  return {};
}

Status Writer::flush() {
  line_ += options_.delimiters.segment;
  if (options_.lineBreaks) line_ += '\n';
  sink_.write(line_);
  if (!sink_.ok()) return Error::unavailable("writing the X12 output failed");
  if (inTransaction_) ++segments_;
  return {};
}

Status Writer::emit(const SegmentBuilder& segment) {
  if (!delimitersOk_) return delimiterError();
  if (!sink_.ok()) return Error::unavailable("writing the X12 output failed");
  const std::string_view id = segment.id_;
  if (id.size() < 2 || id.size() > 3 || !(id[0] >= 'A' && id[0] <= 'Z') ||
      !std::all_of(id.begin(), id.end(), isUpperAlnum)) {
    return Error::invalidField("segment", "'" + showBytes(id, 8) + "' is not a segment id");
  }
  order_.assign(segment.pieces_.begin(), segment.pieces_.end());
  // Positions in order; most builders set them in order already.
  auto before = [](const SegmentBuilder::Piece& a, const SegmentBuilder::Piece& b) {
    if (a.element != b.element) return a.element < b.element;
    if (a.repetition != b.repetition) return a.repetition < b.repetition;
    return a.component < b.component;
  };
  if (!std::is_sorted(order_.begin(), order_.end(), before)) {
    std::stable_sort(order_.begin(), order_.end(), before);
  }
  const Delimiters& d = options_.delimiters;
  line_.assign(id);
  std::uint32_t element = 0;
  std::uint32_t repetition = 0;
  std::uint32_t component = 0;
  const SegmentBuilder::Piece* last = nullptr;
  for (const auto& p : order_) {
    const std::string name = elementName(id, p.element);
    if (p.element == 0 || p.element > kMaxElement) {
      return Error::invalidField(name, "element positions run from 1 to 99");
    }
    if (last != nullptr && last->element == p.element && last->repetition == p.repetition &&
        last->component == p.component) {
      return Error::invalidField(name, "is set twice");
    }
    last = &p;
    const std::string_view value(segment.data_.data() + p.offset, p.size);
    if (auto ok = checkValue(name, value); !ok) return ok;
    if (value.empty()) continue;
    if (p.repetition > 0 && d.repetition == '\0') {
      return Error::invalidField(name, "repeats, but there is no repetition separator");
    }
    if (p.element != element) {
      line_.append(p.element - element, d.element);
      line_.append(p.repetition, d.repetition);
      line_.append(p.component, d.component);
    } else if (p.repetition != repetition) {
      line_.append(p.repetition - repetition, d.repetition);
      line_.append(p.component, d.component);
    } else {
      line_.append(p.component - component, d.component);
    }
    element = p.element;
    repetition = p.repetition;
    component = p.component;
    line_.append(value);
  }
  return flush();
}

Status Writer::beginInterchange(const InterchangeHeader& h) {
  if (inInterchange_) return Error::conflict("an interchange is already open (write IEA first)");
  if (!delimitersOk_) return delimiterError();
  struct Fixed {
    const char* name;
    const std::string& value;
    std::size_t min;
    std::size_t width;
  };
  const Fixed fixed[] = {
      {"ISA01", h.authorizationQualifier, 2, 2}, {"ISA02", h.authorization, 0, 10},
      {"ISA03", h.securityQualifier, 2, 2},      {"ISA04", h.security, 0, 10},
      {"ISA05", h.senderQualifier, 2, 2},        {"ISA06", h.senderId, 1, 15},
      {"ISA07", h.receiverQualifier, 2, 2},      {"ISA08", h.receiverId, 1, 15}};
  for (const auto& f : fixed) {
    if (f.value.size() < f.min || f.value.size() > f.width) {
      return Error::invalidField(
          f.name, f.min == f.width ? "must be exactly " + std::to_string(f.width) + " characters"
                                   : "must be " + std::to_string(f.min) + " to " +
                                         std::to_string(f.width) + " characters");
    }
    if (auto ok = checkValue(f.name, f.value); !ok) return ok;
  }
  std::string isa10;
  if (auto ok = checkTime("ISA10", h.time, isa10); !ok) return ok;
  auto control = numbers_.nextInterchange();
  if (auto ok = checkControl("ISA13", control); !ok) return ok;

  const Delimiters& d = options_.delimiters;
  auto pad = [](const std::string& v, std::size_t width) {
    return v + std::string(width - v.size(), ' ');
  };
  line_ = "ISA";
  for (const auto& f : fixed) {
    line_ += d.element;
    line_ += pad(f.value, f.width);
  }
  line_ += d.element;
  line_ += yymmdd(h.date);
  line_ += d.element;
  line_ += isa10;
  line_ += d.element;
  line_ += d.repetition;
  line_ += d.element;
  line_ += "00501";
  line_ += d.element;
  line_ += padded(*control, 9);
  line_ += d.element;
  line_ += h.acknowledgementRequested ? '1' : '0';
  line_ += d.element;
  line_ += h.usage == Usage::kProduction ? 'P' : 'T';
  line_ += d.element;
  line_ += d.component;
  if (line_.size() != 105) return Error::internal("the ISA is not 105 characters long");
  isa13_ = *control;
  groups_ = 0;
  if (auto ok = flush(); !ok) return ok;
  inInterchange_ = true;
  return {};
}

Status Writer::beginGroup(const GroupHeader& h) {
  if (!inInterchange_) return Error::conflict("no interchange is open (write ISA first)");
  if (inGroup_) return Error::conflict("a functional group is already open (write GE first)");
  const Guide* guide = nullptr;
  for (const Guide& g : guides()) {
    if (g.version == h.version && g.functionalId == h.functionalId) guide = &g;
  }
  if (guide == nullptr) {
    return Error::invalidField("GS08", "'" + showBytes(h.version, 20) + "' with GS01 '" +
                                           showBytes(h.functionalId, 4) +
                                           "' is not an X12 5010 guide MedOffice writes");
  }
  if (!guide->preferred.empty()) {
    return Error::invalidField("GS08", h.version + " is an errata version; payers expect " +
                                           std::string(guide->preferred));
  }
  for (const auto* f : {&h.senderCode, &h.receiverCode}) {
    const char* name = f == &h.senderCode ? "GS02" : "GS03";
    if (f->size() < 2 || f->size() > 15) {
      return Error::invalidField(name, "must be 2 to 15 characters");
    }
    if (auto ok = checkValue(name, *f); !ok) return ok;
  }
  std::string gs05;
  if (auto ok = checkTime("GS05", h.time, gs05); !ok) return ok;
  auto control = numbers_.nextGroup();
  if (auto ok = checkControl("GS06", control); !ok) return ok;
  scratch_.reset("GS");
  const std::string gs04 = ccyymmdd(h.date);
  const std::string gs06 = std::to_string(*control);
  scratch_.element(1, h.functionalId)
      .element(2, h.senderCode)
      .element(3, h.receiverCode)
      .element(4, gs04)
      .element(5, gs05)
      .element(6, gs06)
      .element(7, "X")
      .element(8, h.version);
  if (auto ok = emit(scratch_); !ok) return ok;
  gs06_ = *control;
  version_ = h.version;
  transactions_ = 0;
  ++groups_;
  inGroup_ = true;
  return {};
}

Status Writer::beginTransaction(std::string_view transactionSet) {
  if (!inGroup_) return Error::conflict("no functional group is open (write GS first)");
  if (inTransaction_) return Error::conflict("a transaction is already open (write SE first)");
  const bool known = std::any_of(guides().begin(), guides().end(), [&](const Guide& g) {
    return g.version == version_ && g.transactionSet == transactionSet;
  });
  if (!known) {
    return Error::invalidField(
        "ST01", "'" + showBytes(transactionSet, 8) + "' is not a transaction set of " + version_);
  }
  auto control = numbers_.nextTransaction();
  if (auto ok = checkControl("ST02", control); !ok) return ok;
  const std::string st02 = padded(*control, 4);
  scratch_.reset("ST");
  scratch_.element(1, transactionSet).element(2, st02).element(3, version_);
  inTransaction_ = true;
  segments_ = 0;
  if (auto ok = emit(scratch_); !ok) {
    inTransaction_ = false;
    return ok;
  }
  st02_ = *control;
  transactionSet_ = std::string(transactionSet);
  ++transactions_;
  return {};
}

Status Writer::write(const SegmentBuilder& segment) {
  if (!inTransaction_) return Error::conflict("no transaction is open (write ST first)");
  const std::string_view id = segment.id();
  for (std::string_view envelope : {"ISA", "IEA", "GS", "GE", "ST", "SE"}) {
    if (id == envelope) {
      return Error::invalidField("segment", std::string(id) + " is written by the writer itself");
    }
  }
  return emit(segment);
}

Status Writer::endTransaction() {
  if (!inTransaction_) return Error::conflict("no transaction is open");
  const std::string count = std::to_string(segments_ + 1);  // SE counts itself
  const std::string st02 = padded(st02_, 4);
  scratch_.reset("SE");
  scratch_.element(1, count).element(2, st02);
  if (auto ok = emit(scratch_); !ok) return ok;
  inTransaction_ = false;
  return {};
}

Status Writer::endGroup() {
  if (!inGroup_) return Error::conflict("no functional group is open");
  if (inTransaction_) return Error::conflict("a transaction is still open (write SE first)");
  const std::string count = std::to_string(transactions_);
  const std::string gs06 = std::to_string(gs06_);
  scratch_.reset("GE");
  scratch_.element(1, count).element(2, gs06);
  if (auto ok = emit(scratch_); !ok) return ok;
  inGroup_ = false;
  return {};
}

Status Writer::endInterchange() {
  if (!inInterchange_) return Error::conflict("no interchange is open");
  if (inGroup_) return Error::conflict("a functional group is still open (write GE first)");
  const std::string count = std::to_string(groups_);
  const std::string isa13 = padded(isa13_, 9);
  scratch_.reset("IEA");
  scratch_.element(1, count).element(2, isa13);
  if (auto ok = emit(scratch_); !ok) return ok;
  inInterchange_ = false;
  return {};
}

}  // namespace medoffice::codecs::x12
