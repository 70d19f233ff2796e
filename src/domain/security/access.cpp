// SPDX-License-Identifier: AGPL-3.0-or-later
// The permission matrix (the one place that says who may do what) and the account rules.
#include "domain/security/access.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "domain/common/validation.hpp"

namespace medoffice::domain {

namespace {

using enum Role;

struct Grant {
  Permission permission;
  std::initializer_list<Role> roles;
};

// THE PERMISSION MATRIX. Least privilege: admin runs the system (users, practice set-up, audit)
// but does not read patient records; clinicians read but do not edit demographics.
// A permission missing here is held by nobody.
const std::array<Grant, kPermissionCount> kMatrix{{
    {Permission::kPatientRead, {kFrontDesk, kBiller, kClinician, kManager}},
    {Permission::kPatientWrite, {kFrontDesk, kBiller, kManager}},
    {Permission::kPatientMerge, {kManager}},
    {Permission::kPracticeRead, {kFrontDesk, kBiller, kClinician, kManager, kAdmin}},
    {Permission::kPracticeAdmin, {kManager, kAdmin}},
    {Permission::kUserAdmin, {kAdmin}},
    {Permission::kAuditRead, {kManager, kAdmin}},
    {Permission::kAuditExport, {kManager, kAdmin}},
    {Permission::kBreakGlass, {kFrontDesk, kBiller, kClinician, kManager}},
    {Permission::kSelf, {kFrontDesk, kBiller, kClinician, kManager, kAdmin}},
    {Permission::kScheduleRead, {kFrontDesk, kBiller, kClinician, kManager}},
    {Permission::kScheduleWrite, {kFrontDesk, kClinician, kManager}},
    {Permission::kScheduleSetup, {kManager, kAdmin}},
    {Permission::kOverbook, {kManager}},
    {Permission::kBackdate, {kManager}},
    {Permission::kPaymentCollect, {kFrontDesk, kBiller, kManager}},
    {Permission::kBillingRead, {kFrontDesk, kBiller, kClinician, kManager}},
    {Permission::kChargeEntry, {kBiller, kClinician, kManager}},
    {Permission::kBillingPost, {kBiller, kManager}},
    {Permission::kFeeScheduleAdmin, {kBiller, kManager}},
    {Permission::kReportRead, {kBiller, kManager}},
    {Permission::kStatementRun, {kBiller, kManager}},
    {Permission::kClaimSubmit, {kBiller, kManager}},
}};

const Grant* grantFor(Permission p) {
  for (const auto& g : kMatrix) {
    if (g.permission == p) return &g;
  }
  return nullptr;
}

// Decodes one UTF-8 code point count; invalid bytes count as one each.
std::size_t codePoints(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool isDecoration(unsigned char c) {
  return c < 0x80 && !std::isalpha(c);
}

// "aaaaaaaaaaaa", "abcabcabcabc", "123456789012", "qwertyuiop..." style secrets.
bool isRepetitionOrSequence(std::string_view s) {
  if (s.empty()) return true;
  for (std::size_t period = 1; period <= s.size() / 2; ++period) {
    if (s.size() % period != 0 && period > 4) continue;
    bool repeats = true;
    for (std::size_t i = period; i < s.size() && repeats; ++i) repeats = s[i] == s[i - period];
    if (repeats) return true;
  }
  bool up = true;
  bool down = true;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const int d = static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]);
    up = up && (d == 1 || (s[i - 1] == '9' && s[i] == '0'));
    down = down && d == -1;
  }
  if (up || down) return true;
  static constexpr std::string_view kRows[] = {"1234567890",
                                               "qwertyuiop",
                                               "asdfghjkl",
                                               "zxcvbnm",
                                               "1234567890qwertyuiopasdfghjklzxcvbnm",
                                               "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
                                               "abcdefghijklmnopqrstuvwxyz"};
  std::string l = validation::asciiLower(s);
  for (auto row : kRows) {
    std::string twice = std::string(row) + std::string(row);
    if (l.size() <= twice.size() && twice.find(l) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string_view toString(Role r) {
  switch (r) {
    case kFrontDesk:
      return "front_desk";
    case kBiller:
      return "biller";
    case kClinician:
      return "clinician";
    case kManager:
      return "manager";
    case kAdmin:
      return "admin";
  }
  return "front_desk";
}

std::optional<Role> parseRole(std::string_view s) {
  for (Role r : kAllRoles) {
    if (toString(r) == s) return r;
  }
  return std::nullopt;
}

bool roleRequiresMfa(Role r) {
  return r == kAdmin || r == kManager;
}

std::string_view toString(Permission p) {
  switch (p) {
    case Permission::kPatientRead:
      return "patient.read";
    case Permission::kPatientWrite:
      return "patient.write";
    case Permission::kPatientMerge:
      return "patient.merge";
    case Permission::kPracticeRead:
      return "practice.read";
    case Permission::kPracticeAdmin:
      return "practice.admin";
    case Permission::kUserAdmin:
      return "user.admin";
    case Permission::kAuditRead:
      return "audit.read";
    case Permission::kAuditExport:
      return "audit.export";
    case Permission::kBreakGlass:
      return "break_glass";
    case Permission::kSelf:
      return "self";
    case Permission::kScheduleRead:
      return "schedule.read";
    case Permission::kScheduleWrite:
      return "schedule.write";
    case Permission::kScheduleSetup:
      return "schedule.setup";
    case Permission::kOverbook:
      return "schedule.overbook";
    case Permission::kBackdate:
      return "schedule.backdate";
    case Permission::kPaymentCollect:
      return "payment.collect";
    case Permission::kBillingRead:
      return "billing.read";
    case Permission::kChargeEntry:
      return "charge.entry";
    case Permission::kBillingPost:
      return "billing.post";
    case Permission::kFeeScheduleAdmin:
      return "fee_schedule.admin";
    case Permission::kReportRead:
      return "report.read";
    case Permission::kStatementRun:
      return "statement.run";
    case Permission::kClaimSubmit:
      return "claim.submit";
  }
  return "unknown";
}

std::optional<Permission> parsePermission(std::string_view s) {
  for (const auto& g : kMatrix) {
    if (toString(g.permission) == s) return g.permission;
  }
  return std::nullopt;
}

bool Principal::can(Permission p) const {
  if (!allows(roles, p)) return false;
  if (!scopes) return true;
  return std::find(scopes->begin(), scopes->end(), p) != scopes->end();
}

bool allows(const std::vector<Role>& roles, Permission p) {
  const Grant* g = grantFor(p);
  if (g == nullptr) return false;
  for (Role held : roles) {
    if (std::find(g->roles.begin(), g->roles.end(), held) != g->roles.end()) return true;
  }
  return false;
}

std::vector<Role> rolesWith(Permission p) {
  const Grant* g = grantFor(p);
  if (g == nullptr) return {};
  return {g->roles.begin(), g->roles.end()};
}

bool User::requiresMfa() const {
  return std::any_of(roles.begin(), roles.end(), roleRequiresMfa);
}

bool isUsername(std::string_view s) {
  if (s.size() < 3 || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

std::vector<FieldError> validate(User& u) {
  FieldErrors e;
  u.username = validation::asciiLower(u.username);
  if (u.username.empty()) {
    e.add("username", "is required");
  } else if (!isUsername(u.username)) {
    e.add("username", "must be 3-64 characters of a-z, 0-9, '.', '_' or '-'");
  }
  checkText(u.displayName, e, "display_name", true, 200);
  std::sort(u.roles.begin(), u.roles.end());
  u.roles.erase(std::unique(u.roles.begin(), u.roles.end()), u.roles.end());
  if (u.roles.empty()) e.add("roles", "needs at least one role");
  std::sort(u.locationIds.begin(), u.locationIds.end());
  u.locationIds.erase(std::unique(u.locationIds.begin(), u.locationIds.end()), u.locationIds.end());
  return e.list();
}

bool Principal::mayUseLocation(LocationId l, Instant now) const {
  if (locationIds.empty()) return true;
  if (breakGlassUntil && now < *breakGlassUntil) return true;  // flagged in every audit event
  return std::find(locationIds.begin(), locationIds.end(), l) != locationIds.end();
}

std::vector<FieldError> checkPassword(std::string_view password, std::string_view username,
                                      bool withMfa) {
  FieldErrors e;
  const std::size_t n = codePoints(password);
  const std::size_t minimum = withMfa ? 12 : 15;
  if (n < minimum) {
    e.add("password", "must have at least " + std::to_string(minimum) + " characters" +
                          (withMfa ? "" : " (12 with two-factor sign-in)"));
  } else if (n > 128) {
    e.add("password", "must have at most 128 characters");
  } else {
    std::string l = validation::asciiLower(password);
    std::size_t b = 0;
    std::size_t end = l.size();
    while (b < end && isDecoration(static_cast<unsigned char>(l[b]))) ++b;
    while (end > b && isDecoration(static_cast<unsigned char>(l[end - 1]))) --end;
    std::string core = l.substr(b, end - b);
    if (isCommonPassword(l) || (core.size() >= 3 && isCommonPassword(core))) {
      e.add("password", "is a commonly used or breached password; choose another");
    } else if (isRepetitionOrSequence(l) || (core.size() >= 3 && isRepetitionOrSequence(core))) {
      e.add("password", "is a repetition or a keyboard sequence; choose another");
    } else if (!username.empty() && l.find(validation::asciiLower(username)) != std::string::npos) {
      e.add("password", "must not contain the username");
    } else if (l.find("medoffice") != std::string::npos) {
      e.add("password", "must not contain the name of this system");
    }
  }
  return e.list();
}

}  // namespace medoffice::domain
