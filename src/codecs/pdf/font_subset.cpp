// SPDX-License-Identifier: AGPL-3.0-or-later
// Written from the OpenType specification's descriptions of the TrueType tables (table directory,
// head, hhea, maxp, hmtx, loca, glyf, cmap formats 4 and 12, name, post).
#include "codecs/pdf/font_subset.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>

#include "codecs/pdf/utf8_text.hpp"

namespace medoffice::codecs::pdf {
namespace {

// ---- reading big-endian data without ever going past the end ----

class Bytes {
 public:
  explicit Bytes(std::string_view d) : d_(d) {}
  [[nodiscard]] bool has(std::size_t off, std::size_t n) const {
    return off <= d_.size() && n <= d_.size() - off;
  }
  [[nodiscard]] std::uint8_t u8(std::size_t off) const {
    return has(off, 1) ? static_cast<std::uint8_t>(d_[off]) : 0;
  }
  [[nodiscard]] std::uint16_t u16(std::size_t off) const {
    return static_cast<std::uint16_t>((u8(off) << 8) | u8(off + 1));
  }
  [[nodiscard]] std::int16_t s16(std::size_t off) const {
    return static_cast<std::int16_t>(u16(off));
  }
  [[nodiscard]] std::uint32_t u32(std::size_t off) const {
    return (static_cast<std::uint32_t>(u16(off)) << 16) | u16(off + 2);
  }
  [[nodiscard]] std::string_view slice(std::size_t off, std::size_t n) const {
    return has(off, n) ? d_.substr(off, n) : std::string_view();
  }

 private:
  std::string_view d_;
};

void put16(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
  out.push_back(static_cast<char>(v & 0xFF));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xFFFF);
}

void set16(std::string& s, std::size_t off, std::uint32_t v) {
  s[off] = static_cast<char>((v >> 8) & 0xFF);
  s[off + 1] = static_cast<char>(v & 0xFF);
}

void set32(std::string& s, std::size_t off, std::uint32_t v) {
  set16(s, off, v >> 16);
  set16(s, off + 2, v & 0xFFFF);
}

std::uint32_t checksum(std::string_view t) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < t.size(); i += 4) {
    std::uint32_t word = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      word = (word << 8) | (i + k < t.size() ? static_cast<std::uint8_t>(t[i + k]) : 0);
    }
    sum += word;
  }
  return sum;
}

domain::Error unsupported(const std::string& why) {
  return {domain::ErrorCode::kUnsupported, "The font cannot be subset: " + why + ".", {}};
}

// ---- the parts of the source font the subset needs ----

struct Source {
  std::string_view data;
  std::map<std::string, std::string_view> tables;
  std::uint16_t numGlyphs = 0;
  std::uint16_t numHMetrics = 0;
  bool longLoca = false;

  [[nodiscard]] std::string_view table(const std::string& tag) const {
    const auto it = tables.find(tag);
    return it == tables.end() ? std::string_view() : it->second;
  }

  // The outline of glyph `g`, or nullopt when loca points outside glyf.
  [[nodiscard]] std::optional<std::string_view> glyph(std::uint32_t g) const {
    const Bytes loca(table("loca"));
    const std::string_view glyf = table("glyf");
    const std::uint32_t start = longLoca ? loca.u32(4 * g) : 2u * loca.u16(2 * g);
    const std::uint32_t end = longLoca ? loca.u32(4 * (g + 1)) : 2u * loca.u16(2 * (g + 1));
    if (end < start || end > glyf.size()) return std::nullopt;
    return glyf.substr(start, end - start);
  }
};

