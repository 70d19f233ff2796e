// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/security/audit.hpp"

#include <array>

namespace medoffice::domain {

namespace {

constexpr std::array<std::string_view, 16> kActions = {"read",
                                                       "search",
                                                       "create",
                                                       "update",
                                                       "merge",
                                                       "archive",
                                                       "restore",
                                                       "export",
                                                       "print",
                                                       "login",
                                                       "login_failed",
                                                       "logout",
                                                       "permission_change",
                                                       "config_change",
                                                       "break_glass",
                                                       "access_denied"};
constexpr std::array<std::string_view, 3> kOutcomes = {"success", "denied", "failed"};

void field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
  out += ';';
}

}  // namespace

std::string_view toString(AuditAction a) {
  return kActions.at(static_cast<std::size_t>(a));
}

std::optional<AuditAction> parseAuditAction(std::string_view s) {
  for (std::size_t i = 0; i < kActions.size(); ++i) {
    if (kActions[i] == s) return static_cast<AuditAction>(i);
  }
  return std::nullopt;
}

std::string_view toString(AuditOutcome o) {
  return kOutcomes.at(static_cast<std::size_t>(o));
}

std::optional<AuditOutcome> parseAuditOutcome(std::string_view s) {
  for (std::size_t i = 0; i < kOutcomes.size(); ++i) {
    if (kOutcomes[i] == s) return static_cast<AuditOutcome>(i);
  }
  return std::nullopt;
}

std::string canonicalAuditText(const AuditEvent& e) {
  std::string out = "medoffice-audit-v1;";
  field(out, std::to_string(e.seq));
  field(out, e.prevMac);
  field(out, std::to_string(e.at.micros()));
  field(out, std::to_string(e.organizationId.value));
  field(out, std::to_string(e.userId.value));
  field(out, e.username);
  field(out, e.ip);
  field(out, e.userAgent);
  field(out, toString(e.action));
  field(out, e.resourceType);
  field(out, e.resourceId);
  field(out, std::to_string(e.patientId.value));
  field(out, toString(e.outcome));
  field(out, e.reason);
  field(out, e.breakGlass ? "1" : "0");
  return out;
}

}  // namespace medoffice::domain
