// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "app/ports/eligibility_exchange.hpp"

namespace medoffice::integrations {

/// Real-time eligibility over HTTP/1.1: each exchange POSTs the 270 (Content-Type
/// application/edi-x12, Connection: close) to the clearinghouse's URL on a connection of its
/// own and takes a 2xx answer's body as the 271. Time-boxed as the port requires: the name is
/// resolved and the connection opened within the connect timeout, and the whole exchange
/// (resolution, connection, request, complete answer) ends when the overall timeout does.
/// Answers over `maxAnswerBytes` fail. Over https:// the connection is TLS 1.2 or later and the
/// clearinghouse's certificate is verified against the trusted CAs (OpenSSL's default paths, read
/// once per instance: about 14 ms) and the URL's host. Thread-safe: calls share only the TLS
/// settings, which are read-only once made.
class HttpEligibilityExchange final : public app::EligibilityExchange {
 public:
  struct Options {
    std::size_t maxAnswerBytes = 8 * 1024 * 1024;
    std::string userAgent = "MedOffice eligibility";
  };
  HttpEligibilityExchange();
  explicit HttpEligibilityExchange(Options options);
  ~HttpEligibilityExchange() override;
  HttpEligibilityExchange(const HttpEligibilityExchange&) = delete;
  HttpEligibilityExchange& operator=(const HttpEligibilityExchange&) = delete;

  app::ExchangeReply exchange(const domain::claims::RealtimeEligibility& endpoint,
                              std::string_view request270) override;

  /// One instance for the whole process, for the composition roots.
  static HttpEligibilityExchange& shared();

 private:
  struct Tls;
  /// The TLS client settings, made at the first https:// exchange.
  Tls& tls();

  Options options_;
  std::mutex tlsMade_;
  std::unique_ptr<Tls> tls_;
};

}  // namespace medoffice::integrations
