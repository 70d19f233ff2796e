// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/crypto/sodium_security.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace medoffice::integrations {
namespace {

TEST(Totp, MatchesRfc6238Vectors) {
  // RFC 6238 appendix B, SHA-1 secret "12345678901234567890", truncated to 6 digits.
  const std::string secret =
      base32Encode(reinterpret_cast<const unsigned char*>("12345678901234567890"), 20);
  OpenSslTotp totp;
  EXPECT_EQ(totp.code(secret, 59), "287082");
  EXPECT_EQ(totp.code(secret, 1111111109), "081804");
  EXPECT_EQ(totp.code(secret, 1234567890), "005924");
  EXPECT_EQ(totp.code(secret, 20000000000), "353130");
  EXPECT_EQ(totp.newSecret().size(), 32u);
}

TEST(Base32, RoundTrips) {
  EXPECT_EQ(base32Encode(reinterpret_cast<const unsigned char*>("foobar"), 6), "MZXW6YTBOI");
  EXPECT_EQ(base32Decode("MZXW6YTBOI").value(), "foobar");
  EXPECT_FALSE(base32Decode("MZ!W").has_value());
}

TEST(Secrets, HashSealAndCompare) {
  MasterKey k;
  k.bytes.fill(7);
  SodiumSecrets s(k);
  EXPECT_EQ(s.sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(s.auditMac("x").size(), 64u);
  EXPECT_EQ(s.auditMac("x"), s.auditMac("x"));
  MasterKey k2;
  k2.bytes.fill(8);
  SodiumSecrets s2(k2);
  EXPECT_NE(s.auditMac("x"), s2.auditMac("x"));
  auto sealed = s.seal("JBSWY3DPEHPK3PXP");
  EXPECT_EQ(s.open(sealed).value(), "JBSWY3DPEHPK3PXP");
  EXPECT_FALSE(s2.open(sealed).has_value());  // another key
  std::string tampered = sealed;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(s.open(tampered).has_value());
  EXPECT_NE(s.randomToken(32), s.randomToken(32));
  EXPECT_EQ(s.randomToken(32).size(), 43u);
  EXPECT_TRUE(s.equal("abc", "abc"));
  EXPECT_FALSE(s.equal("abc", "abd"));
  EXPECT_FALSE(s.equal("abc", "abcd"));
}

TEST(PasswordHasher, Argon2idVerifiesOnlyTheRightPassword) {
  SodiumPasswordHasher h(1, 8u << 20);
  auto hash = h.hash("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(h.verify(hash, "correct horse battery staple"));
  EXPECT_FALSE(h.verify(hash, "correct horse battery stapl"));
  EXPECT_FALSE(h.verify("", "x"));
  // No truncation: passwords differing only after 72 bytes are different.
  std::string longA(100, 'a');
  std::string longB = longA;
  longB.back() = 'b';
  EXPECT_FALSE(h.verify(h.hash(longA), longB));
  EXPECT_FALSE(h.needsRehash(hash));
  SodiumPasswordHasher stronger(2, 8u << 20);
  EXPECT_TRUE(stronger.needsRehash(hash));
  EXPECT_TRUE(stronger.verify(hash, "correct horse battery staple"));  // old hashes still work
}

TEST(KeyFile, IsCreatedPrivateAndReadBack) {
  auto path = std::filesystem::temp_directory_path() / "medoffice-key-test.key";
  std::filesystem::remove(path);
  std::string error;
  ASSERT_TRUE(createKeyFile(path, error)) << error;
  EXPECT_FALSE(createKeyFile(path, error));  // never overwritten
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  EXPECT_TRUE(readKeyFile(path, error).has_value()) << error;
  std::filesystem::permissions(path, std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  EXPECT_FALSE(readKeyFile(path, error).has_value());
  EXPECT_NE(error.find("chmod 600"), std::string::npos);
  std::filesystem::remove(path);
  EXPECT_FALSE(parseKeyHex("abc").has_value());
}

}  // namespace
}  // namespace medoffice::integrations
