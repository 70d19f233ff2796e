// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/x12/element_rules.hpp"

#include <algorithm>
#include <iterator>

namespace medoffice::codecs::x12 {

namespace {

/// The shape an element must have.
enum class Form {
  kQualifiedCode,  ///< composite: a 2-character qualifier, then a code (SV101 HC:99213)
  kFacilityCode,   ///< composite whose first component is 2 digits (CLM05 11:B:1)
  kPointers,       ///< composite of 1-4 diagnosis pointers, each 1..12 (SV107 1:2)
  kCodeList,       ///< composite whose first component is a 1-3 character qualifier (HI ABK:J20)
  kZip,            ///< a US postal code (5 or 9 digits) when N404 names no country
};

constexpr unsigned bit(TransactionType t) {
  return 1U << static_cast<unsigned>(t);
}
constexpr unsigned k837 = bit(TransactionType::k837P) | bit(TransactionType::k837I);
constexpr unsigned kAll = 0xFFFFU;

struct Rule {
  std::uint32_t segment;  // segmentKey of the id
  int first;              // first element checked
  int last;               // last element checked (HI01..HI12)
  unsigned types;
  Form form;
  std::string_view what;  // what the checked component holds
};

// Each rule protects an element whose shape shows at once when the file's component separator
// is not the one ISA16 declares (X12-NOTES §1.6), or a value the guides constrain in every
// transaction (N403).
constexpr Rule kRules[] = {
    {segmentKey("CLM"), 5, 5, k837, Form::kFacilityCode, "place of service or facility type code"},
    {segmentKey("SV1"), 1, 1, bit(TransactionType::k837P), Form::kQualifiedCode, "procedure code"},
    {segmentKey("SV1"), 7, 7, bit(TransactionType::k837P), Form::kPointers, "diagnosis pointer"},
    {segmentKey("SV2"), 2, 2, bit(TransactionType::k837I), Form::kQualifiedCode, "procedure code"},
    {segmentKey("SVD"), 3, 3, k837, Form::kQualifiedCode, "procedure code"},
    {segmentKey("SVC"), 1, 1,
     bit(TransactionType::k835) | bit(TransactionType::k276) | bit(TransactionType::k277) |
         bit(TransactionType::k277CA),
     Form::kQualifiedCode, "procedure code"},
    {segmentKey("HI"), 1, 12, k837, Form::kCodeList, "code list qualifier"},
    {segmentKey("N4"), 3, 3, kAll, Form::kZip, "postal code"},
};

bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isUpperAlnum(char c) {
  return (c >= 'A' && c <= 'Z') || isDigit(c);
}
bool allOf(std::string_view s, bool (*f)(char)) {
  return std::all_of(s.begin(), s.end(), f);
}

std::string name(std::string_view id, int element, int component = 0) {
  std::string out(id);
  out += (element < 10 ? "0" : "") + std::to_string(element);
  if (component > 0) out += "-" + std::to_string(component);
  return out;
}

/// When a value carries a character that is a usual component separator but not this file's,
/// says so: that is what a wrong ISA16 looks like.
std::string separatorHint(std::string_view value, const Delimiters& d) {
  static constexpr std::string_view kUsual = ":>^|\\!";
  for (char c : value) {
    if (c != d.component && c != d.repetition && kUsual.find(c) != std::string_view::npos) {
      return "; it contains '" + showByte(c) + "', but ISA16 declares '" + showByte(d.component) +
             "' as the component separator";
    }
  }
  return {};
}

void check(const Segment& s, const Rule& r, int n, std::string_view value, ElementReport& out) {
  const Delimiters& d = s.delimiters();
  const char cs = d.component;
  switch (r.form) {
    case Form::kQualifiedCode: {
      const std::string_view qualifier = part(value, cs, 1);
      if (qualifier.size() != 2 || !allOf(qualifier, isUpperAlnum)) {
        out.problem(n, 1,
                    name(s.id(), n) + " composite malformed: " + name(s.id(), n, 1) + " '" +
                        showBytes(qualifier, 40) +
                        "' is not a 2-character product or service id qualifier" +
                        separatorHint(value, d));
      } else if (part(value, cs, 2).empty()) {
        out.problem(n, 2,
                    name(s.id(), n) + " composite malformed: " + name(s.id(), n, 2) + " (the " +
                        std::string(r.what) + ") is missing after the qualifier '" +
                        std::string(qualifier) + "'");
      }
      return;
    }
    case Form::kFacilityCode: {
      const std::string_view code = part(value, cs, 1);
      if (code.size() != 2 || !allOf(code, isDigit)) {
        out.problem(n, 1,
                    name(s.id(), n) + " composite malformed: " + name(s.id(), n, 1) + " '" +
                        showBytes(code, 40) + "' is not a 2-digit " + std::string(r.what) +
                        separatorHint(value, d));
      }
      return;
    }
    case Form::kPointers: {
      const std::size_t count = partCount(value, cs);
      for (std::size_t k = 1; k <= count && k <= 4; ++k) {
        const std::string_view p = part(value, cs, k);
        const bool number = !p.empty() && p.size() <= 2 && allOf(p, isDigit);
        const int v = number ? (p.size() == 1 ? p[0] - '0' : (p[0] - '0') * 10 + (p[1] - '0')) : 0;
        if (v < 1 || v > 12) {
          out.problem(n, static_cast<int>(k),
                      name(s.id(), n, static_cast<int>(k)) + " " + std::string(r.what) + " '" +
                          showBytes(p, 40) + "' is not a whole number from 1 to 12" +
                          separatorHint(value, d));
          return;
        }
      }
      if (count > 4) {
        out.problem(n, 5,
                    name(s.id(), n) + " has " + std::to_string(count) +
                        " diagnosis pointers; at most 4 are allowed");
      }
      return;
    }
    case Form::kCodeList: {
      const std::string_view qualifier = part(value, cs, 1);
      if (qualifier.empty() || qualifier.size() > 3 || !allOf(qualifier, isUpperAlnum)) {
        out.problem(n, 1,
                    name(s.id(), n) + " composite malformed: " + name(s.id(), n, 1) + " '" +
                        showBytes(qualifier, 40) + "' is not a " + std::string(r.what) +
                        separatorHint(value, d));
      }
      return;
    }
    case Form::kZip: {
      if (!s.element(4).empty() || !allOf(value, isDigit)) return;  // another country's code
      if (value.size() != 5 && value.size() != 9) {
        out.problem(n, 0,
                    name(s.id(), n) + " '" + showBytes(value, 40) +
                        "' is not a ZIP code: a US postal code has 5 or 9 digits");
      }
      return;
    }
  }
}

}  // namespace

void checkElements(const Segment& s, TransactionType type, ElementReport& report) {
  const std::uint32_t key = s.key();
  for (const Rule& r : kRules) {
    if (r.segment != key || (r.types & bit(type)) == 0) continue;
    for (int n = r.first; n <= r.last; ++n) {
      const std::string_view value = s.element(static_cast<std::size_t>(n));
      if (!value.empty()) check(s, r, n, value, report);
    }
  }
}

}  // namespace medoffice::codecs::x12
