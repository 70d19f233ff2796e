// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// TrueType fonts cut down to the letters names and addresses are written in, for speed and size
// (see document.hpp): libharu 2.3's work per font and per document grows with the font's glyph
// count and cmap segments, not with the text drawn. Two cuts are made of each face: Windows-1252
// (about 220 glyphs, drawn as single-byte fonts) and a wider one of Latin, Greek and Cyrillic
// (about 1,400 glyphs in 10 cmap segments instead of 6,253 in 193). Text beyond both is drawn with
// the full face, so nothing prints as a missing glyph that would have printed before.

#include <string>
#include <string_view>
#include <vector>

#include "domain/common/result.hpp"

namespace medoffice::codecs::pdf {

/// An inclusive range of Unicode code points.
struct CodeRange {
  char32_t first = 0;
  char32_t last = 0;
};

/// The repertoire of the subset fonts, ascending and disjoint: Basic Latin, Latin-1, Latin
/// Extended-A and -B, spacing modifiers and combining marks, Greek, Cyrillic, Latin Extended
/// Additional (Vietnamese), general punctuation, currency and letterlike symbols, the Latin
/// ligatures and U+FFFD.
const std::vector<CodeRange>& subsetRepertoire();

/// The printable characters of Windows-1252 (Latin-1 and its punctuation, € and ™):
/// what the single-byte fonts draw.
const std::vector<CodeRange>& windows1252Repertoire();

/// True when every code point of `utf8` (valid UTF-8, as pdfLine makes it) is in
/// subsetRepertoire().
bool inSubsetRepertoire(std::string_view utf8);

/// `font`, the bytes of a TrueType font with glyf outlines, reduced to glyph 0, the glyphs the
/// font's Unicode cmap gives the code points of `ranges` (ascending, disjoint, below U+FFFF) and
/// the components of composite ones, renumbered in their original order. Composites whose
/// components are composites of plain offsets are flattened, since libharu 2.3 embeds only one
/// level of components. The result has a cmap (3,1) format 4 of those ranges only, hmtx and loca
/// of those glyphs, post format 3 (no glyph names), and a name table with `nameSuffix` added to
/// the PostScript name (ID 6, so that libharu can load the subset beside the full font) and the
/// licence text (ID 13) kept once rather than once per platform. OS/2, cvt, fpgm and prep are
/// kept; kerning and OpenType layout tables are dropped (libharu uses neither). kUnsupported when
/// `font` is not such a font, is malformed, or `ranges` are not as described (at most 30,000 code
/// points). Never reads outside `font`.
domain::Result<std::string> subsetTrueType(std::string_view font,
                                           const std::vector<CodeRange>& ranges,
                                           std::string_view nameSuffix);

}  // namespace medoffice::codecs::pdf
