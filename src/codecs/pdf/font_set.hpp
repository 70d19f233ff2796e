// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The fonts each thread's documents draw with (document.hpp): one libharu document per thread,
// holding the subset and full faces, reused by every PDF the thread makes. Internal to
// codecs/pdf.

#include <hpdf.h>
#include <sys/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "codecs/pdf/document.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs::pdf::detail {

// What libharu's error handler saw first. libharu calls the handler and then returns an error
// code from the failing call; it never needs the handler to jump out.
struct ErrorState {
  HPDF_STATUS code = HPDF_OK;
  HPDF_STATUS detail = 0;
  const char* during = "";   // what was being done when it failed
  const char* current = "";  // what is being done now
};

/// "PDF rendering failed while drawing text: libharu error 0x1017 (detail 2)."
std::string haruMessage(const ErrorState& e);

/// A file's identity: a font file replaced on disk is loaded again.
struct FileId {
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  std::int64_t mtimeNs = 0;
  bool operator==(const FileId&) const = default;
};

/// The identity of a readable regular file; kInternal naming `path` (and the `face` it is for)
/// otherwise.
domain::Result<FileId> identify(const std::string& path, const char* face);

/// A libharu document with the fonts loaded. libharu keeps font definitions (the parsed TrueType
/// tables, and the open font file they embed from) across HPDF_NewDoc and HPDF_FreeDoc, so one
/// FontSet serves every document its thread draws, one after the other. Not thread-safe.
struct FontSet {
  HPDF_Doc doc = nullptr;
  ErrorState error;  // libharu's error handler writes here (its address must not change)
  std::string regularPath, boldPath;
  FileId regularId, boldId;
  // libharu font names by weight (regular, bold): the subsets, empty when there are none, and
  // the full faces, loaded on first need.
  std::array<std::string, 2> winAnsi, extended;
  std::string fullRegular, fullBold;
  bool inUse = false;

  FontSet() = default;
  FontSet(const FontSet&) = delete;
  FontSet& operator=(const FontSet&) = delete;
  ~FontSet();
  [[nodiscard]] bool serves(const FontFiles& f, const FileId& r, const FileId& b) const {
    return f.regular == regularPath && f.bold == boldPath && r == regularId && b == boldId;
  }
  [[nodiscard]] bool subset() const { return !winAnsi[1].empty(); }
  /// The full face's libharu name, its file loaded on first use. Null after a failure (recorded
  /// in `error`).
  const char* full(Weight w);
};

/// This thread's FontSet, kept between documents (null until the first).
std::unique_ptr<FontSet>& threadFontSet();

/// A new FontSet for `fonts` (whose files have the identities given): the subsets of both faces
/// when they can be made (once per process per file), else the full faces. kInternal naming the
/// file when libharu cannot load it.
domain::Result<std::unique_ptr<FontSet>> loadFontSet(const FontFiles& fonts, const FileId& r,
                                                     const FileId& b);

}  // namespace medoffice::codecs::pdf::detail
