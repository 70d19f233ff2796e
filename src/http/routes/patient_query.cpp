// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/routes/patient_query.hpp"

#include <cctype>
#include <optional>
#include <string>

#include "domain/common/validation.hpp"
#include "domain/patients/patient.hpp"

namespace medoffice::http {

using domain::Result;

Result<app::PatientQuery> parsePatientQuery(const ListArgs& args) {
  app::PatientQuery q;
  q.page = args.page;
  domain::FieldErrors errors;
  auto get = [&](const char* k) -> std::string {
    auto it = args.extra.find(k);
    return it == args.extra.end() ? std::string{} : it->second;
  };
  auto phoneOf = [](const std::string& s) -> std::optional<std::string> {
    std::string digits;
    bool plus = !s.empty() && s[0] == '+';
    for (char c : s) {
      if (c >= '0' && c <= '9') {
        digits.push_back(c);
      } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '+') {
        return std::nullopt;
      }
    }
    if (digits.size() < 7) return std::nullopt;
    std::string e164 = plus                                      ? "+" + digits
                       : digits.size() == 10                     ? "+1" + digits
                       : digits.size() == 11 && digits[0] == '1' ? "+" + digits
                                                                 : "+" + digits;
    return e164;
  };
  std::string text = get("q");
  auto b = text.find_first_not_of(' ');
  text = b == std::string::npos ? "" : text.substr(b, text.find_last_not_of(' ') - b + 1);
  if (!text.empty()) {
    std::optional<domain::Date> date = domain::Date::parse(text);
    if (!date && text.size() == 10 && text[2] == '/' && text[5] == '/') {
      date = domain::Date::parse(text.substr(6, 4) + "-" + text.substr(0, 2) + "-" +
                                 text.substr(3, 2));
    }
    std::string upper = text;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (date) {
      q.birthDate = date;
    } else if (upper.rfind("MRN", 0) == 0) {
      q.mrn = upper;
    } else if (auto phone = phoneOf(text)) {
      q.phone = *phone;
    } else if (auto comma = text.find(','); comma != std::string::npos) {
      q.familyPrefix = domain::nameSearchKey(text.substr(0, comma));
      q.givenPrefix = domain::nameSearchKey(text.substr(comma + 1));
    } else if (auto space = text.rfind(' '); space != std::string::npos) {
      q.givenPrefix = domain::nameSearchKey(text.substr(0, text.find(' ')));
      q.familyPrefix = domain::nameSearchKey(text.substr(space + 1));
    } else {
      q.familyPrefix = domain::nameSearchKey(text);
    }
    if (q.familyPrefix.empty() && q.givenPrefix.empty() && !q.birthDate && q.mrn.empty() &&
        q.phone.empty()) {
      errors.add("q", "must contain a name, a birth date, a phone number or an MRN");
    }
  }
  if (auto f = get("family"); !f.empty()) q.familyPrefix = domain::nameSearchKey(f);
  if (auto g = get("given"); !g.empty()) q.givenPrefix = domain::nameSearchKey(g);
  if (auto d = get("birth_date"); !d.empty()) {
    q.birthDate = domain::Date::parse(d);
    if (!q.birthDate) errors.add("birth_date", "must be a date YYYY-MM-DD");
  }
  if (auto p = get("phone"); !p.empty()) {
    auto phone = phoneOf(p);
    if (!phone || !domain::validation::isE164(*phone)) {
      errors.add("phone", "must be a phone number");
    } else {
      q.phone = *phone;
    }
  }
  if (auto m = get("mrn"); !m.empty()) q.mrn = m;
  if (auto s = get("status"); !s.empty()) {
    if (s == "any") {
      q.anyStatus = true;
    } else if (auto st = domain::parsePatientStatus(s)) {
      q.status = st;
    } else {
      errors.add("status", "must be active, archived, merged or any");
    }
  }
  if (args.page.includeInactive) q.anyStatus = true;
  if (!errors.empty()) return errors.toError();
  return q;
}

}  // namespace medoffice::http
