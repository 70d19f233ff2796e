// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/utf8_text.hpp"

#include <algorithm>
#include <iterator>

namespace medoffice::codecs::pdf {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool isControl(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

std::string clean(std::string_view text, bool keepBreaks) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t n = decodeUtf8(text, i, cp);
    if (n == 0) {
      n = 1;
      cp = kReplacement;
    }
    if (keepBreaks && (cp == '\r' || cp == '\n' || cp == 0x2028 || cp == 0x2029)) {
      if (cp == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++n;
      out.push_back('\n');
    } else if (isControl(cp)) {
      out.push_back(' ');
    } else {
      appendUtf8(out, cp > 0xFFFF ? kReplacement : cp);
    }
    i += n;
  }
  return out;
}

}  // namespace

std::size_t decodeUtf8(std::string_view text, std::size_t pos, char32_t& cp) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  char32_t value = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, value = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, value = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, value = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (text.size() - pos < len) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const unsigned char b = byte(pos + k);
    if ((b & 0xC0) != 0x80) return 0;
    value = (value << 6) | (b & 0x3F);
  }
  if (value < min || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  cp = value;
  return len;
}

void appendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string validUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = decodeUtf8(text, i, cp);
    if (n == 0) {
      appendUtf8(out, kReplacement);
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string pdfLine(std::string_view text) {
  return clean(text, false);
}

std::string pdfParagraph(std::string_view text) {
  return clean(text, true);
}

std::optional<std::string> toCp1252(std::string_view utf8) {
  // Windows-1252's bytes 0x80 to 0x9F, from U+0080 on (0 where the byte is unassigned).
  static constexpr char16_t kHigh[32] = {
      0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte >= 0x20 && byte < 0x7F) {
      out.push_back(static_cast<char>(byte));
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decodeUtf8(utf8, i, cp);
    if (n == 0) return std::nullopt;
    i += n;
    if (cp >= 0xA0 && cp <= 0xFF) {
      out.push_back(static_cast<char>(cp));
      continue;
    }
    const auto* hit = std::find(std::begin(kHigh), std::end(kHigh), static_cast<char16_t>(cp));
    if (cp < 0xA0 || cp > 0xFFFF || hit == std::end(kHigh)) return std::nullopt;
    out.push_back(static_cast<char>(0x80 + (hit - std::begin(kHigh))));
  }
  return out;
}

std::size_t prefixBytes(std::string_view text, std::size_t maxCodePoints) {
  std::size_t pos = 0;
  for (std::size_t count = 0; pos < text.size() && count < maxCodePoints; ++count) {
    char32_t cp = 0;
    const std::size_t n = decodeUtf8(text, pos, cp);
    pos += n == 0 ? 1 : n;
  }
  return pos;
}

}  // namespace medoffice::codecs::pdf
