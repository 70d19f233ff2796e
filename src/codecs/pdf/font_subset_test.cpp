// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/font_subset.hpp"

#include <gtest/gtest.h>
#include <hpdf.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "codecs/pdf/utf8_text.hpp"

namespace medoffice::codecs::pdf {
namespace {

const std::string kDejaVu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A minimal reader of the result, independent of the subsetter's own.
struct Font {
  std::string d;
  std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> tables;  // offset, length
  [[nodiscard]] std::uint32_t u16(std::size_t o) const {
    return (static_cast<std::uint8_t>(d.at(o)) << 8) | static_cast<std::uint8_t>(d.at(o + 1));
  }
  [[nodiscard]] std::uint32_t u32(std::size_t o) const { return (u16(o) << 16) | u16(o + 2); }
  explicit Font(std::string bytes) : d(std::move(bytes)) {
    for (std::uint32_t i = 0; i < u16(4); ++i) {
      const std::size_t r = 12 + 16 * i;
      tables[d.substr(r, 4)] = {u32(r + 8), u32(r + 12)};
    }
  }
  [[nodiscard]] std::uint32_t numGlyphs() const { return u16(tables.at("maxp").first + 4); }
  [[nodiscard]] std::string glyph(std::uint32_t g) const {
    const bool longLoca = u16(tables.at("head").first + 50) != 0;
    const std::size_t loca = tables.at("loca").first;
    const std::uint32_t a = longLoca ? u32(loca + 4 * g) : 2 * u16(loca + 2 * g);
    const std::uint32_t b = longLoca ? u32(loca + 4 * g + 4) : 2 * u16(loca + 2 * g + 2);
    return d.substr(tables.at("glyf").first + a, b - a);
  }
};

bool isComposite(const std::string& g) {
  return g.size() >= 10 && (static_cast<std::uint8_t>(g[0]) & 0x80) != 0;
}

std::vector<std::uint32_t> componentsOf(const std::string& g) {
  std::vector<std::uint32_t> out;
  std::size_t pos = 10;
  for (;;) {
    const auto u16 = [&g](std::size_t o) {
      return (static_cast<std::uint8_t>(g.at(o)) << 8) | static_cast<std::uint8_t>(g.at(o + 1));
    };
    const std::uint32_t flags = u16(pos);
    out.push_back(u16(pos + 2));
    pos += 4 + ((flags & 1) != 0 ? 4 : 2) +
           ((flags & 8) != 0      ? 2
            : (flags & 0x40) != 0 ? 4
            : (flags & 0x80) != 0 ? 8
                                  : 0);
    if ((flags & 0x20) == 0) break;
  }
  return out;
}

TEST(FontSubset, DejaVuBecomesSmallWithNoNestedCompositesAndAValidChecksum) {
  if (!std::filesystem::exists(kDejaVu)) GTEST_SKIP() << kDejaVu << " is not installed";
  const std::string original = readFile(kDejaVu);
  const auto subset = subsetTrueType(original, subsetRepertoire(), "-Latin");
  ASSERT_TRUE(subset.ok()) << subset.error().message;
  EXPECT_LT(subset->size(), original.size() / 3);
  const Font f(*subset);
  for (const char* tag :
       {"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}) {
    EXPECT_TRUE(f.tables.count(tag)) << tag;
  }
  EXPECT_FALSE(f.tables.count("GSUB"));
  EXPECT_GT(f.numGlyphs(), 1000u);
  EXPECT_LT(f.numGlyphs(), 2000u);
  for (std::uint32_t g = 0; g < f.numGlyphs(); ++g) {
    const std::string outline = f.glyph(g);
    if (!isComposite(outline)) continue;
    for (const std::uint32_t c : componentsOf(outline)) {
      ASSERT_LT(c, f.numGlyphs());
      EXPECT_FALSE(isComposite(f.glyph(c))) << "glyph " << g << " nests composite " << c;
    }
  }
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 4 <= subset->size(); i += 4) sum += f.u32(i);
  EXPECT_EQ(sum, 0xB1B0AFBAu) << "the whole-font checksum";
  const auto [nameAt, nameLength] = f.tables.at("name");
  EXPECT_NE(f.d.substr(nameAt, nameLength).find("DejaVuSans-Latin"), std::string::npos);
  EXPECT_EQ(f.u32(f.tables.at("post").first), 0x00030000u);
}

// libharu is the reader that matters: it must load the subset and find, for every code point of
// the repertoire, a glyph as wide as the full font's.
TEST(FontSubset, LibharuReadsTheSameWidthsFromTheSubset) {
  if (!std::filesystem::exists(kDejaVu)) GTEST_SKIP() << kDejaVu << " is not installed";
  const auto subset = subsetTrueType(readFile(kDejaVu), subsetRepertoire(), "-Latin");
  ASSERT_TRUE(subset.ok());
  const auto path =
      std::filesystem::temp_directory_path() / ("medoffice-subset-" + std::to_string(::getpid()));
  std::ofstream(path, std::ios::binary) << *subset;
  HPDF_Doc doc = HPDF_New(nullptr, nullptr);
  HPDF_UseUTFEncodings(doc);
  const char* subsetName = HPDF_LoadTTFontFromFile(doc, path.c_str(), HPDF_TRUE);
  const char* fullName = HPDF_LoadTTFontFromFile(doc, kDejaVu.c_str(), HPDF_TRUE);
  std::filesystem::remove(path);
  ASSERT_NE(subsetName, nullptr);
  ASSERT_NE(fullName, nullptr);
  EXPECT_STREQ(subsetName, "DejaVuSans-Latin,Book");
  HPDF_Font small = HPDF_GetFont(doc, subsetName, "UTF-8");
  HPDF_Font full = HPDF_GetFont(doc, fullName, "UTF-8");
  ASSERT_NE(small, nullptr);
  ASSERT_NE(full, nullptr);
  std::size_t compared = 0;
  for (const auto& r : subsetRepertoire()) {
    for (char32_t cp = r.first; cp <= r.last; ++cp) {
      std::string s;
      appendUtf8(s, cp);
      const auto* bytes = reinterpret_cast<const HPDF_BYTE*>(s.data());
      const auto len = static_cast<HPDF_UINT>(s.size());
      EXPECT_EQ(HPDF_Font_TextWidth(small, bytes, len).width,
                HPDF_Font_TextWidth(full, bytes, len).width)
          << "U+" << std::hex << static_cast<std::uint32_t>(cp);
      ++compared;
    }
  }
  EXPECT_GT(compared, 1500u);
  EXPECT_EQ(HPDF_GetError(doc), static_cast<HPDF_STATUS>(HPDF_OK));
  HPDF_Free(doc);
}

TEST(FontSubset, RefusesWhatIsNotATrueTypeFontAndNeverReadsPastTheEnd) {
  for (const std::string& bad :
       {std::string(), std::string("OTTO") + std::string(100, '\0'), std::string(12, '\0'),
        std::string("\x00\x01\x00\x00\x00\x09", 6)}) {
    const auto r = subsetTrueType(bad, subsetRepertoire(), "-x");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, domain::ErrorCode::kUnsupported);
  }
  if (!std::filesystem::exists(kDejaVu)) GTEST_SKIP() << kDejaVu << " is not installed";
  const std::string original = readFile(kDejaVu);
  EXPECT_FALSE(subsetTrueType(original, {{0x100, 0x200}, {0x150, 0x160}}, "-x").ok());
  EXPECT_FALSE(subsetTrueType(original, {{0x20, 0xFFFF}}, "-x").ok());
  for (const std::size_t cut : {std::size_t{100}, std::size_t{5000}, original.size() / 2}) {
    EXPECT_FALSE(subsetTrueType(original.substr(0, cut), subsetRepertoire(), "-x").ok()) << cut;
  }
  // Damaged fonts: bytes changed in the table directory and in the tables the subset reads.
  std::mt19937 random(15);
  const Font f(original);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> regions{{0, 12 + 16 * f.u16(4)}};
  for (const char* tag : {"head", "hhea", "maxp", "cmap", "loca", "hmtx", "name"}) {
    regions.push_back(f.tables.at(tag));
  }
  int made = 0;
  for (int i = 0; i < 300; ++i) {
    std::string damaged = original;
    const auto [at, length] = regions[static_cast<std::size_t>(i) % regions.size()];
    for (int k = 0; k < 4; ++k) {
      damaged[at + random() % length] = static_cast<char>(random());
    }
    const auto r = subsetTrueType(damaged, subsetRepertoire(), "-x");
    if (r.ok()) ++made;
  }
  EXPECT_GT(made, 0);  // most damage is harmless to a subset; the point is that none crashes
}

TEST(FontSubset, TheRepertoiresAreAscendingAndWindows1252IsInsideTheWiderOne) {
  for (const auto* ranges : {&subsetRepertoire(), &windows1252Repertoire()}) {
    for (std::size_t i = 0; i < ranges->size(); ++i) {
      EXPECT_LE((*ranges)[i].first, (*ranges)[i].last);
      if (i > 0) {
        EXPECT_GT((*ranges)[i].first, (*ranges)[i - 1].last);
      }
    }
  }
  for (const auto& r : windows1252Repertoire()) {
    for (char32_t cp = r.first; cp <= r.last; ++cp) {
      std::string s;
      appendUtf8(s, cp);
      EXPECT_TRUE(inSubsetRepertoire(s)) << static_cast<std::uint32_t>(cp);
      EXPECT_TRUE(toCp1252(s)) << static_cast<std::uint32_t>(cp);  // drawable in one byte
    }
  }
  EXPECT_TRUE(inSubsetRepertoire("Zoë Łukasz Ольга Σοφία Nguyễn €5 …"));
  EXPECT_FALSE(inSubsetRepertoire("田中"));
  EXPECT_FALSE(inSubsetRepertoire("∑"));
}

}  // namespace
}  // namespace medoffice::codecs::pdf
