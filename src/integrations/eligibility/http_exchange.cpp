// SPDX-License-Identifier: AGPL-3.0-or-later
// The real-time eligibility adapter: one HTTP/1.1 POST per 270 (over TLS for https://), on its
// own connection and its own io_context, every step under one deadline.
// Asio is header-only: every translation unit linked into one binary must see the same
// definitions, and http/ compiles it with BOOST_ASIO_NO_DEPRECATED (a different io_context
// layout otherwise; the mismatch crashed in the reactor).
#ifndef BOOST_ASIO_NO_DEPRECATED
#define BOOST_ASIO_NO_DEPRECATED
#endif

#include "integrations/eligibility/http_exchange.hpp"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace medoffice::integrations {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using app::ExchangeReply;
using app::ExchangeStatus;

namespace {

std::string seconds(int ms) {
  char buf[32];
  if (ms % 1000 == 0) {
    std::snprintf(buf, sizeof buf, "%d s", ms / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f s", ms / 1000.0);
  }
  return buf;
}

struct Resolved {
  std::vector<tcp::endpoint> endpoints;
  std::string error;
};

/// getaddrinfo on a thread of its own, so that a slow resolver cannot hold the caller beyond
/// its deadline: the caller stops waiting, and the thread ends whenever the resolver answers.
std::future<Resolved> resolve(const std::string& host, int port) {
  auto promise = std::make_shared<std::promise<Resolved>>();
  auto future = promise->get_future();
  std::thread([promise, host, port] {
    Resolved out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* list = nullptr;
    const std::string service = std::to_string(port);
    const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &list);
    if (rc != 0) {
      out.error = gai_strerror(rc);
    } else {
      for (addrinfo* a = list; a != nullptr; a = a->ai_next) {
        tcp::endpoint ep;
        if (a->ai_addrlen <= ep.capacity()) {
          std::memcpy(ep.data(), a->ai_addr, a->ai_addrlen);
          ep.resize(a->ai_addrlen);
          out.endpoints.push_back(ep);
        }
      }
      freeaddrinfo(list);
      if (out.endpoints.empty()) out.error = "no address";
    }
    promise->set_value(std::move(out));
  }).detach();
  return future;
}

/// TLS as a client: 1.2 or later, the peer's certificate checked against the system's trusted
/// CAs (OpenSSL's default paths; SSL_CERT_FILE or SSL_CERT_DIR point elsewhere) and the host.
std::unique_ptr<asio::ssl::context> clientTls() {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1);
  ctx->set_default_verify_paths();
  ctx->set_verify_mode(asio::ssl::verify_peer);
  return ctx;
}

/// One exchange's connection and its steps; lives on the caller's stack for one call.
class Call {
 public:
  /// `tls`: the client settings for an https:// URL naming `tlsHost` (a name or an address);
  /// null for http://.
  Call(std::size_t maxAnswer, asio::ssl::context* tls, const std::string& tlsHost) : tcp_(io_) {
    parser_.body_limit(maxAnswer);
    parser_.header_limit(64 * 1024);
    if (tls != nullptr) {
      ssl_.emplace(std::move(tcp_), *tls);
      ssl_->set_verify_callback(asio::ssl::host_name_verification(tlsHost));
      beast::error_code literal;
      asio::ip::make_address(tlsHost, literal);
      // SNI names a host, never an address.
      if (literal) SSL_set_tlsext_host_name(ssl_->native_handle(), tlsHost.c_str());
    }
  }

  enum class Stage { kConnect, kHandshake, kWrite, kRead, kDone };

  /// Runs connect, the TLS handshake, write and read, each bounded by its deadline, and returns
  /// when all are done or failed.
  void run(const std::vector<tcp::endpoint>& endpoints, Clock::time_point connectBy,
           Clock::time_point totalBy, http::request<http::string_body>& request) {
    totalBy_ = totalBy;
    request_ = &request;
    lower().expires_at(connectBy);
    lower().async_connect(endpoints, [this](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return fail(ec);
      lower().expires_at(totalBy_);
      if (!ssl_) return write(tcp_);
      stage_ = Stage::kHandshake;
      ssl_->async_handshake(asio::ssl::stream_base::client, [this](beast::error_code ec2) {
        if (ec2) return fail(ec2);
        write(*ssl_);
      });
    });
    // The stream's timers end every step at its deadline; this bound is only a safety net.
    io_.run_until(totalBy + std::chrono::milliseconds(250));
    if (!io_.stopped()) {
      lower().close();
      io_.restart();
      io_.run_for(std::chrono::milliseconds(100));
      if (stage_ != Stage::kDone && !error_) error_ = beast::error::timeout;
    }
  }

