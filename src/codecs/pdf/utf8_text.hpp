// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// UTF-8 clean-up for text that goes into a PDF or a spreadsheet. Stored text is meant to be clean
// already; these make the codecs safe on any bytes (a PDF string the font cannot map, or XML that
// Excel refuses, would otherwise come out of bad input).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace medoffice::codecs::pdf {

/// Decodes one code point starting at `text[pos]`: sets `cp` and returns its length in bytes, or
/// returns 0 (and sets nothing) when the bytes there are not well-formed UTF-8 (overlong forms,
/// surrogates and values past U+10FFFF are not). `pos` must be inside `text`.
std::size_t decodeUtf8(std::string_view text, std::size_t pos, char32_t& cp);

/// Appends `cp` (a Unicode scalar value) as UTF-8.
void appendUtf8(std::string& out, char32_t cp);

/// `text` as valid UTF-8: each ill-formed sequence becomes U+FFFD; everything else is kept.
std::string validUtf8(std::string_view text);

/// `text` as one line the PDF fonts can draw: valid UTF-8 in the Basic Multilingual Plane (libharu
/// 2.3's UTF-8 encoder stops there), with each ill-formed sequence and each code point past U+FFFF
/// replaced by U+FFFD, and each control character (C0, DEL, C1, line and paragraph separators)
/// by a space.
std::string pdfLine(std::string_view text);

/// Like pdfLine, but keeps line breaks for paragraphs: CRLF, CR, LF, U+2028 and U+2029 all become
/// '\n'.
std::string pdfParagraph(std::string_view text);

/// `utf8` (valid UTF-8) in Windows-1252, when every code point has a byte there; nullopt
/// otherwise. C0 and C1 controls have none (pdfLine has replaced them).
std::optional<std::string> toCp1252(std::string_view utf8);

/// The byte length of the longest prefix of valid UTF-8 `text` that has at most `maxCodePoints`
/// code points (so that a cut never splits one).
std::size_t prefixBytes(std::string_view text, std::size_t maxCodePoints);

}  // namespace medoffice::codecs::pdf
