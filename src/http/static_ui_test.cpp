// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/static_ui.hpp"

#include <gtest/gtest.h>

#include <regex>

namespace medoffice::http {
namespace {

Request get(std::string path, std::map<std::string, std::string, std::less<>> headers = {}) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.headers = std::move(headers);
  return r;
}

std::string headerOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

TEST(StaticUi, TheBuildEmbedsTheApp) {
  EXPECT_GE(uiFileCount(), 3u) << "index.html, a script and a stylesheet at least";
  auto index = serveUi(get("/"));
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->contentType, "text/html; charset=utf-8");
  EXPECT_EQ(headerOf(*index, "Cache-Control"), "no-cache");
  EXPECT_NE(index->body.find("<div id=\"app\">"), std::string::npos);
  // No inline script: every <script> has a src (the CSP forbids inline code).
  std::regex inlineScript("<script(?![^>]*\\bsrc=)[^>]*>");
  EXPECT_FALSE(std::regex_search(index->body, inlineScript));
}

TEST(StaticUi, AppRoutesAnswerTheIndexAndFilesThemselves) {
  auto index = serveUi(get("/"));
  ASSERT_TRUE(index);
  for (const char* path : {"/calendar", "/patients/12", "/admin/users", "/index.html"}) {
    auto r = serveUi(get(path));
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->body, index->body) << path;
  }
  std::smatch m;
  ASSERT_TRUE(std::regex_search(index->body, m, std::regex("src=\"(/assets/[^\"]+\\.js)\"")));
  auto js = serveUi(get(m[1].str()));
  ASSERT_TRUE(js);
  EXPECT_EQ(js->contentType, "text/javascript; charset=utf-8");
  EXPECT_EQ(headerOf(*js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_TRUE(headerOf(*js, "Content-Encoding").empty());
  auto gz = serveUi(get(m[1].str(), {{"accept-encoding", "gzip, deflate, br"}}));
  ASSERT_TRUE(gz);
  EXPECT_EQ(headerOf(*gz, "Content-Encoding"), "gzip");
  EXPECT_LT(gz->body.size(), js->body.size());
  EXPECT_EQ(static_cast<unsigned char>(gz->body[0]), 0x1f);
  auto refused = serveUi(get(m[1].str(), {{"accept-encoding", "gzip;q=0"}}));
  ASSERT_TRUE(refused);
  EXPECT_TRUE(headerOf(*refused, "Content-Encoding").empty());
  auto again = serveUi(get(m[1].str(), {{"if-none-match", headerOf(*js, "ETag")}}));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
}

TEST(StaticUi, UnknownFilesAndApiPathsAreNotTheApp) {
  EXPECT_FALSE(serveUi(get("/assets/missing.js")));
  EXPECT_FALSE(serveUi(get("/favicon.ico")));
  EXPECT_FALSE(serveUi(get("/api/v1/nothing")));
  EXPECT_FALSE(serveUi(get("/fhir/R4/Patient")));
}

}  // namespace
}  // namespace medoffice::http