// Looks code points up in the font's Unicode cmap (3,1 or 0,x format 4; or 3,10 format 12).
class CharMap {
 public:
  static std::optional<CharMap> of(std::string_view cmap) {
    const Bytes b(cmap);
    const std::uint16_t count = b.u16(2);
    std::optional<CharMap> found;
    for (std::uint16_t i = 0; i < count; ++i) {
      const std::size_t rec = 4 + 8u * i;
      if (!b.has(rec, 8)) break;
      const std::uint16_t platform = b.u16(rec);
      const std::uint16_t encoding = b.u16(rec + 2);
      const std::uint32_t off = b.u32(rec + 4);
      const std::uint16_t format = b.u16(off);
      const bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
      if (!unicode || !b.has(off, 8)) continue;
      if (format == 4) {
        const std::size_t length = b.u16(off + 2);
        if (!b.has(off, length)) continue;
        if (!found) found = CharMap{cmap.substr(off, length), 4};
      } else if (format == 12) {
        const std::size_t length = b.u32(off + 4);
        if (!b.has(off, length)) continue;
        return CharMap{cmap.substr(off, length), 12};  // preferred: it covers everything
      }
    }
    return found;
  }

  [[nodiscard]] std::uint32_t glyph(char32_t cp) const {
    const Bytes b(sub_);
    if (format_ == 12) {
      const std::uint32_t groups = b.u32(12);
      std::uint32_t lo = 0;
      std::uint32_t hi = groups;
      while (lo < hi) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        const std::size_t g = 16 + 12u * mid;
        if (!b.has(g, 12)) return 0;
        if (cp < b.u32(g)) {
          hi = mid;
        } else if (cp > b.u32(g + 4)) {
          lo = mid + 1;
        } else {
          return b.u32(g + 8) + (cp - b.u32(g));
        }
      }
      return 0;
    }
    if (cp > 0xFFFF) return 0;
    const std::size_t segs = b.u16(6) / 2;
    const std::size_t ends = 14;
    const std::size_t starts = ends + 2 * segs + 2;
    const std::size_t deltas = starts + 2 * segs;
    const std::size_t ranges = deltas + 2 * segs;
    for (std::size_t i = 0; i < segs; ++i) {
      if (cp > b.u16(ends + 2 * i)) continue;
      const std::uint16_t start = b.u16(starts + 2 * i);
      if (cp < start) return 0;
      const std::uint16_t delta = b.u16(deltas + 2 * i);
      const std::uint16_t rangeOffset = b.u16(ranges + 2 * i);
      if (rangeOffset == 0) return (cp + delta) & 0xFFFF;
      const std::size_t at = ranges + 2 * i + rangeOffset + 2 * (cp - start);
      if (!b.has(at, 2)) return 0;
      const std::uint16_t g = b.u16(at);
      return g == 0 ? 0 : (g + delta) & 0xFFFF;
    }
    return 0;
  }

 private:
  CharMap(std::string_view sub, int format) : sub_(sub), format_(format) {}
  std::string_view sub_;
  int format_;
};

