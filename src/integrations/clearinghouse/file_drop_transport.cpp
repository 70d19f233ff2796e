// SPDX-License-Identifier: AGPL-3.0-or-later
#include "integrations/clearinghouse/file_drop_transport.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace medoffice::integrations {

namespace {

namespace fs = std::filesystem;
using domain::Error;
using domain::ErrorCode;

Error failure(ErrorCode code, const std::string& what) {
  return Error{code, "file drop: " + what, {}};
}

Error systemFailure(const std::string& step, const fs::path& path, int err) {
  return failure(ErrorCode::kUnavailable,
                 "cannot " + step + " " + path.string() + ": " + std::strerror(err));
}

/// Closes a descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

int syncDirectory(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.fd < 0) return errno;
  return ::fsync(fd.fd) == 0 ? 0 : errno;
}

/// Renames without replacing an existing target: 0, or the errno (EEXIST when taken).
int renameNoReplace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  const int err = errno;
  if (err != EINVAL && err != ENOSYS && err != ENOTSUP) return err;
  // A file system without RENAME_NOREPLACE: link() fails when the target exists.
  if (::link(from.c_str(), to.c_str()) != 0) return errno;
  ::unlink(from.c_str());
  return 0;
}

std::string tooLarge(const fs::path& path, std::uint64_t size, std::uint64_t limit) {
  return path.string() + " has " + (size > limit ? "more than " : "") + std::to_string(size) +
         " bytes, more than the limit of " + std::to_string(limit);
}

/// The whole content of a regular file opened as `fd`, refusing more than `limit` bytes.
domain::Result<std::string> readAll(int fd, const fs::path& path, std::uint64_t limit) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return systemFailure("inspect", path, errno);
  if (!S_ISREG(st.st_mode)) return failure(ErrorCode::kInvalid, path.string() + " is not a file");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > limit) return failure(ErrorCode::kInvalid, tooLarge(path, size, limit));
  std::string out;
  out.reserve(static_cast<std::size_t>(size));
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return systemFailure("read", path, errno);
    }
    if (n == 0) return out;
    if (out.size() + static_cast<std::uint64_t>(n) > limit) {  // it grew while being read
      return failure(ErrorCode::kInvalid, tooLarge(path, limit + 1, limit));
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
}

domain::Status writeAll(int fd, std::string_view bytes, const fs::path& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return systemFailure("write", path, errno);
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

/// True when the file at `path` holds exactly `bytes`.
bool sameContent(const fs::path& path, std::string_view bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.fd < 0) return false;
  auto content = readAll(fd.fd, path, bytes.size() + 1);
  return content.ok() && *content == bytes;
}

std::string uniqueSuffix() {
  static std::atomic<std::uint64_t> counter{0};
  return std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1) + 1);
}

domain::Status ensureDirectory(const fs::path& dir, std::string_view role) {
  if (dir.empty()) {
    return failure(ErrorCode::kInvalid, "the " + std::string(role) + " folder is not configured");
  }
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    // Only folders made here are narrowed to the owner: an existing one may be shared with a
    // clearinghouse agent on purpose.
    if (!ec) fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec) {
      return failure(ErrorCode::kUnavailable, "cannot create the " + std::string(role) +
                                                  " folder " + dir.string() + ": " + ec.message());
    }
  }
  if (!fs::is_directory(dir, ec)) {
    return failure(ErrorCode::kUnavailable,
                   "the " + std::string(role) + " folder " + dir.string() + " is not a folder");
  }
  return {};
}

}  // namespace

domain::Result<std::unique_ptr<FileDropTransport>> FileDropTransport::open(
    FileDropOptions options) {
  if (options.archive.empty()) options.archive = options.inbox / "processed";
  for (const auto& [dir, role] :
       {std::pair{options.outbox, "outbox"}, std::pair{options.inbox, "inbox"},
        std::pair{options.archive, "archive"}}) {
    if (auto s = ensureDirectory(dir, role); !s.ok()) return s.error();
  }
  return std::unique_ptr<FileDropTransport>(new FileDropTransport(std::move(options)));
}