  [[nodiscard]] Stage stage() const { return stage_; }
  [[nodiscard]] beast::error_code error() const { return error_; }
  http::response_parser<http::string_body>& parser() { return parser_; }

 private:
  beast::tcp_stream& lower() { return ssl_ ? beast::get_lowest_layer(*ssl_) : tcp_; }

  template <class Stream>
  void write(Stream& s) {
    stage_ = Stage::kWrite;
    http::async_write(s, *request_, [this, &s](beast::error_code ec, std::size_t) {
      if (ec) return fail(ec);
      stage_ = Stage::kRead;
      lower().expires_at(totalBy_);
      http::async_read(s, buffer_, parser_, [this](beast::error_code ec2, std::size_t) {
        if (ec2) return fail(ec2);
        stage_ = Stage::kDone;
        // The answer is whole (the request asked to close): no TLS close_notify is waited for.
        beast::error_code ignored;
        lower().socket().shutdown(tcp::socket::shutdown_both, ignored);
      });
    });
  }

  void fail(beast::error_code ec) {
    error_ = ec;
    beast::error_code ignored;
    lower().socket().close(ignored);
  }

  asio::io_context io_;
  beast::tcp_stream tcp_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> ssl_;
  http::request<http::string_body>* request_ = nullptr;
  beast::flat_buffer buffer_;
  http::response_parser<http::string_body> parser_;
  Clock::time_point totalBy_;
  Stage stage_ = Stage::kConnect;
  beast::error_code error_;
};

std::string hostHeader(const domain::claims::HttpEndpoint& ep) {
  std::string host = ep.host.find(':') != std::string::npos ? "[" + ep.host + "]" : ep.host;
  if (ep.port != (ep.tls ? 443 : 80)) host += ":" + std::to_string(ep.port);
  return host;
}

/// Why a TLS handshake failed, in words: OpenSSL's reason ("certificate verify failed",
/// "wrong version number") rather than the error's numbers.
std::string tlsReason(const beast::error_code& ec) {
  if (ec.category() == asio::error::get_ssl_category()) {
    const unsigned long e = static_cast<unsigned long>(ec.value());
    if (const char* r = ERR_reason_error_string(e)) return r;
  }
  if (ec == asio::ssl::error::stream_truncated || ec == asio::error::eof ||
      ec == asio::error::connection_reset) {
    return "it closed the connection";
  }
  return ec.message();
}

}  // namespace

struct HttpEligibilityExchange::Tls {
  std::unique_ptr<asio::ssl::context> context = clientTls();
};

HttpEligibilityExchange::HttpEligibilityExchange() = default;
HttpEligibilityExchange::HttpEligibilityExchange(Options options) : options_(std::move(options)) {}
HttpEligibilityExchange::~HttpEligibilityExchange() = default;

HttpEligibilityExchange::Tls& HttpEligibilityExchange::tls() {
  std::lock_guard lock(tlsMade_);
  if (!tls_) tls_ = std::make_unique<Tls>();
  return *tls_;
}

HttpEligibilityExchange& HttpEligibilityExchange::shared() {
  static HttpEligibilityExchange instance;
  return instance;
}

