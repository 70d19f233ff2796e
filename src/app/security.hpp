// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Accounts, sign-in, sessions, MFA and tokens (security/security.hpp: the Security service, its
// member functions in accounts.cpp, sign_in.cpp, mfa.cpp and tokens.cpp) and the HMAC-chained
// audit trail (security/audit_trail.hpp).
#include "app/security/audit_trail.hpp"
#include "app/security/security.hpp"
