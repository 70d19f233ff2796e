// SPDX-License-Identifier: AGPL-3.0-or-later
#include "cli/x12_command.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "codecs/x12/ack_277ca.hpp"
#include "codecs/x12/ack_999.hpp"
#include "codecs/x12/envelope.hpp"
#include "codecs/x12/era_835.hpp"

namespace medoffice::cli {

namespace {

/// Closes a file descriptor when it goes out of scope.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

/// Reads a file descriptor in chunks; a failed read sets `readError` and ends the input.
codecs::x12::PullSource readFrom(int fd, int& readError) {
  return [fd, &readError](char* buffer, std::size_t capacity) -> std::ptrdiff_t {
    for (;;) {
      const ssize_t n = ::read(fd, buffer, capacity);
      if (n >= 0) return n;
      if (errno != EINTR) {
        readError = errno;
        return -1;
      }
    }
  };
}

/// Opens `path` for reading; prints why not and returns false when it cannot.
bool openFile(const std::string& path, Fd& file) {
  file.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file.fd >= 0) return true;
  std::cerr << "medoffice: cannot read " << path << ": " << std::strerror(errno) << "\n";
  return false;
}

void printProblem(const std::string& path, const codecs::x12::Problem& p, int readError) {
  std::cerr << "medoffice: " << path << ": " << p.describe();
  if (p.kind == codecs::x12::ProblemKind::kIo && readError != 0) {
    std::cerr << " (" << std::strerror(readError) << ")";
  }
  std::cerr << "\n";
}

/// Reads the 999s and 277CAs of a file whose envelopes passed (a further streaming pass for each
/// of these types the file holds; their readers check their loops and codes too). Adds what they
/// found to `line`; returns false after printing their problem.
bool checkAcknowledgements(const std::string& path, codecs::x12::Summary& summary,
                           std::string& line) {
  namespace x12 = codecs::x12;
  const auto has = [&](x12::TransactionType t) {
    return std::find(summary.types.begin(), summary.types.end(), t) != summary.types.end();
  };
  x12::AckReadOptions options;
  options.tokenizer.chunkBytes = std::size_t{1} << 20;
  options.skipOtherTransactions = true;
  if (has(x12::TransactionType::k999)) {
    Fd file;
    if (!openFile(path, file)) return false;
    int readError = 0;
    x12::Ack999Reader reader(readFrom(file.fd, readError), options);
    x12::Ack999Tally tally;
    while (const x12::Ack999* a = reader.next()) tally.add(*a);
    if (reader.problem()) {
      printProblem(path, *reader.problem(), readError);
      return false;
    }
    line += "; " + tally.describe();
  }
  if (has(x12::TransactionType::k277CA)) {
    Fd file;
    if (!openFile(path, file)) return false;
    int readError = 0;
    x12::Ack277CAReader reader(readFrom(file.fd, readError), options);
    x12::Ack277CATally tally;
    while (const x12::Ack277CA* a = reader.next()) tally.add(*a);
    if (reader.problem()) {
      printProblem(path, *reader.problem(), readError);
      return false;
    }
    summary.claims += tally.claims;
    line += "; " + tally.describe();
  }
  return true;
}

void printWarnings(const std::string& path, const std::vector<codecs::x12::Problem>& warnings) {
  for (const auto& w : warnings) {
    std::cerr << "medoffice: " << path << ": warning: " << w.describe() << "\n";
  }
}

int checkFile(const std::string& path) {
  namespace x12 = codecs::x12;
  // One streaming pass does it all for the common file: the 835 reader checks every envelope
  // rule of the whole input (other transactions are passed over, but their envelopes are
  // checked and counted) and reads each 835's loops, balancing each claim as it completes, so
  // memory stays bounded by the largest claim. Streamed in 1 MiB reads.
  Fd file;
  if (!openFile(path, file)) return 1;
  ::posix_fadvise(file.fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  int readError = 0;
  x12::AckReadOptions options;
  options.tokenizer.chunkBytes = std::size_t{1} << 20;
  options.skipOtherTransactions = true;
  x12::Era835Reader reader(readFrom(file.fd, readError), options);
  x12::Era835Tally tally;
  reader.onClaim([&tally](const x12::Remittance&, const x12::Claim835& c, std::size_t k) {
    tally.addClaim(c, k);
  });
  while (const x12::Remittance* r = reader.next()) tally.add(*r);

  x12::Summary summary;
  if (reader.problem()) {
    // The reader stops at its first problem. The envelope check reports every envelope problem
    // (up to 20), and came first before the 835 loops: read again with it alone, so a broken
    // file is reported exactly as it always was. Only broken files pay for the second pass.
    Fd again;
    if (!openFile(path, again)) return 1;
    int againError = 0;
    x12::CheckOptions checkOptions;
    checkOptions.tokenizer.chunkBytes = std::size_t{1} << 20;
    const auto report = x12::check(readFrom(again.fd, againError), checkOptions);
    printWarnings(path, report.warnings);
    if (!report.ok()) {
      for (const auto& p : report.problems) printProblem(path, p, againError);
      return 1;
    }
    summary = report.summary;
  } else {
    printWarnings(path, reader.warnings());
    summary = reader.summary();
  }
  std::string line;
  if (!checkAcknowledgements(path, summary, line)) return 1;
  if (reader.problem()) {
    printProblem(path, *reader.problem(), readError);
    return 1;
  }
  if (std::find(summary.types.begin(), summary.types.end(), x12::TransactionType::k835) !=
      summary.types.end()) {
    line += "; " + tally.describe();
    if (tally.unbalanced > 0) {
      std::cerr << "medoffice: " << path
                << ": the remittance does not balance: " << tally.firstProblem << "\n";
      return 1;
    }
  }
  std::cout << summary.describe() << line << "\n";
  return 0;
}

}  // namespace

void addX12Command(CLI::App& app) {
  auto* x12 = app.add_subcommand("x12", "Read and check X12 5010 files");
  x12->require_subcommand(1);
  auto* check = x12->add_subcommand(
      "check",
      "Check the envelopes of an X12 5010 file (837P, 837I, 835, 270/271, 276/277, 277CA, 999), "
      "the loops of its 999 and 277CA acknowledgements, and the loops and balance of its 835 "
      "remittances; print a summary, or each problem with its segment position (exit 1)");
  auto path = std::make_shared<std::string>();
  check->add_option("FILE", *path, "the X12 file")->required();
  check->callback([path] {
    if (const int status = checkFile(*path); status != 0) throw CLI::RuntimeError(status);
  });
}

}  // namespace medoffice::cli
