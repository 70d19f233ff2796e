// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Real-time eligibility (issue 17, point 6): the other half of the clearinghouse port. Claims
// travel as files (clearinghouse.hpp); an eligibility inquiry is one request answered while the
// desk waits, so it has its own port: a 270 goes out, a 271 comes back, within a time box.

#include <chrono>
#include <string>
#include <string_view>

#include "domain/claims/clearinghouse.hpp"

namespace medoffice::app {

/// How one exchange ended.
enum class ExchangeStatus {
  kAnswered,  ///< the clearinghouse answered with success; `body` holds its answer
  kFailed,    ///< refused, reset, an HTTP error, an unusable answer: `reason` says which
  kTimedOut,  ///< no complete answer within the time box
};

struct ExchangeReply {
  ExchangeStatus status = ExchangeStatus::kFailed;
  std::string body;    ///< the answer (a 271) when answered
  std::string reason;  ///< plain English when not answered ("connection refused by …")
  std::chrono::milliseconds elapsed{0};
};

/// Sends one 270 to a clearinghouse's real-time endpoint and returns its answer.
///
/// Contract for every implementation:
/// - **Time-boxed.** exchange() returns within `endpoint.timeoutMs` (plus a few milliseconds of
///   scheduling), whatever the peer does: a connection that is not open after
///   `endpoint.connectTimeoutMs` (or the whole box) ends the exchange as kTimedOut, as does an
///   answer that has not arrived complete when the box ends. Name resolution is inside the box.
/// - **Errors are values**, never exceptions: refused or reset connections, HTTP statuses other
///   than 2xx, answers larger than the implementation's limit and bad URLs are kFailed with the
///   reason in words a front desk can pass on; the reason never contains the request's bytes.
/// - **No retries** inside: the caller decides (a retry sends a new 270 with new numbers).
/// - **Thread-safe**: any number of calls may run at once, each on its own connection.
/// The caller must not hold a database transaction while it waits.
class EligibilityExchange {
 public:
  virtual ~EligibilityExchange() = default;
  virtual ExchangeReply exchange(const domain::claims::RealtimeEligibility& endpoint,
                                 std::string_view request270) = 0;
};

}  // namespace medoffice::app
