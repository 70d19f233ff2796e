// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/problem.hpp"

namespace medoffice::codecs::x12 {

std::string_view toString(ProblemKind k) {
  switch (k) {
    case ProblemKind::kSyntax:
      return "syntax";
    case ProblemKind::kLimit:
      return "limit";
    case ProblemKind::kEnvelope:
      return "envelope";
    case ProblemKind::kVersion:
      return "version";
    case ProblemKind::kElement:
      return "element";
    case ProblemKind::kIo:
      return "io";
  }
  return "syntax";
}

std::string showByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (c == '\n') return "\\n";
  if (c == '\r') return "\\r";
  if (c == '\t') return "\\t";
  if (u >= 0x20 && u < 0x7F) return std::string(1, c);
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string{'\\', 'x', kHex[u >> 4], kHex[u & 15]};
}

std::string showBytes(std::string_view s, std::size_t max) {
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < max; ++i) out += showByte(s[i]);
  if (s.size() > max) out += "...";
  return out;
}

std::string Problem::describe() const {
  std::string out;
  if (endOfInput) {
    out = "end of input (after segment " + std::to_string(segment) + ", byte " +
          std::to_string(offset) + ")";
  } else if (segment == 0) {
    out = "byte " + std::to_string(offset);
  } else {
    out = "segment " + std::to_string(segment);
    if (!segmentId.empty()) out += " (" + segmentId + ")";
    out += " at byte " + std::to_string(offset);
  }
  out += ": ";
  out += message;
  return out;
}

domain::Error toError(const Problem& p) {
  std::string field = "segment " + std::to_string(p.segment);
  if (!p.segmentId.empty()) {
    field += " " + p.segmentId;
    if (p.element > 0) {
      field += (p.element < 10 ? "0" : "") + std::to_string(p.element);
      if (p.component > 0) field += "-" + std::to_string(p.component);
    }
  }
  domain::Error e = domain::Error::invalidField(std::move(field), p.describe());
  if (p.kind == ProblemKind::kVersion) {
    e.code = domain::ErrorCode::kUnsupported;
    e.message = "The X12 version is not supported.";
  } else {
    e.message = "The X12 input is invalid.";
  }
  return e;
}

}  // namespace medoffice::codecs::x12
