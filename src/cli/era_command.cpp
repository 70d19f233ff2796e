// SPDX-License-Identifier: AGPL-3.0-or-later
// `medoffice era post`: posting an 835 file from the command line (cron, or a biller's shell).
#include "cli/era_command.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>

#include "app/remittances/remittances.hpp"
#include "app/security/audit_trail.hpp"
#include "cli/command_support.hpp"
#include "codecs/claims/x12_claim_formats.hpp"
#include "codecs/remittances/x12_remittance_formats.hpp"
#include "domain/claims/default_rules.hpp"
#include "integrations/crypto/sodium_security.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/security_stack.hpp"

namespace medoffice::cli {

namespace {

struct EraArgs {
  std::string file;
  bool dryRun = false;
  std::int64_t organization = 0;
  std::string keyFile;
};

std::string dollars(domain::Money m) {
  const std::int64_t cents = m.cents();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s$%lld.%02lld", cents < 0 ? "-" : "",
                static_cast<long long>((cents < 0 ? -cents : cents) / 100),
                static_cast<long long>((cents < 0 ? -cents : cents) % 100));
  return buf;
}

/// The file mapped read-only (read once, front to back), or a Failure naming it.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw Failure{{"cannot read " + path + ": " + std::strerror(errno)}};
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw Failure{{path + " is not a regular file"}};
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ == 0) return;
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_, 0);
    if (p == MAP_FAILED) {
      ::close(fd_);
      throw Failure{{"cannot map " + path + ": " + std::strerror(errno)}};
    }
    ::madvise(p, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(p);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  [[nodiscard]] std::string_view view() const { return {data_ == nullptr ? "" : data_, size_}; }

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

void print(const app::remittances::PostingReport& report) {
  for (const auto& r : report.remittances) {
    std::cout << "ERA " << (r.transaction + 1) << ": " << r.payerName << " (" << r.payerKey
              << "), trace " << r.traceNumber << ", payment " << dollars(r.payment);
    if (r.paymentDate) std::cout << " of " << r.paymentDate->toString();
    if (r.duplicate) {
      std::cout << ": posted before (remittance " << r.id.value << "); nothing posted\n";
      continue;
    }
    std::cout << (report.dryRun ? ": would post " : ": posted ") << r.posted.size() << " of "
              << r.claims << " claims (paid " << dollars(r.paid) << ", contractual "
              << dollars(r.contractual) << ", patient responsibility moved "
              << dollars(r.transferred) << ", denied " << dollars(r.denied) << "; " << r.entries
              << " ledger entries, " << r.denials << " denials)\n";
    for (const auto& c : r.posted) {
      std::cout << "  posted " << c.claim << " (CLP02 " << c.status << "): ";
      if (c.reversal) {
        std::cout << "reversal of " << dollars(-c.paid) << ", " << c.entries
                  << " entries taken back";
      } else {
        std::cout << "paid " << dollars(c.paid) << ", contractual " << dollars(c.contractual)
                  << ", patient responsibility " << dollars(c.transferred) << ", denied "
                  << dollars(c.denied) << " -> " << c.state;
      }
      std::cout << "\n";
      for (const auto& n : c.notes) std::cout << "    note: " << n << "\n";
    }
    for (const auto& c : r.notPosted) {
      std::cout << "  NOT posted " << c.claim << " (claim " << (c.position + 1) << "): " << c.reason
                << "\n";
    }
    for (const auto& p : r.providerAdjustments) {
      std::cout << "  provider adjustment " << p.reason
                << (p.reference.empty() ? "" : " " + p.reference) << ": " << dollars(p.amount)
                << (p.amount.cents() < 0 ? " (added to the payment)" : " (taken from the payment)")
                << "\n";
    }
  }
  std::cout << (report.dryRun ? "Dry run: nothing posted. " : "") << report.postedClaims()
            << " claims " << (report.dryRun ? "would be " : "") << "posted, "
            << report.notPostedClaims() << " not posted, payments " << dollars(report.payment())
            << "\n";
}

int runEra(const std::string& db, const EraArgs& a) {
  MappedFile file(a.file);
  auto database = openCurrent(db);
  const auto org = organizationFor(*database, a.organization);
  integrations::SodiumSecrets secrets(server::loadMasterKey(db, a.keyFile));
  integrations::SystemClock clock;
  codecs::X12RemittanceFormats formats;
  // Next payers' claims are made with the shipped scrub rules (the server's --scrub-rules file
  // applies when they are scrubbed again there, before batching).
  codecs::X12ClaimFormats claimFormats;
  integrations::SystemTimeZones zones;
  const app::claims::ClaimsSetup claims{
      claimFormats,
      std::make_shared<const std::vector<domain::claims::Rule>>(domain::claims::defaultRules()),
      zones};
  app::remittances::PostingOptions options;
  options.dryRun = a.dryRun;
  options.claims = &claims;
  auto report = app::remittances::postFile(
      *database, formats, org, file.view(), options, clock.now(),
      [&](app::Repositories& r, const app::remittances::RemittanceReport& one) {
        auto e = app::audit::event(nullptr, {"cli", "medoffice era post"}, clock.now(),
                                   domain::AuditAction::kCreate, "remittance",
                                   std::to_string(one.id.value) + " trace " + one.traceNumber +
                                       ": " + std::to_string(one.posted.size()) + " claims posted");
        e.organizationId = org;
        app::audit::record(r, secrets, std::move(e));
      });
  if (!report) {
    Failure f;
    f.lines.push_back(a.file + ": " + report.error().message);
    for (const auto& field : report.error().fields) {
      f.lines.push_back("  " + field.field + ": " + field.message);
    }
    throw f;
  }
  if (!a.dryRun) (void)app::audit::seal(*database, secrets);
  print(*report);
  return 0;
}

}  // namespace

void addEraCommand(CLI::App& app, std::string& db) {
  auto* era = app.add_subcommand("era", "Electronic remittance advice (X12 835)");
  era->require_subcommand(1);
  auto args = std::make_shared<EraArgs>();
  auto* post = era->add_subcommand(
      "post",
      "Post the 835 remittances of a file to the ledger and print the posting report; the same "
      "file again posts nothing; a file that does not balance posts nothing and exits 1");
  post->add_option("--db", db, "storage URL")->capture_default_str();
  post->add_flag("--dry-run", args->dryRun, "print the report without posting anything");
  post->add_option("--organization", args->organization, "organization id (default: the only one)")
      ->check(CLI::PositiveNumber);
  post->add_option("--key-file", args->keyFile,
                   "server key file (default: MEDOFFICE_KEY_FILE, or PATH.key beside a SQLite "
                   "database)");
  post->add_option("FILE", args->file, "the 835 file")->required();
  post->callback([&db, args] { runOrFail([&] { return runEra(db, *args); }); });
}

}  // namespace medoffice::cli
