// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/metrics.hpp"

#include <cstdio>
#include <sstream>

namespace medoffice::http {

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  auto& h = latency_[{method, route}];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::addGauge(Gauge g) {
  std::lock_guard lock(mutex_);
  gauges_.push_back(std::move(g));
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::vector<Gauge> gauges;
  {
    std::lock_guard lock(mutex_);
    out << "# HELP medoffice_http_requests_total HTTP requests by route and status.\n"
        << "# TYPE medoffice_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      out << "medoffice_http_requests_total{method=\"" << method << "\",route=\"" << route
          << "\",status=\"" << status << "\"} " << n << "\n";
    }
    out << "# HELP medoffice_http_request_duration_seconds Time to answer, by route.\n"
        << "# TYPE medoffice_http_request_duration_seconds histogram\n";
    for (const auto& [key, h] : latency_) {
      std::string labels = "method=\"" + key.first + "\",route=\"" + key.second + "\"";
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        char le[32];
        std::snprintf(le, sizeof le, "%g", kBuckets[i]);
        out << "medoffice_http_request_duration_seconds_bucket{" << labels << ",le=\"" << le
            << "\"} " << h.buckets[i] << "\n";
      }
      out << "medoffice_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
          << h.count << "\n";
      out << "medoffice_http_request_duration_seconds_sum{" << labels << "} " << h.sum << "\n";
      out << "medoffice_http_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
    }
    gauges = gauges_;
  }
  for (const auto& g : gauges) {
    out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " " << g.type << "\n"
        << g.name << " " << g.read() << "\n";
  }
  return out.str();
}

}  // namespace medoffice::http
