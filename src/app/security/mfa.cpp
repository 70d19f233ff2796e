// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/security/internal.hpp"

namespace medoffice::app {

bool Security::totpMatches(UserId user, const std::string& secret, const std::string& code) {
  const std::int64_t t = clock_.now().micros() / 1000000;
  const std::int64_t step = t / 30;
  for (std::int64_t d : {0, -1, 1}) {
    const std::int64_t s = step + d;
    if (!secrets_.equal(totp_.code(secret, s * 30), code)) continue;
    // A code is good once (RFC 6238 section 5.2), whichever process checks it: the step is
    // spent in the database.
    auto fresh = writeValue<bool>(
        uow_, [&](Repositories& r) -> Result<bool> { return r.users().useTotpStep(user, s); });
    return fresh && *fresh;
  }
  return false;
}

Result<std::string> Security::enrolMfa(const Principal& who, const Origin& from) {
  if (who.sessionId == 0)
    return Error::forbidden("Two-factor enrolment needs a signed-in session.");
  std::string secret = totp_.newSecret();
  const std::string sealed = secrets_.seal(secret);
  const Instant now = clock_.now();
  Status s = uow_.write([&](Repositories& r) -> Status {
    // The current secret (if any) stays in force until the new one is confirmed.
    r.users().setPendingMfa(who.userId, sealed);
    auto e = audit::event(&who, from, now, AuditAction::kPermissionChange, "user",
                          std::to_string(who.userId.value));
    e.reason = "two-factor enrolment started";
    audit::record(r, secrets_, std::move(e));
    return {};
  });
  if (!s.ok()) return s.error();
  return "otpauth://totp/MedOffice:" + who.username + "?secret=" + secret +
         "&issuer=MedOffice&algorithm=SHA1&digits=6&period=30";
}

Result<std::vector<std::string>> Security::confirmMfa(const Principal& who, const Origin& from,
                                                      const std::string& code) {
  auto pending = readValue<std::string>(uow_, [&](Repositories& r) -> Result<std::string> {
    return r.users().pendingMfa(who.userId);
  });
  if (!pending) return pending.error();
  if (pending->empty()) return Error::conflict("Start enrolment first (POST /api/v1/session/mfa).");
  auto secret = secrets_.open(*pending);
  if (!secret) return Error::conflict("The pending two-factor secret is unreadable; start again.");
  if (!totpMatches(who.userId, *secret, code)) {
    return Error::invalidField("totp", "does not match the code your app shows now");
  }
  std::vector<std::string> codes;
  std::vector<std::string> hashes;
  for (int i = 0; i < 10; ++i) {
    codes.push_back(secrets_.randomToken(10));
    hashes.push_back(secrets_.sha256(codes.back()));
  }
  const Instant now = clock_.now();
  Status s = uow_.write([&](Repositories& r) -> Status {
    r.users().setMfa(who.userId, *pending, true, hashes, now);
    r.users().setPendingMfa(who.userId, "");
    auto e = audit::event(&who, from, now, AuditAction::kPermissionChange, "user",
                          std::to_string(who.userId.value));
    e.reason = "two-factor sign-in enabled";
    audit::record(r, secrets_, std::move(e));
    return {};
  });
  if (!s.ok()) return s.error();
  return codes;
}

}  // namespace medoffice::app
