// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/common/validation.hpp"

#include <gtest/gtest.h>

namespace medoffice::domain::validation {

TEST(Npi, AcceptsCmsExampleAndRejectsWrongCheckDigit) {
  EXPECT_TRUE(isValidNpi("1234567893"));  // the example in the CMS NPI check-digit paper
  EXPECT_FALSE(isValidNpi("1234567890"));
  EXPECT_FALSE(isValidNpi("123456789"));
  EXPECT_FALSE(isValidNpi("12345678931"));
  EXPECT_FALSE(isValidNpi("123456789X"));
  EXPECT_FALSE(isValidNpi("3234567893"));  // NPIs start with 1 or 2
  EXPECT_EQ(npiCheckDigit("123456789"), '3');
}

TEST(Npi, EveryBaseHasExactlyOneValidCheckDigit) {
  for (const char* base : {"124567890", "199999999", "200000000", "123456790"}) {
    int valid = 0;
    for (char d = '0'; d <= '9'; ++d) valid += isValidNpi(std::string(base) + d) ? 1 : 0;
    EXPECT_EQ(valid, 1) << base;
  }
}

TEST(Tin, NormalisesEinAndSsnForms) {
  EXPECT_EQ(normalizeTin("12-3456789"), "123456789");
  EXPECT_EQ(normalizeTin("123-45-6789"), "123456789");
  EXPECT_EQ(normalizeTin("123456789"), "123456789");
  EXPECT_FALSE(normalizeTin("12345678"));
  EXPECT_FALSE(normalizeTin("000000000"));
  EXPECT_FALSE(normalizeTin("12-345678a"));
}

TEST(Address, StatesAndZips) {
  EXPECT_TRUE(isUsStateCode("IL"));
  EXPECT_TRUE(isUsStateCode("PR"));
  EXPECT_FALSE(isUsStateCode("il"));
  EXPECT_FALSE(isUsStateCode("XX"));
  EXPECT_EQ(normalizeZip("62701"), "62701");
  EXPECT_EQ(normalizeZip("627011234"), "62701-1234");
  EXPECT_EQ(normalizeZip("62701-1234"), "62701-1234");
  EXPECT_FALSE(normalizeZip("6270"));
  EXPECT_FALSE(normalizeZip("62701-123"));
  EXPECT_FALSE(normalizeZip("6270a"));
}

TEST(Phone, E164WithNanpRules) {
  EXPECT_TRUE(isE164("+12175550123"));
  EXPECT_TRUE(isE164("+442071838750"));
  EXPECT_FALSE(isE164("2175550123"));
  EXPECT_FALSE(isE164("+1217555012"));   // 9 national digits
  EXPECT_FALSE(isE164("+10175550123"));  // area code starts with 0
  EXPECT_FALSE(isE164("+12171550123"));  // exchange starts with 1
  EXPECT_FALSE(isE164("+0123"));
  EXPECT_FALSE(isE164("+1217555012a"));
  EXPECT_FALSE(isE164("+1234567890123456"));
}

TEST(Email, PragmaticSyntax) {
  EXPECT_TRUE(isEmail("jane.doe@example.org"));
  EXPECT_TRUE(isEmail("j+tag@sub.example.co"));
  EXPECT_FALSE(isEmail("jane"));
  EXPECT_FALSE(isEmail("@example.org"));
  EXPECT_FALSE(isEmail("jane@"));
  EXPECT_FALSE(isEmail("jane@example"));
  EXPECT_FALSE(isEmail("ja ne@example.org"));
  EXPECT_FALSE(isEmail("a@b@example.org"));
  EXPECT_FALSE(isEmail("jane@exa..mple.org"));
  EXPECT_FALSE(isEmail("jane@example.org'; DROP TABLE patients;--"));
}

TEST(Codes, TaxonomyPosFilingRelationship) {
  EXPECT_TRUE(isTaxonomyCode("207Q00000X"));
  EXPECT_TRUE(isTaxonomyCode("261QM1300X"));
  EXPECT_FALSE(isTaxonomyCode("207Q00000"));
  EXPECT_FALSE(isTaxonomyCode("207q00000X"));
  EXPECT_TRUE(isPlaceOfServiceCode("11"));
  EXPECT_TRUE(isPlaceOfServiceCode("02"));
  EXPECT_FALSE(isPlaceOfServiceCode("00"));
  EXPECT_FALSE(isPlaceOfServiceCode("11 "));
  EXPECT_TRUE(isClaimFilingIndicator("MB"));
  EXPECT_TRUE(isClaimFilingIndicator("CI"));
  EXPECT_FALSE(isClaimFilingIndicator("XX"));
  EXPECT_TRUE(isIndividualRelationshipCode("18"));
  EXPECT_FALSE(isIndividualRelationshipCode("02"));
  EXPECT_TRUE(isPayerIdentifier("60054"));
  EXPECT_FALSE(isPayerIdentifier("6"));
  EXPECT_FALSE(isPayerIdentifier("600-54"));
}

TEST(Text, LanguageZoneAndCleanText) {
  EXPECT_TRUE(isLanguageTag("en"));
  EXPECT_TRUE(isLanguageTag("pt-BR"));
  EXPECT_TRUE(isLanguageTag("zh-Hant-TW"));
  EXPECT_FALSE(isLanguageTag("english"));
  EXPECT_FALSE(isLanguageTag("e"));
  EXPECT_TRUE(isZoneNameSyntax("America/Chicago"));
  EXPECT_TRUE(isZoneNameSyntax("Etc/GMT+5"));
  EXPECT_FALSE(isZoneNameSyntax("../../etc/passwd"));
  EXPECT_FALSE(isZoneNameSyntax("/etc/passwd"));
  EXPECT_TRUE(isCleanText("José Müller-O'Brien"));
  EXPECT_FALSE(isCleanText("bad\xff"));
  EXPECT_FALSE(isCleanText("over\xc0\xaflong"));
  EXPECT_FALSE(isCleanText("\xed\xa0\x80"));  // UTF-16 surrogate
  EXPECT_FALSE(isCleanText(std::string("nul\0byte", 8)));
  EXPECT_FALSE(isCleanText("line\nbreak"));
}

}  // namespace medoffice::domain::validation

namespace medoffice::domain::validation {

TEST(Names, PersonNamesRefuseSqlPunctuation) {
  EXPECT_TRUE(isPersonName("O'Brien-Smith"));
  EXPECT_TRUE(isPersonName("St. John"));
  EXPECT_TRUE(isPersonName("Nguyễn"));
  EXPECT_TRUE(isPersonName("张伟"));
  EXPECT_FALSE(isPersonName("' OR '1'='1"));
  EXPECT_FALSE(isPersonName("Robert'); DROP TABLE patients;--"));
  EXPECT_FALSE(isPersonName("Doe, Jane"));
  EXPECT_FALSE(isPersonName("R2D2"));
  EXPECT_FALSE(isPersonName("'-."));
  EXPECT_TRUE(isCardIdentifier("W123-456", false));
  EXPECT_FALSE(isCardIdentifier("W123 456", false));
  EXPECT_TRUE(isCardIdentifier("GRP 12", true));
  EXPECT_FALSE(isCardIdentifier("1;DROP", true));
}

}  // namespace medoffice::domain::validation
