// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/common/validation.hpp"

#include <algorithm>
#include <array>

namespace medoffice::domain::validation {
namespace {

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
bool isAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool isAlpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

template <std::size_t N>
bool inList(const std::array<std::string_view, N>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

char luhnCheckDigit(std::string_view digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

char npiCheckDigit(std::string_view base) {
  // CMS: Luhn over the card-issuer prefix 80840 followed by the first nine digits.
  std::string full = "80840";
  full.append(base);
  return luhnCheckDigit(full);
}

bool isValidNpi(std::string_view npi) {
  if (npi.size() != 10 || !allDigits(npi)) return false;
  if (npi[0] != '1' && npi[0] != '2') return false;
  return npiCheckDigit(npi.substr(0, 9)) == npi[9];
}

std::optional<std::string> normalizeTin(std::string_view tin) {
  std::string digits;
  for (char c : tin) {
    if (c == '-') continue;
    if (c < '0' || c > '9') return std::nullopt;
    digits.push_back(c);
  }
  if (digits.size() != 9 || digits == "000000000") return std::nullopt;
  return digits;
}

bool isUsStateCode(std::string_view code) {
  static constexpr std::array<std::string_view, 62> kCodes = {
      "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL",
      "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT",
      "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI",
      "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC", "PR",
      "VI", "GU", "AS", "MP", "AA", "AE", "AP", "FM", "MH", "PW"};
  return code.size() == 2 && inList(kCodes, code);
}

std::optional<std::string> normalizeZip(std::string_view zip) {
  if (zip.size() == 5 && allDigits(zip)) return std::string(zip);
  if (zip.size() == 9 && allDigits(zip)) {
    return std::string(zip.substr(0, 5)) + "-" + std::string(zip.substr(5));
  }
  if (zip.size() == 10 && zip[5] == '-' && allDigits(zip.substr(0, 5)) &&
      allDigits(zip.substr(6))) {
    return std::string(zip);
  }
  return std::nullopt;
}

bool isE164(std::string_view p) {
  if (p.size() < 3 || p.size() > 16 || p[0] != '+') return false;
  std::string_view digits = p.substr(1);
  if (!allDigits(digits) || digits[0] == '0') return false;
  if (digits[0] == '1') {
    if (digits.size() != 11) return false;
    if (digits[1] < '2' || digits[4] < '2') return false;
  }
  return true;
}

bool isEmail(std::string_view e) {
  if (e.size() < 3 || e.size() > 254) return false;
  auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || e.find('@', at + 1) != e.npos) {
    return false;
  }
  std::string_view domain = e.substr(at + 1);
  auto dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size()) return false;
  if (domain.find("..") != domain.npos || domain.front() == '-' || domain.back() == '.') {
    return false;
  }
  for (char c : e) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' ||
        c == ';' || c == ':' || c == '\\' || c == '"' || c == '[' || c == ']') {
      return false;
    }
  }
  for (char c : domain) {
    if (!isAlnum(c) && c != '.' && c != '-' && static_cast<unsigned char>(c) < 0x80) return false;
  }
  return true;
}

bool isTaxonomyCode(std::string_view code) {
  if (code.size() != 10 || code[9] != 'X') return false;
  return std::all_of(code.begin(), code.end() - 1,
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

bool isPlaceOfServiceCode(std::string_view code) {
  static constexpr std::array<std::string_view, 56> kCodes = {
      "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14",
      "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "31",
      "32", "33", "34", "41", "42", "49", "50", "51", "52", "53", "54", "55", "56", "57",
      "58", "60", "61", "62", "65", "66", "71", "72", "81", "99", "28", "35", "36", "37"};
  return inList(kCodes, code);
}

bool isClaimFilingIndicator(std::string_view code) {
  static constexpr std::array<std::string_view, 23> kCodes = {
      "11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS",
      "FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"};
  return inList(kCodes, code);
}

bool isIndividualRelationshipCode(std::string_view code) {
  static constexpr std::array<std::string_view, 9> kCodes = {"01", "18", "19", "20", "21",
                                                             "39", "40", "53", "G8"};
  return inList(kCodes, code);
}

bool isPayerIdentifier(std::string_view id) {
  return id.size() >= 2 && id.size() <= 80 && std::all_of(id.begin(), id.end(), isAlnum);
}

bool isLanguageTag(std::string_view tag) {
  // language(2-3 alpha) then up to two subtags of 2-8 alphanumerics.
  std::size_t start = 0;
  int part = 0;
  while (start <= tag.size()) {
    auto end = tag.find('-', start);
    if (end == std::string_view::npos) end = tag.size();
    std::string_view sub = tag.substr(start, end - start);
    if (part == 0) {
      if (sub.size() < 2 || sub.size() > 3 || !std::all_of(sub.begin(), sub.end(), isAlpha)) {
        return false;
      }
    } else if (sub.size() < 2 || sub.size() > 8 || !std::all_of(sub.begin(), sub.end(), isAlnum)) {
      return false;
    }
    if (++part > 3) return false;
    if (end == tag.size()) break;
    start = end + 1;
  }
  return part >= 1;
}

bool isZoneNameSyntax(std::string_view zone) {
  if (zone.empty() || zone.size() > 64 || zone.front() == '/' || zone.back() == '/') return false;
  if (zone.find("..") != zone.npos || zone.find("//") != zone.npos) return false;
  return std::all_of(zone.begin(), zone.end(), [](char c) {
    return isAlnum(c) || c == '/' || c == '_' || c == '-' || c == '+';
  });
}

bool isPersonName(std::string_view name) {
  if (!isCleanText(name)) return false;
  bool letter = false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (isAlpha(c) || u >= 0x80) {
      letter = true;
    } else if (c != ' ' && c != '\'' && c != '-' && c != '.') {
      return false;
    }
  }
  return letter;
}

bool isCardIdentifier(std::string_view id, bool allowSpace) {
  if (id.empty()) return false;
  for (char c : id) {
    if (!isAlnum(c) && c != '-' && !(allowSpace && c == ' ')) return false;
  }
  return true;
}

std::string asciiLower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool isCleanText(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
      ++i;
      continue;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    std::uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace medoffice::domain::validation