domain::Result<Source> parse(std::string_view font) {
  const Bytes b(font);
  const std::uint32_t version = b.u32(0);
  if (version != 0x00010000 && version != 0x74727565 /* 'true' */) {
    return unsupported("it is not a TrueType font with glyf outlines");
  }
  Source s;
  s.data = font;
  const std::uint16_t count = b.u16(4);
  for (std::uint16_t i = 0; i < count; ++i) {
    const std::size_t rec = 12 + 16u * i;
    if (!b.has(rec, 16)) return unsupported("its table directory is cut short");
    const std::uint32_t off = b.u32(rec + 8);
    const std::uint32_t len = b.u32(rec + 12);
    if (!b.has(off, len)) return unsupported("a table lies outside the file");
    s.tables[std::string(font.substr(rec, 4))] = font.substr(off, len);
  }
  for (const char* tag : {"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "name", "OS/2"}) {
    if (s.table(tag).empty()) return unsupported(std::string("it has no ") + tag + " table");
  }
  const Bytes head(s.table("head"));
  const Bytes maxp(s.table("maxp"));
  const Bytes hhea(s.table("hhea"));
  if (!head.has(0, 54) || !maxp.has(0, 6) || !hhea.has(0, 36)) {
    return unsupported("its head, maxp or hhea table is cut short");
  }
  s.longLoca = head.s16(50) != 0;
  s.numGlyphs = maxp.u16(4);
  s.numHMetrics = hhea.u16(34);
  if (s.numGlyphs == 0 || s.numHMetrics == 0 || s.numHMetrics > s.numGlyphs) {
    return unsupported("its glyph counts are inconsistent");
  }
  const std::size_t locaEntries = static_cast<std::size_t>(s.numGlyphs) + 1;
  if (s.table("loca").size() < locaEntries * (s.longLoca ? 4 : 2)) {
    return unsupported("its loca table is cut short");
  }
  const std::size_t hmtxBytes =
      4u * s.numHMetrics + 2u * (static_cast<std::size_t>(s.numGlyphs) - s.numHMetrics);
  if (s.table("hmtx").size() < hmtxBytes) return unsupported("its hmtx table is cut short");
  return s;
}

// Composite glyph flags.
constexpr std::uint16_t kArgsAreWords = 0x0001;
constexpr std::uint16_t kArgsAreXy = 0x0002;
constexpr std::uint16_t kRoundXy = 0x0004;
constexpr std::uint16_t kScale = 0x0008;
constexpr std::uint16_t kMoreComponents = 0x0020;
constexpr std::uint16_t kXyScale = 0x0040;
constexpr std::uint16_t kTwoByTwo = 0x0080;
constexpr std::uint16_t kInstructions = 0x0100;
constexpr std::uint16_t kUseMyMetrics = 0x0200;
constexpr std::uint16_t kTransforms = kScale | kXyScale | kTwoByTwo;

struct Component {
  std::uint16_t flags = 0;
  std::uint16_t glyph = 0;
  std::int32_t arg1 = 0;  // an x offset, or a point number without kArgsAreXy
  std::int32_t arg2 = 0;
  std::string transform;  // the scale or matrix, as stored
};

struct Composite {
  std::string header;  // numberOfContours (-1) and the bounding box
  std::vector<Component> parts;
  std::string instructions;  // with their length first; empty when none
};

std::optional<Composite> parseComposite(std::string_view g) {
  const Bytes b(g);
  if (!b.has(0, 10) || b.s16(0) >= 0) return std::nullopt;
  Composite c;
  c.header = std::string(g.substr(0, 10));
  std::size_t pos = 10;
  for (;;) {
    if (!b.has(pos, 4) || c.parts.size() > 255) return std::nullopt;
    Component part;
    part.flags = b.u16(pos);
    part.glyph = b.u16(pos + 2);
    pos += 4;
    const bool xy = (part.flags & kArgsAreXy) != 0;
    if ((part.flags & kArgsAreWords) != 0) {
      part.arg1 = xy ? b.s16(pos) : b.u16(pos);
      part.arg2 = xy ? b.s16(pos + 2) : b.u16(pos + 2);
      pos += 4;
    } else {
      part.arg1 = xy ? static_cast<std::int8_t>(b.u8(pos)) : b.u8(pos);
      part.arg2 = xy ? static_cast<std::int8_t>(b.u8(pos + 1)) : b.u8(pos + 1);
      pos += 2;
    }
    const std::size_t t = (part.flags & kScale) != 0      ? 2
                          : (part.flags & kXyScale) != 0  ? 4
                          : (part.flags & kTwoByTwo) != 0 ? 8
                                                          : 0;
    if (!b.has(pos, t)) return std::nullopt;
    part.transform = std::string(g.substr(pos, t));
    pos += t;
    const bool more = (part.flags & kMoreComponents) != 0;
    c.parts.push_back(std::move(part));
    if (!more) break;
  }
  if ((c.parts.back().flags & kInstructions) != 0) {
    const std::size_t n = b.u16(pos);
    if (!b.has(pos, 2 + n)) return std::nullopt;
    c.instructions = std::string(g.substr(pos, 2 + n));
  }
  return c;
}

// Glyph ids of the components of glyph `g` (none for a simple glyph).
std::vector<std::uint16_t> components(std::string_view g) {
  std::vector<std::uint16_t> out;
  if (const auto c = parseComposite(g)) {
    for (const auto& p : c->parts) out.push_back(p.glyph);
  }
  return out;
}

// The parts of `c` with every component that is itself a composite of plain offsets replaced by
// its own parts, moved by its offset. libharu 2.3 embeds the components of a composite glyph but
// not theirs (DejaVu's ộ is [dot below, ô, ...] and ô is [o, circumflex]: without this the o
// would be missing unless the text also had an o). Components with a scale or placed by point
// matching are kept as they are.
std::vector<Component> flattened(const Source& src, const Composite& c, int depth) {
  std::vector<Component> out;
  for (const auto& part : c.parts) {
    std::optional<Composite> inner;
    if (depth < 8 && (part.flags & kArgsAreXy) != 0 && (part.flags & kTransforms) == 0 &&
        part.glyph < src.numGlyphs) {
      if (const auto outline = src.glyph(part.glyph)) inner = parseComposite(*outline);
    }
    const bool plain =
        inner && std::all_of(inner->parts.begin(), inner->parts.end(), [](const Component& p) {
          return (p.flags & kArgsAreXy) != 0 && (p.flags & kTransforms) == 0;
        });
    if (!plain) {
      out.push_back(part);
      continue;
    }
    for (Component sub : flattened(src, *inner, depth + 1)) {
      sub.arg1 += part.arg1;
      sub.arg2 += part.arg2;
      sub.flags = static_cast<std::uint16_t>(
          (sub.flags & ~kUseMyMetrics) | (part.flags & kRoundXy) |
          ((part.flags & sub.flags & kUseMyMetrics) != 0 ? kUseMyMetrics : 0));
      out.push_back(std::move(sub));
    }
  }
  return out;
}

// Glyph `g` as the subset stores it: component ids renumbered by `newId`, nested composites
// flattened. A simple glyph is unchanged.
std::string subsetGlyph(const Source& src, std::string_view g,
                        const std::vector<std::int32_t>& newId) {
  const auto c = parseComposite(g);
  if (!c) return std::string(g);
  const auto parts = flattened(src, *c, 0);
  std::string out = c->header;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Component& p = parts[i];
    const bool xy = (p.flags & kArgsAreXy) != 0;
    const bool bytes = xy ? p.arg1 >= -128 && p.arg1 <= 127 && p.arg2 >= -128 && p.arg2 <= 127
                          : p.arg1 <= 255 && p.arg2 <= 255;
    if (xy && (p.arg1 < -32768 || p.arg1 > 32767 || p.arg2 < -32768 || p.arg2 > 32767)) {
      return std::string(g);  // moved off the coordinate range: keep the nesting
    }
    std::uint16_t flags = p.flags & ~(kArgsAreWords | kMoreComponents | kInstructions);
    if (!bytes) flags |= kArgsAreWords;
    if (i + 1 < parts.size()) flags |= kMoreComponents;
    if (i + 1 == parts.size() && !c->instructions.empty()) flags |= kInstructions;
    put16(out, flags);
    put16(out, p.glyph < newId.size() && newId[p.glyph] >= 0 ? newId[p.glyph] : 0);
    if (bytes) {
      out.push_back(static_cast<char>(p.arg1 & 0xFF));
      out.push_back(static_cast<char>(p.arg2 & 0xFF));
    } else {
      put16(out, static_cast<std::uint32_t>(p.arg1) & 0xFFFF);
      put16(out, static_cast<std::uint32_t>(p.arg2) & 0xFFFF);
    }
    out += p.transform;
  }
  return out + c->instructions;
}

