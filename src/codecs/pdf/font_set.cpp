// SPDX-License-Identifier: AGPL-3.0-or-later
#include "codecs/pdf/font_set.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string_view>
#include <vector>

#include "codecs/pdf/font_subset.hpp"

namespace medoffice::codecs::pdf {
namespace detail {
namespace {

// The two subsets of each face (font_subset.hpp), by what their PostScript names get added, so
// that libharu tells them from each other and from the full face.
enum class Cut { kWindows1252, kExtended };
std::string_view nameSuffix(Cut cut) {
  return cut == Cut::kWindows1252 ? "-WinAnsi" : "-Latin";
}

const std::vector<CodeRange>& repertoire(Cut cut) {
  return cut == Cut::kWindows1252 ? windows1252Repertoire() : subsetRepertoire();
}

// libharu's error handler: records the first error for the calls that follow to find.
void onHaruError(HPDF_STATUS code, HPDF_STATUS detail, void* userData) {
  auto* state = static_cast<ErrorState*>(userData);
  if (state->code == HPDF_OK) {
    state->code = code;
    state->detail = detail;
    state->during = state->current;
  }
}

// The subset (font_subset.hpp) of a font file, made once per process and shared by every
// thread's FontSet. Null when the file cannot be subset; documents then draw with the full font.
std::shared_ptr<const std::string> subsetOf(const std::string& path, const FileId& id, Cut cut) {
  struct Entry {
    std::string path;
    FileId id;
    Cut cut;
    std::shared_ptr<const std::string> subset;
  };
  static std::mutex mutex;
  static std::vector<Entry> cache;  // a few entries: one per font file in use
  const std::lock_guard lock(mutex);
  for (const auto& e : cache) {
    if (e.path == path && e.id == id && e.cut == cut) return e.subset;
  }
  std::shared_ptr<const std::string> made;
  constexpr off_t kMaxFontBytes = off_t{64} << 20;
  std::ifstream in(path, std::ios::binary);
  if (in && id.size > 0 && id.size <= kMaxFontBytes) {
    std::string bytes(static_cast<std::size_t>(id.size), '\0');
    in.read(bytes.data(), id.size);
    if (in.gcount() == id.size) {
      auto subset = subsetTrueType(bytes, repertoire(cut), nameSuffix(cut));
      if (subset) made = std::make_shared<const std::string>(std::move(*subset));
    }
  }
  if (cache.size() >= 8) cache.erase(cache.begin());
  cache.push_back({path, id, cut, made});
  return made;
}

// libharu 2.3 loads fonts from files only, and keeps the file open to embed from when it saves;
// so the subset goes to a private temporary file that is unlinked as soon as libharu has opened
// it. Null (with libharu's error state untouched) when the file cannot be written.
const char* loadFontBytes(HPDF_Doc doc, const std::string& bytes) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string path = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
  path += "/medoffice-font-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return nullptr;
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  const char* name =
      written == bytes.size() ? HPDF_LoadTTFontFromFile(doc, path.c_str(), HPDF_TRUE) : nullptr;
  ::unlink(path.c_str());
  return name;
}

}  // namespace

domain::Result<FileId> identify(const std::string& path, const char* face) {
  if (path.empty()) {
    return domain::Error::internal(std::string("No PDF font file is configured for the ") + face +
                                   " face.");
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    return domain::Error::internal("The PDF font file " + path + " (" + face +
                                   ") cannot be used: " + std::strerror(err) +
                                   (err == ENOENT ? " (Debian installs DejaVu Sans with the "
                                                    "fonts-dejavu-core package)."
                                                  : "."));
  }
  if (!S_ISREG(st.st_mode)) {
    return domain::Error::internal("The PDF font file " + path + " (" + face +
                                   ") is not a regular file.");
  }
  if (::access(path.c_str(), R_OK) != 0) {
    return domain::Error::internal("The PDF font file " + path + " (" + face +
                                   ") cannot be read: " + std::strerror(errno) + ".");
  }
  return FileId{st.st_dev, st.st_ino, st.st_size,
                static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

std::string haruMessage(const ErrorState& e) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "libharu error 0x%04X (detail %u)", static_cast<unsigned>(e.code),
                static_cast<unsigned>(e.detail));
  return std::string("PDF rendering failed while ") + e.during + ": " + buf + ".";
}

FontSet::~FontSet() {
  if (doc != nullptr) HPDF_Free(doc);
}

const char* FontSet::full(Weight w) {
  std::string& name = w == Weight::kBold ? fullBold : fullRegular;
  if (name.empty()) {
    error.current = "loading a font";
    const std::string& path = w == Weight::kBold ? boldPath : regularPath;
    const char* loaded = HPDF_LoadTTFontFromFile(doc, path.c_str(), HPDF_TRUE);
    if (loaded == nullptr || error.code != HPDF_OK) return nullptr;
    name = loaded;
  }
  return name.c_str();
}

std::unique_ptr<FontSet>& threadFontSet() {
  thread_local std::unique_ptr<FontSet> set;
  return set;
}

domain::Result<std::unique_ptr<FontSet>> loadFontSet(const FontFiles& fonts, const FileId& r,
                                                     const FileId& b) {
  auto set = std::make_unique<FontSet>();
  set->error.current = "starting a PDF document";
  set->doc = HPDF_New(onHaruError, &set->error);
  if (set->doc == nullptr) return domain::Error::internal(haruMessage(set->error));
  HPDF_UseUTFEncodings(set->doc);
  set->regularPath = fonts.regular;
  set->boldPath = fonts.bold;
  set->regularId = r;
  set->boldId = b;

  set->error.current = "loading a subset font";
  bool subsets = true;
  for (const Cut cut : {Cut::kWindows1252, Cut::kExtended}) {
    for (const std::size_t w : {0, 1}) {
      const auto bytes = w == 0 ? subsetOf(fonts.regular, r, cut) : subsetOf(fonts.bold, b, cut);
      const char* name = subsets && bytes ? loadFontBytes(set->doc, *bytes) : nullptr;
      subsets = name != nullptr && set->error.code == HPDF_OK;
      if (subsets) (cut == Cut::kWindows1252 ? set->winAnsi : set->extended)[w] = name;
    }
  }
  if (subsets) return set;
  // Should a subset not be made or libharu refuse one, the full fonts serve (slower, same pages).
  set->winAnsi = {};
  set->extended = {};
  HPDF_ResetError(set->doc);
  set->error = {};
  // Without subsets the full fonts are loaded now, so that a bad file is reported here.
  for (const Weight w : {Weight::kRegular, Weight::kBold}) {
    if (set->full(w) == nullptr) {
      const std::string& path = w == Weight::kBold ? fonts.bold : fonts.regular;
      char buf[64];
      std::snprintf(buf, sizeof buf, "libharu error 0x%04X",
                    static_cast<unsigned>(set->error.code));
      return domain::Error::internal("The PDF font file " + path +
                                     " cannot be loaded as a TrueType font (" + buf + ").");
    }
  }
  return set;
}

}  // namespace detail

FontFiles FontFiles::dejavu(std::string dir) {
  if (!dir.empty() && dir.back() != '/') dir.push_back('/');
  return FontFiles{dir + "DejaVuSans.ttf", dir + "DejaVuSans-Bold.ttf"};
}

domain::Status checkFontFiles(const FontFiles& fonts) {
  if (auto r = detail::identify(fonts.regular, "regular"); !r) return r.error();
  if (auto b = detail::identify(fonts.bold, "bold"); !b) return b.error();
  return {};
}

}  // namespace medoffice::codecs::pdf
