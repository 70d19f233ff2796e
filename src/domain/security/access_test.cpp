// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/security/access.hpp"

#include <gtest/gtest.h>

#include "domain/security/audit.hpp"

namespace medoffice::domain {
namespace {

bool hasPasswordError(std::string_view pw, std::string_view user = "dana", bool mfa = false) {
  return !checkPassword(pw, user, mfa).empty();
}

TEST(PasswordPolicy, FollowsNist80063b) {
  EXPECT_TRUE(hasPasswordError("short-pass-1", "dana", false));    // 12 < 15 without MFA
  EXPECT_FALSE(hasPasswordError("short-pass-1", "dana", true));    // 12 is enough with MFA
  EXPECT_FALSE(hasPasswordError("correct horse battery staple"));  // no composition rules
  EXPECT_FALSE(hasPasswordError(std::string(128, 'x').replace(0, 5, "Zebra")));
  EXPECT_TRUE(hasPasswordError(std::string(129, 'q')));  // at most 128
  // Unicode counts code points, not bytes: 15 characters of 2 bytes each pass.
  EXPECT_FALSE(
      hasPasswordError("ñandú-río-océa"
                       "n"));
  EXPECT_TRUE(hasPasswordError("ñandú-río"));
}

TEST(PasswordPolicy, RefusesCommonRepeatedSequentialAndPersonalPasswords) {
  EXPECT_TRUE(isCommonPassword("password"));
  EXPECT_TRUE(isCommonPassword("PASSWORD"));
  EXPECT_FALSE(isCommonPassword("correct horse battery staple"));
  EXPECT_TRUE(hasPasswordError("qazwsxedcrfvtgb"));    // on the list as is
  EXPECT_TRUE(hasPasswordError("Password12345678!"));  // a listed word, decorated
  EXPECT_TRUE(hasPasswordError("aaaaaaaaaaaaaaaa"));   // repetition
  EXPECT_TRUE(hasPasswordError("abcabcabcabcabcabc"));
  EXPECT_TRUE(hasPasswordError("1234567890123456"));            // sequence
  EXPECT_TRUE(hasPasswordError("qwertyuiopasdfgh"));            // keyboard row
  EXPECT_TRUE(hasPasswordError("my-name-is-dana-ok", "dana"));  // contains the username
  EXPECT_TRUE(hasPasswordError("medoffice-is-my-password"));    // the system's name
  auto e = checkPassword("x", "dana", false);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].field, "password");
}

TEST(PermissionMatrix, DeniesByDefaultAndFollowsLeastPrivilege) {
  EXPECT_TRUE(allows({Role::kFrontDesk}, Permission::kPatientWrite));
  EXPECT_FALSE(allows({Role::kClinician}, Permission::kPatientWrite));
  EXPECT_TRUE(allows({Role::kClinician}, Permission::kPatientRead));
  EXPECT_FALSE(allows({Role::kAdmin}, Permission::kPatientRead));
  EXPECT_TRUE(allows({Role::kAdmin}, Permission::kUserAdmin));
  EXPECT_FALSE(allows({Role::kManager}, Permission::kUserAdmin));
  EXPECT_TRUE(allows({Role::kManager}, Permission::kPatientMerge));
  EXPECT_FALSE(allows({}, Permission::kSelf));
  EXPECT_TRUE(allows({Role::kClinician, Role::kAdmin}, Permission::kPatientRead));
  for (Role r : kAllRoles) EXPECT_TRUE(allows({r}, Permission::kSelf));
  EXPECT_TRUE(roleRequiresMfa(Role::kAdmin));
  EXPECT_TRUE(roleRequiresMfa(Role::kManager));
  EXPECT_FALSE(roleRequiresMfa(Role::kFrontDesk));
}

TEST(Users, AreNormalisedAndValidated) {
  User u;
  u.username = "Dana.Smith";
  u.displayName = "Dana Smith";
  u.roles = {Role::kBiller, Role::kFrontDesk, Role::kBiller};
  EXPECT_TRUE(validate(u).empty());
  EXPECT_EQ(u.username, "dana.smith");
  EXPECT_EQ(u.roles, (std::vector<Role>{Role::kFrontDesk, Role::kBiller}));
  User bad;
  bad.username = "a b";
  auto e = validate(bad);
  EXPECT_EQ(e.size(), 3u);  // username, display_name, roles
}

TEST(AuditEvents, CanonicalTextCoversEveryFieldUnambiguously) {
  AuditEvent a;
  a.seq = 7;
  a.username = "ab";
  a.ip = "c";
  AuditEvent b = a;
  b.username = "a";
  b.ip = "bc";  // same concatenation, different fields
  EXPECT_NE(canonicalAuditText(a), canonicalAuditText(b));
  AuditEvent c = a;
  c.seq = 8;
  EXPECT_NE(canonicalAuditText(a), canonicalAuditText(c));
  for (auto action : {AuditAction::kRead, AuditAction::kAccessDenied, AuditAction::kLoginFailed}) {
    EXPECT_EQ(parseAuditAction(toString(action)), action);
  }
}

}  // namespace
}  // namespace medoffice::domain