std::string cmapTable(const std::vector<CodeRange>& ranges,
                      const std::map<char32_t, std::uint16_t>& glyphOf) {
  const std::size_t segs = ranges.size() + 1;
  std::string glyphIds;
  std::vector<std::uint16_t> rangeOffsets;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    // Each segment points into glyphIdArray: from its own idRangeOffset entry, past the
    // remaining entries, to where its glyphs start.
    rangeOffsets.push_back(static_cast<std::uint16_t>(2 * (segs - i) + glyphIds.size()));
    for (char32_t cp = ranges[i].first; cp <= ranges[i].last; ++cp) {
      const auto it = glyphOf.find(cp);
      put16(glyphIds, it == glyphOf.end() ? 0 : it->second);
    }
  }
  std::uint16_t searchRange = 2;
  std::uint16_t entrySelector = 0;
  while (searchRange * 2 <= 2 * segs) {
    searchRange = static_cast<std::uint16_t>(searchRange * 2);
    ++entrySelector;
  }
  std::string sub;
  put16(sub, 4);
  put16(sub, 0);  // length, set below
  put16(sub, 0);
  put16(sub, static_cast<std::uint32_t>(2 * segs));
  put16(sub, searchRange);
  put16(sub, entrySelector);
  put16(sub, static_cast<std::uint32_t>(2 * segs - searchRange));
  for (const auto& r : ranges) put16(sub, r.last);
  put16(sub, 0xFFFF);
  put16(sub, 0);
  for (const auto& r : ranges) put16(sub, r.first);
  put16(sub, 0xFFFF);
  for (std::size_t i = 0; i < ranges.size(); ++i) put16(sub, 0);
  put16(sub, 1);
  for (const auto off : rangeOffsets) put16(sub, off);
  put16(sub, 0);
  sub += glyphIds;
  set16(sub, 2, static_cast<std::uint32_t>(sub.size()));

  std::string cmap;
  put16(cmap, 0);
  put16(cmap, 1);
  put16(cmap, 3);
  put16(cmap, 1);
  put32(cmap, 12);
  return cmap + sub;
}

