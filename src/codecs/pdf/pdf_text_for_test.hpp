// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Test support for the PDF tests: the text of a rendered PDF as poppler's `pdftotext -layout`
// reads it, so that tests assert what a reader sees rather than how libharu encoded it.

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace medoffice::codecs::pdf::testing {

/// True when `pdftotext` (poppler-utils) can be run.
inline bool havePdfToText() {
  static const bool found = std::system("pdftotext -v >/dev/null 2>&1") == 0;
  return found;
}

/// Runs `command FILE tail` with `pdf` written to a private temp file as FILE and returns its
/// standard output, or nullopt when it fails. Standard error is dropped: poppler warns about the
/// "begincidrange" in libharu 2.3's ToUnicode maps, which it reads all the same.
inline std::optional<std::string> runOnPdf(const std::string& pdf, const std::string& command,
                                           const std::string& tail = "") {
  char path[] = "/tmp/medoffice-pdf-test-XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) return std::nullopt;
  ::close(fd);
  {
    std::ofstream out(path, std::ios::binary);
    out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
  }
  std::string text;
  const std::string cmd = command + " '" + path + "' " + tail + " 2>/dev/null";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  int status = -1;
  if (pipe != nullptr) {
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) text.append(buf.data(), n);
    status = ::pclose(pipe);
  }
  std::filesystem::remove(path);
  if (status != 0) return std::nullopt;
  return text;
}

/// The text of `pdf` laid out as on the page (`pdftotext -layout`); pages are separated by
/// form feeds.
inline std::optional<std::string> pdfText(const std::string& pdf) {
  return runOnPdf(pdf, "pdftotext -layout", "-");
}

/// One font as `pdffonts` lists it.
struct FontInfo {
  std::string name;  ///< "HPDFAA+DejaVuSans-Latin,Book"
  std::string type;  ///< "TrueType", "CID TrueType"
  bool embedded = false;
};

/// The fonts of `pdf` (empty when pdffonts fails).
inline std::vector<FontInfo> pdfFonts(const std::string& pdf) {
  std::vector<FontInfo> fonts;
  const auto listing = runOnPdf(pdf, "pdffonts");
  if (!listing) return fonts;
  static const std::regex kLine(
      R"re(^(\S+)\s+(.*?)\s{2,}\S+\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$)re");
  std::istringstream lines(*listing);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kLine)) fonts.push_back({m[1], m[2], m[3] == "yes"});
  }
  return fonts;
}

/// True when a font's name contains `part`.
inline bool hasFont(const std::vector<FontInfo>& fonts, const std::string& part) {
  for (const auto& f : fonts) {
    if (f.name.find(part) != std::string::npos) return true;
  }
  return false;
}

/// One word as `pdftotext -bbox` places it: points from the top-left corner of its page.
struct WordBox {
  int page = 0;  ///< 1-based
  std::string text;
  double xMin = 0, yMin = 0, xMax = 0, yMax = 0;
};

/// Every word of `pdf` with its box, in reading order (empty when pdftotext fails).
inline std::vector<WordBox> wordBoxes(const std::string& pdf) {
  std::vector<WordBox> words;
  const auto html = runOnPdf(pdf, "pdftotext -bbox", "-");
  if (!html) return words;
  static const std::regex kItem(
      R"re(<page |<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  int page = 0;
  for (std::sregex_iterator it(html->begin(), html->end(), kItem), end; it != end; ++it) {
    const std::smatch& m = *it;
    if (!m[1].matched) {
      ++page;
      continue;
    }
    words.push_back({page, m[5].str(), std::stod(m[1].str()), std::stod(m[2].str()),
                     std::stod(m[3].str()), std::stod(m[4].str())});
  }
  return words;
}

/// The first word equal to `text`, if any.
inline std::optional<WordBox> findWord(const std::vector<WordBox>& words, const std::string& text,
                                       int page = 0) {
  for (const auto& w : words) {
    if (w.text == text && (page == 0 || w.page == page)) return w;
  }
  return std::nullopt;
}

}  // namespace medoffice::codecs::pdf::testing
