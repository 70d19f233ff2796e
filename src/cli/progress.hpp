// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace medoffice::cli {

/// A one-line progress bar on a terminal; silent when stderr is not a TTY. Not thread-safe: one
/// thread updates it.
class Progress {
 public:
  explicit Progress(std::string label) : label_(std::move(label)), tty_(isatty(2) != 0) {}
  void update(std::int64_t done, std::int64_t total) {
    if (!tty_ || total <= 0) return;
    const int width = 30;
    int filled = static_cast<int>(done * width / total);
    auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% %lld/%lld %.0f/s ", label_.c_str(), filled,
                 "##############################", width - filled, "",
                 static_cast<int>(done * 100 / total), static_cast<long long>(done),
                 static_cast<long long>(total),
                 elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0);
    if (done >= total) std::fputc('\n', stderr);
    std::fflush(stderr);
  }

 private:
  std::string label_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace medoffice::cli