// The name table with `suffix` added to each PostScript name (name ID 6) record, and the
// licence text (name ID 13, 4.7 KB in Mac Roman and again 9.5 KB in UTF-16 in DejaVu Sans) kept
// once, in the first record that has it: the notice stays with the font, once.
std::string nameTable(std::string_view name, std::string_view suffix) {
  const Bytes b(name);
  const std::uint16_t count = b.u16(2);
  const std::uint16_t stringOffset = b.u16(4);
  struct Record {
    std::uint16_t platform, encoding, language, id;
    std::string text;
  };
  std::vector<Record> records;
  bool licence = false;
  for (std::uint16_t i = 0; i < count; ++i) {
    const std::size_t rec = 6 + 12u * i;
    if (!b.has(rec, 12)) break;
    Record r{b.u16(rec), b.u16(rec + 2), b.u16(rec + 4), b.u16(rec + 6), {}};
    const std::size_t len = b.u16(rec + 8);
    const std::size_t off = static_cast<std::size_t>(stringOffset) + b.u16(rec + 10);
    if (!b.has(off, len)) continue;
    if (r.id == 13) {
      if (licence) continue;
      licence = true;
    }
    r.text = std::string(b.slice(off, len));
    if (r.id == 6) {
      const bool wide = r.platform != 1;
      for (const char c : suffix) {
        if (wide) r.text.push_back('\0');
        r.text.push_back(c);
      }
    }
    records.push_back(std::move(r));
  }
  std::string out;
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(records.size()));
  put16(out, static_cast<std::uint32_t>(6 + 12 * records.size()));
  std::string strings;
  for (const auto& r : records) {
    put16(out, r.platform);
    put16(out, r.encoding);
    put16(out, r.language);
    put16(out, r.id);
    put16(out, static_cast<std::uint32_t>(r.text.size()));
    put16(out, static_cast<std::uint32_t>(strings.size()));
    strings += r.text;
  }
  return out + strings;
}

