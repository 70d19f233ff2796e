// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>

#include "app/ports/eligibility_exchange.hpp"

namespace medoffice::integrations {

/// Real-time eligibility over HTTP/1.1: each exchange POSTs the 270 (Content-Type
/// application/edi-x12, Connection: close) to the clearinghouse's URL on a connection of its
/// own and takes a 2xx answer's body as the 271. Time-boxed as the port requires: the name is
/// resolved and the connection opened within the connect timeout, and the whole exchange
/// (resolution, connection, request, complete answer) ends when the overall timeout does.
/// Answers over `maxAnswerBytes` fail. http:// only (see domain::claims::parseHttpUrl).
/// Thread-safe: nothing is shared between calls.
class HttpEligibilityExchange final : public app::EligibilityExchange {
 public:
  struct Options {
    std::size_t maxAnswerBytes = 8 * 1024 * 1024;
    std::string userAgent = "MedOffice eligibility";
  };
  HttpEligibilityExchange() = default;
  explicit HttpEligibilityExchange(Options options) : options_(std::move(options)) {}

  app::ExchangeReply exchange(const domain::claims::RealtimeEligibility& endpoint,
                              std::string_view request270) override;

  /// One instance for the whole process, for the composition roots.
  static HttpEligibilityExchange& shared();

 private:
  Options options_;
};

}  // namespace medoffice::integrations
