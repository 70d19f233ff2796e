// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/json/json_writer.hpp"

#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "codecs/json/registry_json.hpp"

namespace medoffice::codecs {
namespace {

using nlohmann::json;

TEST(JsonWriter, WritesNestedContainersWithCommas) {
  JsonWriter w;
  w.beginObject()
      .member("a", 1)
      .key("b")
      .beginArray()
      .value(true)
      .null()
      .value("x")
      .beginObject()
      .endObject()
      .beginArray()
      .endArray()
      .endArray()
      .key("c")
      .optional("")
      .key("d")
      .optional("y")
      .member("e", std::int64_t{-9223372036854775807LL - 1})
      .key("f")
      .raw(R"({"g":[1,2]})")
      .endObject();
  EXPECT_EQ(w.str(),
            R"({"a":1,"b":[true,null,"x",{},[]],"c":null,"d":"y","e":-9223372036854775808,)"
            R"("f":{"g":[1,2]}})");
}

TEST(JsonWriter, EscapesControlCharactersQuotesAndBackslashes) {
  std::string out;
  appendJsonString(out, std::string("a\"b\\c\n\r\t\b\f\x01\x1f/\x7f", 14));
  EXPECT_EQ(out, R"("a\"b\\c\n\r\t\b\f\u0001\u001f/)"
                 "\x7f\"");
  EXPECT_EQ(json::parse(out).get<std::string>(), std::string("a\"b\\c\n\r\t\b\f\x01\x1f/\x7f", 14));
}

TEST(JsonWriter, KeepsValidUtf8AndReplacesInvalidBytes) {
  std::string out;
  appendJsonString(out, "Müller 日本 😀");
  EXPECT_EQ(out, "\"Müller 日本 😀\"");

  // Lone continuation byte, truncated sequence, overlong NUL, UTF-16 surrogate, above U+10FFFF.
  for (std::string bad : {std::string("\x80"), std::string("\xE6\x97"), std::string("\xC0\x80"),
                          std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80")}) {
    out.clear();
    appendJsonString(out, "a" + bad + "b");
    auto back = json::parse(out).get<std::string>();  // always valid JSON
    EXPECT_EQ(back.front(), 'a');
    EXPECT_EQ(back.back(), 'b');
    EXPECT_NE(back.find("\xEF\xBF\xBD"), std::string::npos) << out;
  }
}

// Random byte strings: the output always parses, and valid UTF-8 input round-trips exactly.
TEST(JsonWriter, RandomStringsAlwaysProduceValidJson) {
  std::mt19937 rng(42);
  for (int n = 0; n < 5000; ++n) {
    std::string s(rng() % 24, '\0');
    for (auto& c : s) c = static_cast<char>(rng() % 256);
    std::string out;
    appendJsonString(out, s);
    json parsed;
    ASSERT_NO_THROW(parsed = json::parse(out)) << out;
    bool valid = true;
    try {
      (void)json(s).dump();
    } catch (const json::type_error&) {
      valid = false;
    }
    if (valid) {
      EXPECT_EQ(parsed.get<std::string>(), s);
    }
  }
}

TEST(JsonWriter, MemberListsExtendAnEncodedObject) {
  auto extra = JsonWriter::memberList();
  extra.member("b", 2).key("c").beginArray().value(3).endArray();
  EXPECT_EQ(extra.str(), R"("b":2,"c":[3])");
  EXPECT_EQ(withMembers(R"({"a":1})", extra.str()), R"({"a":1,"b":2,"c":[3]})");
  EXPECT_EQ(withMembers("{}", extra.str()), R"({"b":2,"c":[3]})");
  EXPECT_EQ(withMembers(R"({"a":1})", ""), R"({"a":1})");
}

}  // namespace
}  // namespace medoffice::codecs