std::string assemble(std::map<std::string, std::string> tables) {
  const auto n = static_cast<std::uint16_t>(tables.size());
  std::uint16_t searchRange = 16;
  std::uint16_t entrySelector = 0;
  while (searchRange * 2 <= 16 * n) {
    searchRange = static_cast<std::uint16_t>(searchRange * 2);
    ++entrySelector;
  }
  std::string out;
  put32(out, 0x00010000);
  put16(out, n);
  put16(out, searchRange);
  put16(out, entrySelector);
  put16(out, static_cast<std::uint32_t>(16 * n - searchRange));
  std::size_t offset = 12 + 16u * n;
  std::size_t headAt = 0;
  for (const auto& [tag, data] : tables) {  // std::map keeps tags in ascending byte order
    out += tag;
    put32(out, checksum(data));
    put32(out, static_cast<std::uint32_t>(offset));
    put32(out, static_cast<std::uint32_t>(data.size()));
    if (tag == "head") headAt = offset;
    offset += (data.size() + 3) & ~std::size_t{3};
  }
  for (const auto& [tag, data] : tables) {
    out += data;
    out.append((4 - data.size() % 4) % 4, '\0');
  }
  set32(out, headAt + 8, 0xB1B0AFBA - checksum(out));
  return out;
}

}  // namespace

const std::vector<CodeRange>& subsetRepertoire() {
  static const std::vector<CodeRange> kRanges{
      {0x0020, 0x007E},  // Basic Latin
      {0x00A0, 0x024F},  // Latin-1 Supplement, Latin Extended-A and -B
      {0x02B0, 0x052F},  // modifiers, combining marks, Greek, Cyrillic
      {0x1E00, 0x1EFF},  // Latin Extended Additional
      {0x2000, 0x206F},  // General Punctuation
      {0x20A0, 0x20CF},  // Currency Symbols
      {0x2100, 0x214F},  // Letterlike Symbols (№, ™, ℅)
      {0xFB00, 0xFB06},  // Latin ligatures
      {0xFFFD, 0xFFFD},  // the replacement character pdfLine writes
  };
  return kRanges;
}

const std::vector<CodeRange>& windows1252Repertoire() {
  static const std::vector<CodeRange> kRanges{
      {0x0020, 0x007E}, {0x00A0, 0x00FF}, {0x0152, 0x0153}, {0x0160, 0x0161}, {0x0178, 0x0178},
      {0x017D, 0x017E}, {0x0192, 0x0192}, {0x02C6, 0x02C6}, {0x02DC, 0x02DC}, {0x2013, 0x2014},
      {0x2018, 0x201A}, {0x201C, 0x201E}, {0x2020, 0x2022}, {0x2026, 0x2026}, {0x2030, 0x2030},
      {0x2039, 0x203A}, {0x20AC, 0x20AC}, {0x2122, 0x2122}};
  return kRanges;
}

bool inSubsetRepertoire(std::string_view utf8) {
  const auto& ranges = subsetRepertoire();
  for (std::size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte >= 0x20 && byte <= 0x7E) {  // the common case, without decoding
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = decodeUtf8(utf8, i, cp);
    if (n == 0) return false;
    i += n;
    const bool covered = std::any_of(ranges.begin(), ranges.end(), [cp](const CodeRange& r) {
      return cp >= r.first && cp <= r.last;
    });
    if (!covered) return false;
  }
  return true;
}