ExchangeReply HttpEligibilityExchange::exchange(const domain::claims::RealtimeEligibility& endpoint,
                                                std::string_view request270) {
  const auto started = Clock::now();
  ExchangeReply reply;
  auto finish = [&](ExchangeStatus status, std::string reason) {
    reply.status = status;
    reply.reason = std::move(reason);
    reply.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    return reply;
  };
  auto ep = domain::claims::parseHttpUrl(endpoint.url);
  if (!ep) {
    std::string why = "the clearinghouse's real-time URL is not usable";
    for (const auto& f : ep.error().fields) why += ": " + f.message;
    return finish(ExchangeStatus::kFailed, why);
  }
  const auto totalBy = started + std::chrono::milliseconds(std::max(endpoint.timeoutMs, 1));
  const auto connectBy = std::min(
      totalBy, started + std::chrono::milliseconds(std::max(endpoint.connectTimeoutMs, 1)));
  const std::string where = hostHeader(*ep);
  const std::string box = seconds(endpoint.timeoutMs);

  std::vector<tcp::endpoint> endpoints;
  beast::error_code literal;
  const auto address = asio::ip::make_address(ep->host, literal);
  if (!literal) {
    endpoints.emplace_back(address, static_cast<unsigned short>(ep->port));
  } else {
    auto resolved = resolve(ep->host, ep->port);
    if (resolved.wait_until(connectBy) != std::future_status::ready) {
      return finish(ExchangeStatus::kTimedOut, "the clearinghouse's host name " + ep->host +
                                                   " did not resolve within " +
                                                   seconds(endpoint.connectTimeoutMs));
    }
    Resolved r = resolved.get();
    if (!r.error.empty()) {
      return finish(ExchangeStatus::kFailed, "the clearinghouse's host name " + ep->host +
                                                 " does not resolve (" + r.error + ")");
    }
    endpoints = std::move(r.endpoints);
  }

  http::request<http::string_body> request{http::verb::post, ep->target, 11};
  request.set(http::field::host, where);
  request.set(http::field::user_agent, options_.userAgent);
  request.set(http::field::content_type, "application/edi-x12");
  request.set(http::field::accept, "application/edi-x12, text/plain");
  request.set(http::field::connection, "close");
  request.body() = std::string(request270);
  request.prepare_payload();

  Call call(options_.maxAnswerBytes, ep->tls ? tls().context.get() : nullptr, ep->host);
  call.run(endpoints, connectBy, totalBy, request);
  const beast::error_code ec = call.error();
  if (ec) {
    const bool timedOut = ec == beast::error::timeout || ec == asio::error::timed_out;
    switch (call.stage()) {
      case Call::Stage::kConnect:
        if (timedOut) {
          return finish(
              ExchangeStatus::kTimedOut,
              "the clearinghouse at " + where + " did not accept a connection within " +
                  seconds(static_cast<int>(
                      std::chrono::duration_cast<std::chrono::milliseconds>(connectBy - started)
                          .count())));
        }
        if (ec == asio::error::connection_refused) {
          return finish(ExchangeStatus::kFailed,
                        "the clearinghouse at " + where + " refused the connection");
        }
        return finish(ExchangeStatus::kFailed, "could not connect to the clearinghouse at " +
                                                   where + " (" + ec.message() + ")");
      case Call::Stage::kHandshake:
        if (timedOut) {
          return finish(
              ExchangeStatus::kTimedOut,
              "no secure connection with the clearinghouse at " + where + " within " + box);
        }
        return finish(ExchangeStatus::kFailed,
                      "could not make a secure connection with the clearinghouse at " + where +
                          " (" + tlsReason(ec) + ")");
      case Call::Stage::kWrite:
      case Call::Stage::kRead:
        if (timedOut) {
          return finish(ExchangeStatus::kTimedOut,
                        "no complete answer from the clearinghouse within " + box);
        }
        if (ec == http::error::body_limit) {
          return finish(ExchangeStatus::kFailed,
                        "the clearinghouse's answer is larger than " +
                            std::to_string(options_.maxAnswerBytes / (1024 * 1024)) + " MiB");
        }
        if (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
            ec == asio::error::eof || ec == http::error::partial_message ||
            ec == asio::error::broken_pipe) {
          return finish(ExchangeStatus::kFailed,
                        "the clearinghouse closed the connection before answering");
        }
        if (ec.category() == http::make_error_code(http::error::bad_method).category()) {
          return finish(ExchangeStatus::kFailed,
                        "the clearinghouse's answer is not valid HTTP (" + ec.message() + ")");
        }
        return finish(ExchangeStatus::kFailed,
                      "the exchange with the clearinghouse failed (" + ec.message() + ")");
      case Call::Stage::kDone:
        break;
    }
  }
  auto& response = call.parser().get();
  const unsigned status = response.result_int();
  if (status < 200 || status > 299) {
    std::string reason(response.reason());
    return finish(ExchangeStatus::kFailed, "the clearinghouse answered HTTP " +
                                               std::to_string(status) +
                                               (reason.empty() ? "" : " " + reason));
  }
  if (response.body().empty()) {
    return finish(ExchangeStatus::kFailed, "the clearinghouse answered with an empty body");
  }
  reply.body = std::move(response.body());
  return finish(ExchangeStatus::kAnswered, {});
}

}  // namespace medoffice::integrations
