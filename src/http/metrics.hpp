// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace medoffice::http {

/// A gauge sampled when /metrics is scraped.
struct Gauge {
  std::string name;
  std::string help;
  std::function<double()> read;
  std::string type = "gauge";  ///< or "counter" for monotonic totals
};

/// Request counters and latency histograms per route pattern, in Prometheus text format.
/// Labels are route patterns, never raw paths, so no id or PHI reaches the metrics.
/// Thread-safe.
class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};
  void observe(const std::string& method, const std::string& route, int status, double seconds);
  void addGauge(Gauge g);
  [[nodiscard]] std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::pair<std::string, std::string>, Histogram> latency_;
  std::vector<Gauge> gauges_;
};

}  // namespace medoffice::http