domain::Result<std::string> subsetTrueType(std::string_view font,
                                           const std::vector<CodeRange>& ranges,
                                           std::string_view nameSuffix) {
  auto parsed = parse(font);
  if (!parsed) return parsed.error();
  const Source& src = *parsed;
  const auto charMap = CharMap::of(src.table("cmap"));
  if (!charMap) return unsupported("it has no Unicode cmap of format 4 or 12");
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    if (ranges[i].first > ranges[i].last || ranges[i].last >= 0xFFFF ||
        (i > 0 && ranges[i].first <= ranges[i - 1].last)) {
      return unsupported("the code point ranges are not ascending, disjoint and below U+FFFF");
    }
  }
  std::size_t codePoints = 0;
  for (const auto& r : ranges) codePoints += r.last - r.first + 1;
  if (codePoints > 30000) return unsupported("more than 30,000 code points were asked for");

  // Which glyphs: .notdef, those of the code points, and the components of composites.
  std::vector<bool> used(src.numGlyphs, false);
  used[0] = true;
  std::map<char32_t, std::uint32_t> oldGlyphOf;
  for (const auto& r : ranges) {
    for (char32_t cp = r.first; cp <= r.last; ++cp) {
      const std::uint32_t g = charMap->glyph(cp);
      if (g == 0 || g >= src.numGlyphs) continue;
      used[g] = true;
      oldGlyphOf[cp] = g;
    }
  }
  std::vector<std::uint32_t> pending;
  for (std::uint32_t g = 0; g < src.numGlyphs; ++g) {
    if (used[g]) pending.push_back(g);
  }
  while (!pending.empty()) {
    const std::uint32_t g = pending.back();
    pending.pop_back();
    const auto outline = src.glyph(g);
    if (!outline) return unsupported("glyph " + std::to_string(g) + " lies outside glyf");
    for (const std::uint16_t c : components(*outline)) {
      if (c < src.numGlyphs && !used[c]) {
        used[c] = true;
        pending.push_back(c);
      }
    }
  }
  std::vector<std::int32_t> newId(src.numGlyphs, -1);
  std::vector<std::uint32_t> order;
  for (std::uint32_t g = 0; g < src.numGlyphs; ++g) {
    if (!used[g]) continue;
    newId[g] = static_cast<std::int32_t>(order.size());
    order.push_back(g);
  }

  std::map<std::string, std::string> out;
  std::string glyf;
  std::string loca;
  std::string hmtx;
  const Bytes metrics(src.table("hmtx"));
  for (const std::uint32_t g : order) {
    put32(loca, static_cast<std::uint32_t>(glyf.size()));
    glyf += subsetGlyph(src, *src.glyph(g), newId);
    glyf.append((4 - glyf.size() % 4) % 4, '\0');
    const std::uint32_t last = src.numHMetrics - 1u;
    const std::uint16_t advance = metrics.u16(4 * std::min(g, last));
    const std::int16_t lsb = g < src.numHMetrics
                                 ? metrics.s16(4 * g + 2)
                                 : metrics.s16(4u * src.numHMetrics + 2 * (g - src.numHMetrics));
    put16(hmtx, advance);
    put16(hmtx, static_cast<std::uint16_t>(lsb));
  }
  put32(loca, static_cast<std::uint32_t>(glyf.size()));
  const auto count = static_cast<std::uint32_t>(order.size());

  std::map<char32_t, std::uint16_t> glyphOf;
  for (const auto& [cp, g] : oldGlyphOf) glyphOf[cp] = static_cast<std::uint16_t>(newId[g]);

  std::string head(src.table("head"));
  set32(head, 8, 0);   // checkSumAdjustment, set once the file is complete
  set16(head, 50, 1);  // long loca offsets
  std::string hhea(src.table("hhea"));
  set16(hhea, 34, count);
  std::string maxp(src.table("maxp"));
  set16(maxp, 4, count);
  std::string post(32, '\0');
  set32(post, 0, 0x00030000);  // version 3: no glyph names
  const std::string_view oldPost = src.table("post");
  for (std::size_t i = 4; i < 32 && i < oldPost.size(); ++i) post[i] = oldPost[i];

  out["head"] = std::move(head);
  out["hhea"] = std::move(hhea);
  out["maxp"] = std::move(maxp);
  out["hmtx"] = std::move(hmtx);
  out["loca"] = std::move(loca);
  out["glyf"] = std::move(glyf);
  out["cmap"] = cmapTable(ranges, glyphOf);
  out["name"] = nameTable(src.table("name"), nameSuffix);
  out["post"] = std::move(post);
  for (const char* keep : {"OS/2", "cvt ", "fpgm", "prep"}) {
    const std::string_view t = src.table(keep);
    if (!t.empty()) out[keep] = std::string(t);
  }
  return assemble(std::move(out));
}

}  // namespace medoffice::codecs::pdf
