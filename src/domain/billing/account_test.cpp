// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/billing/account.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace medoffice::domain {
namespace {

Patient child(const char* given, std::int64_t id) {
  Patient p;
  p.id = PatientId(id);
  p.organizationId = OrganizationId(1);
  p.familyName = "Doe";
  p.givenName = given;
  p.birthDate = *Date::parse("2015-04-01");
  p.phone = "+12175550123";
  p.address = {"1 Main St", "", "Springfield", "IL", "62701"};
  p.guarantor.relationship = "parent";
  p.guarantor.familyName = "Doe";
  p.guarantor.givenName = "Jane";
  p.guarantor.birthDate = *Date::parse("1985-02-03");
  return p;
}

TEST(GuarantorAccount, APatientIsTheirOwnGuarantorByDefault) {
  Patient p = child("Ann", 7);
  p.guarantor = {};
  const auto a = accountFor(p);
  EXPECT_EQ(a.displayName(), "Doe, Ann");
  EXPECT_EQ(a.guarantorPatientId, PatientId(7));
  EXPECT_EQ(a.address.city, "Springfield");
}

TEST(GuarantorAccount, TwoChildrenOfOneParentShareAnAccount) {
  const auto ann = accountFor(child("Ann", 7));
  const auto bob = accountFor(child("Bob", 8));
  EXPECT_EQ(ann.displayName(), "Doe, Jane");
  EXPECT_FALSE(ann.guarantorPatientId.valid());
  // The parent's own phone and address were not recorded: the child's are used.
  EXPECT_EQ(ann.phone, "+12175550123");
  EXPECT_EQ(ann.address.line1, "1 Main St");
  EXPECT_TRUE(samePerson(ann, bob));
  auto other = child("Cy", 9);
  other.guarantor.birthDate = *Date::parse("1986-02-03");
  EXPECT_FALSE(samePerson(ann, accountFor(other)));
  EXPECT_FALSE(samePerson(ann, accountFor([] {
                            auto self = child("Jane", 10);
                            self.guarantor = {};
                            return self;
                          }())));
}

TEST(GuarantorAccount, ANameIsRequired) {
  GuarantorAccount a;
  std::vector<std::string> fields;
  for (const auto& e : validate(a)) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"family_name", "given_name"}));
}

TEST(GuarantorAccount, PhoneAndAddressAreCheckedLikeAPatients) {
  // Regression: an account once stored phone "12", state "Illinois" and postal code "abc".
  GuarantorAccount a;
  a.familyName = "Doe";
  a.givenName = "Martha";
  a.phone = "12";
  a.address = {"1 Elm St", "", "Springfield", "Illinois", "abc"};
  std::vector<std::string> fields;
  for (const auto& e : validate(a)) fields.push_back(e.field);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "phone"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "address.state"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "address.postal_code"), fields.end());
  a.phone = "+12175550100";
  a.address = {"1 Elm St", "", "Springfield", "IL", "62701"};
  EXPECT_TRUE(validate(a).empty());
}

}  // namespace
}  // namespace medoffice::domain
