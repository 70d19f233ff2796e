// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/security/internal.hpp"

namespace medoffice::app::security_detail {

using domain::Principal;
using domain::User;

Principal principalOf(const User& u) {
  Principal p;
  p.userId = u.id;
  p.organizationId = u.organizationId;
  p.username = u.username;
  p.roles = u.roles;
  p.locationIds = u.locationIds;
  return p;
}

Principal principalOf(const User& u, const SessionRecord& s) {
  Principal p = principalOf(u);
  p.sessionId = s.id;
  p.breakGlassUntil = s.breakGlassUntil;
  return p;
}

}  // namespace medoffice::app::security_detail