domain::Result<app::SendReceipt> FileDropTransport::send(const app::OutboundFile& file) {
  if (!app::isTransportFileName(file.name)) {
    return failure(ErrorCode::kInvalid,
                   "'" + file.name +
                       "' is not a file name for a clearinghouse (letters, digits, '.', '_' and "
                       "'-', up to 200, not starting with '.')");
  }
  const fs::path final = options_.outbox / file.name;
  const fs::path temp = options_.outbox / ("." + file.name + "." + uniqueSuffix() + ".tmp");
  app::SendReceipt receipt;
  receipt.reference = "file:" + fs::absolute(final).lexically_normal().string();
  {
    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (fd.fd < 0) return systemFailure("create", temp, errno);
    auto written = writeAll(fd.fd, file.bytes, temp);
    if (written.ok() && ::fsync(fd.fd) != 0) written = systemFailure("sync", temp, errno);
    if (!written.ok()) {
      ::unlink(temp.c_str());
      return written.error();
    }
  }
  if (const int err = renameNoReplace(temp, final); err != 0) {
    ::unlink(temp.c_str());
    if (err != EEXIST) return systemFailure("rename the written file to", final, err);
    if (!sameContent(final, file.bytes)) {
      return failure(ErrorCode::kConflict, "a different file named " + file.name +
                                               " is already in the outbox " +
                                               options_.outbox.string() + "; it was left alone");
    }
    receipt.alreadyPresent = true;
    return receipt;
  }
  if (const int err = syncDirectory(options_.outbox); err != 0) {
    return systemFailure("sync the outbox folder", options_.outbox, err);
  }
  return receipt;
}

domain::Result<std::vector<app::InboundEntry>> FileDropTransport::list() {
  DIR* dir = ::opendir(options_.inbox.c_str());
  if (dir == nullptr) return systemFailure("list the inbox", options_.inbox, errno);
  std::vector<app::InboundEntry> out;
  const int dirFd = ::dirfd(dir);
  errno = 0;
  while (const dirent* e = ::readdir(dir)) {
    const std::string name = e->d_name;
    if (!app::isInboundFileName(name)) continue;
    struct stat st {};
    if (::fstatat(dirFd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone
    if (!S_ISREG(st.st_mode)) continue;
    out.push_back({name, static_cast<std::uint64_t>(st.st_size)});
    errno = 0;
  }
  const int err = errno;
  ::closedir(dir);
  if (err != 0) return systemFailure("list the inbox", options_.inbox, err);
  std::sort(out.begin(), out.end(),
            [](const app::InboundEntry& a, const app::InboundEntry& b) { return a.name < b.name; });
  return out;
}

domain::Result<app::InboundFile> FileDropTransport::read(const std::string& name) {
  if (!app::isInboundFileName(name)) {
    return failure(ErrorCode::kInvalid, "'" + name + "' is not an inbound file name");
  }
  const fs::path path = options_.inbox / name;
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.fd < 0) {
    if (errno == ENOENT) {
      return failure(ErrorCode::kNotFound,
                     name + " is not in the inbox " + options_.inbox.string());
    }
    return systemFailure("open", path, errno);
  }
  auto bytes = readAll(fd.fd, path, options_.maxInboundBytes);
  if (!bytes.ok()) return bytes.error();
  return app::InboundFile{name, std::move(*bytes)};
}

domain::Status FileDropTransport::archive(const std::string& name) {
  if (!app::isInboundFileName(name)) {
    return failure(ErrorCode::kInvalid, "'" + name + "' is not an inbound file name");
  }
  // The archive folder may have been removed since open() (an operator tidying up).
  if (auto s = ensureDirectory(options_.archive, "archive"); !s.ok()) return s;
  const fs::path from = options_.inbox / name;
  fs::path to = options_.archive / name;
  int err = renameNoReplace(from, to);
  for (int n = 1; err == EEXIST && n <= 1000; ++n) {
    to = options_.archive / (name + "." + std::to_string(n));
    err = renameNoReplace(from, to);
  }
  if (err == ENOENT) {
    std::error_code ec;
    if (fs::exists(options_.archive / name, ec)) return {};  // archived by an earlier call
    return failure(ErrorCode::kNotFound, name + " is neither in the inbox nor in the archive " +
                                             options_.archive.string());
  }
  if (err == EEXIST) {
    return failure(ErrorCode::kConflict, "the archive " + options_.archive.string() +
                                             " already holds 1000 files named " + name + ".N");
  }
  if (err != 0) return systemFailure("move to the archive", from, err);
  if (const int e = syncDirectory(options_.archive); e != 0) {
    return systemFailure("sync the archive folder", options_.archive, e);
  }
  if (const int e = syncDirectory(options_.inbox); e != 0) {
    return systemFailure("sync the inbox folder", options_.inbox, e);
  }
  return {};
}

}  // namespace medoffice::integrations
