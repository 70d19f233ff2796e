// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/forwarded.hpp"

#include <gtest/gtest.h>

namespace medoffice::http {
namespace {

TEST(TrustedProxies, NoneMeansThePeerWhateverTheHeaderSays) {
  TrustedProxies none;
  EXPECT_EQ(none.clientAddress("203.0.113.7", "198.51.100.1"), "203.0.113.7");
}

TEST(TrustedProxies, ParsesAddressesAndNetworksAndNamesABadOne) {
  std::string bad;
  auto p = TrustedProxies::parse({"10.0.0.0/8", "192.168.1.10", "fd00::/8", "::1"}, &bad);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->contains("10.200.3.4"));
  EXPECT_TRUE(p->contains("::ffff:10.1.1.1"));  // an IPv4 peer on an IPv6 socket
  EXPECT_TRUE(p->contains("192.168.1.10"));
  EXPECT_FALSE(p->contains("192.168.1.11"));
  EXPECT_TRUE(p->contains("fd12:3456::1"));
  EXPECT_TRUE(p->contains("::1"));
  EXPECT_FALSE(p->contains("2001:db8::1"));
  EXPECT_FALSE(p->contains("not an address"));
  for (const char* wrong : {"10.0.0.0/33", "10.0.0.0/", "fd00::/129", "example.com", "10.0.0"}) {
    EXPECT_FALSE(TrustedProxies::parse({"127.0.0.1", wrong}, &bad)) << wrong;
    EXPECT_EQ(bad, wrong);
  }
}

TEST(TrustedProxies, TheClientIsTheNearestUntrustedHop) {
  auto p = TrustedProxies::parse({"10.0.0.0/8"});
  ASSERT_TRUE(p);
  // Through our balancer: the address it saw.
  EXPECT_EQ(p->clientAddress("10.0.0.2", "198.51.100.1"), "198.51.100.1");
  // The client wrote its own X-Forwarded-For: only what our proxies appended counts.
  EXPECT_EQ(p->clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.1"), "198.51.100.1");
  // Two of our proxies in a row.
  EXPECT_EQ(p->clientAddress("10.0.0.2", "198.51.100.1, 10.0.0.3"), "198.51.100.1");
  // Not from a trusted proxy: the header is ignored.
  EXPECT_EQ(p->clientAddress("203.0.113.7", "198.51.100.1"), "203.0.113.7");
  // No header, or garbage in it: the proxy itself (the last hop we can vouch for).
  EXPECT_EQ(p->clientAddress("10.0.0.2", ""), "10.0.0.2");
  EXPECT_EQ(p->clientAddress("10.0.0.2", "<script>"), "10.0.0.2");
  EXPECT_EQ(p->clientAddress("10.0.0.2", "198.51.100.1, junk"), "10.0.0.2");
}

}  // namespace
}  // namespace medoffice::http
