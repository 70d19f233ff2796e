// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cli/x12_command.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>

#include "codecs/x12/envelope.hpp"

namespace medoffice::cli {

namespace {

/// Closes a file descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

int checkFile(const std::string& path) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    std::cerr << "medoffice: cannot read " << path << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  // Streamed in 1 MiB reads: memory stays bounded by the longest segment, whatever the size.
  int readError = 0;
  codecs::x12::CheckOptions options;
  options.tokenizer.chunkBytes = std::size_t{1} << 20;
  const auto report = codecs::x12::check(
      [&](char* buffer, std::size_t capacity) -> std::ptrdiff_t {
        for (;;) {
          const ssize_t n = ::read(file.fd, buffer, capacity);
          if (n >= 0) return n;
          if (errno != EINTR) {
            readError = errno;
            return -1;
          }
        }
      },
      options);
  for (const auto& w : report.warnings) {
    std::cerr << "medoffice: " << path << ": warning: " << w.describe() << "\n";
  }
  if (!report.ok()) {
    for (const auto& p : report.problems) {
      std::cerr << "medoffice: " << path << ": " << p.describe();
      if (p.kind == codecs::x12::ProblemKind::kIo && readError != 0) {
        std::cerr << " (" << std::strerror(readError) << ")";
      }
      std::cerr << "\n";
    }
    return 1;
  }
  std::cout << report.summary.describe() << "\n";
  return 0;
}

}  // namespace

void addX12Command(CLI::App& app) {
  auto* x12 = app.add_subcommand("x12", "Read and check X12 5010 files");
  x12->require_subcommand(1);
  auto* check = x12->add_subcommand(
      "check",
      "Check the envelopes of an X12 5010 file (837P, 837I, 835, 270/271, 276/277, 277CA, 999); "
      "print a summary, or each problem with its segment position (exit 1)");
  auto path = std::make_shared<std::string>();
  check->add_option("FILE", *path, "the X12 file")->required();
  check->callback([path] {
    if (const int status = checkFile(*path); status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace medoffice::cli
