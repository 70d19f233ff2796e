// SPDX-License-Identifier: AGPL-3.0-or-later
#include "http/server.hpp"
#include "http/static_ui.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <thread>

#include "http/problem.hpp"

namespace medoffice::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
namespace ssl = asio::ssl;

namespace {

std::string methodLabel(std::string_view m) {
  static constexpr std::string_view kKnown[] = {"GET",    "POST", "PUT",    "PATCH",
                                                "DELETE", "HEAD", "OPTIONS"};
  for (auto k : kKnown) {
    if (k == m) return std::string(m);
  }
  return "OTHER";
}

void addCommonHeaders(Response& r, bool api) {
  r.header("X-Content-Type-Options", "nosniff");
  r.header("Referrer-Policy", "no-referrer");
  r.header("X-Frame-Options", "DENY");
  r.header("Content-Security-Policy",
           api ? "default-src 'none'; frame-ancestors 'none'"
               : "default-src 'self'; frame-ancestors 'none'; object-src 'none'");
  if (r.phi || api) r.header("Cache-Control", "no-store");
}

}  // namespace

Response dispatch(const Router& router, Metrics& metrics, Gatekeeper* gate, Request& req) {
  const auto start = std::chrono::steady_clock::now();
  Match m = router.match(req.method, req.path);
  Response res;
  std::string label = "unmatched";
  std::optional<Response> ui;
  if (!m.route && !m.pathKnown && req.method == "GET") ui = serveUi(req);
  if (ui) {
    label = "ui";
    res = std::move(*ui);
  } else if (!m.route) {
    if (m.pathKnown) {
      res = problem(405, "Method not allowed",
                    "This resource does not support " + methodLabel(req.method) + ".");
      res.header("Allow", m.allow);
    } else {
      res = problem(404, "Not found", "No resource has this path.");
    }
  } else {
    label = m.route->pattern;
    try {
      domain::Result<Response> out = Response{};
      const Access& access = m.route->access;
      if (!access.open) {
        domain::Status admitted =
            gate != nullptr ? gate->admit(req)
                            : domain::Status(domain::Error::unauthenticated("Sign in first."));
        if (!admitted.ok()) {
          out = admitted.error();
        } else if (!req.principal || !req.principal->can(access.permission)) {
          if (gate != nullptr && req.principal) gate->denied(req, access.permission);
          out = domain::Error::forbidden("Your role does not allow this.");
        }
      }
      if (out.ok()) out = m.route->handler(req, m.params);
      if (out.ok()) {
        res = std::move(out).value();
      } else {
        if (out.error().code == domain::ErrorCode::kInternal) {
          spdlog::error("{} {}: {}", methodLabel(req.method), label, out.error().message);
        }
        res = problem(out.error());
      }
    } catch (const std::exception& e) {
      spdlog::error("{} {} failed: {}", methodLabel(req.method), label, e.what());
      res = problem(500, "Internal error", "The server could not complete the request.");
    }
  }
  addCommonHeaders(res, req.path.rfind("/api/", 0) == 0 || req.path.rfind("/fhir/", 0) == 0);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.observe(methodLabel(req.method), label, res.status, secs);
  return res;
}

namespace {

using BeastRequest = bhttp::request<bhttp::string_body>;
using BeastResponse = bhttp::response<bhttp::string_body>;

/// Our request from Beast's; the body is moved out only with `withBody` (a header alone is read
/// to decide the body limit).
std::optional<Request> fromBeast(BeastRequest& in, bool withBody = true) {
  Request r;
  r.method = std::string(in.method_string());
  std::string_view target = in.target();
  auto q = target.find('?');
  auto path = percentDecode(target.substr(0, q), false);
  if (!path) return std::nullopt;
  r.path = std::move(*path);
  if (q != std::string_view::npos) {
    std::string_view query = target.substr(q + 1);
    std::size_t start = 0;
    while (start <= query.size()) {
      auto end = query.find('&', start);
      if (end == std::string_view::npos) end = query.size();
      std::string_view pair = query.substr(start, end - start);
      if (!pair.empty()) {
        auto eq = pair.find('=');
        auto k = percentDecode(pair.substr(0, eq), true);
        auto v = percentDecode(
            eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
        if (!k || !v) return std::nullopt;
        r.query.emplace_back(std::move(*k), std::move(*v));
      }
      start = end + 1;
    }
  }
  for (const auto& f : in) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(f.value());
  }
  if (withBody) r.body = std::move(in.body());
  return r;
}

std::shared_ptr<BeastResponse> toBeast(Response& r, unsigned version, bool keepAlive) {
  auto out = std::make_shared<BeastResponse>(static_cast<bhttp::status>(r.status), version);
  out->set(bhttp::field::server, "medoffice");
  out->set(bhttp::field::content_type, r.contentType);
  for (auto& [k, v] : r.headers) out->insert(k, v);
  out->body() = std::move(r.body);
  out->keep_alive(keepAlive);
  out->prepare_payload();
  return out;
}

}  // namespace

/// At most this many event streams (live boards) at once per server. A waiting stream holds a
/// socket and a timer, not a worker.
constexpr int kMaxEventStreams = 2000;

/// One connection. `Stream` is a plain TCP stream or a TLS stream over one.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  Session(tcp::socket socket, Server::Impl& srv);
  void start();

 private:
  void doRead();
  void onHeader(beast::error_code ec, std::size_t);
  /// Admits the caller of a large-body route from its header (on a worker: it reads storage)
  /// and raises the body limit when it holds the route's permission; then reads the body.
  void admitLargeBody(domain::Permission permission);
  void readBody(std::size_t limit);
  void readRest();
  void onRead(beast::error_code ec, std::size_t);
  void send(Response res, unsigned version, bool keepAlive);
  void sendEvents(Response res, unsigned version);
  /// Runs the stream's `next` on a worker and writes its chunk, then waits for a change.
  void pump(bool woken);
  /// Waits for the stream's wake-up or its idle timer (on the I/O thread, no worker held).
  void awaitChange();
  void onWake();
  void endEvents();
  void lingeringClose();
  void shutdown();
  tcp::socket& socket() { return beast::get_lowest_layer(stream_).socket(); }
  void expiresAfter(std::chrono::seconds s) { beast::get_lowest_layer(stream_).expires_after(s); }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::size_t bodyLimit_ = 0;  ///< the limit the current request's body is read under
  Server::Impl& srv_;
  std::string remoteIp_;
  // Event streams only; touched on the I/O thread alone.
  std::shared_ptr<EventStream> events_;
  std::shared_ptr<void> watching_;
  std::optional<asio::steady_timer> timer_;
  std::chrono::steady_clock::time_point lastPump_;
  bool waiting_ = false;  ///< the timer is armed, no `next` is running or being written
  bool woken_ = false;    ///< a wake-up came since the last `next` started
  /// A wake-up is posted to the I/O thread and not yet handled: more are dropped (set by the
  /// notifying thread, cleared on the I/O thread).
  std::atomic<bool> wakePosted_{false};
};

struct Server::Impl {
  Impl(const Router& r, Metrics& m, Gatekeeper& g, ServerOptions o)
      : router(r),
        metrics(m),
        gate(g),
        options(std::move(o)),
        workers(static_cast<std::size_t>(std::max(1, options.workerThreads))),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM) {}

  void accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket s) {
      if (ec) {
        if (ec == asio::error::operation_aborted) return;
        spdlog::warn("accept failed: {}", ec.message());
      } else {
        s.set_option(tcp::no_delay(true), ec);
        if (tls) {
          std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(s), *this)
              ->start();
        } else {
          std::make_shared<Session<beast::tcp_stream>>(std::move(s), *this)->start();
        }
      }
      accept();
    });
  }

  const Router& router;
  Metrics& metrics;
  Gatekeeper& gate;
  ServerOptions options;
  asio::io_context ioc;
  std::unique_ptr<ssl::context> tls;  ///< set when serving HTTPS
  asio::thread_pool workers;
  std::atomic<int> streams{0};  ///< open event streams (a worker only while `next` runs)
  tcp::acceptor acceptor;
  asio::signal_set signals;
};

template <class Stream>
Session<Stream>::Session(tcp::socket sock, Server::Impl& srv)
    : stream_([&]() -> Stream {
        if constexpr (kTls) {
          return Stream(std::move(sock), *srv.tls);
        } else {
          return Stream(std::move(sock));
        }
      }()),
      srv_(srv) {
  beast::error_code ec;
  auto ep = socket().remote_endpoint(ec);
  if (!ec) remoteIp_ = ep.address().to_string();
}

template <class Stream>
void Session<Stream>::start() {
  if constexpr (kTls) {
    expiresAfter(std::chrono::seconds(10));
    stream_.async_handshake(ssl::stream_base::server,
                            [self = this->shared_from_this()](beast::error_code ec) {
                              if (ec) {
                                beast::error_code ignored;
                                self->socket().close(ignored);
                                return;
                              }
                              self->doRead();
                            });
  } else {
    doRead();
  }
}

template <class Stream>
void Session<Stream>::shutdown() {
  beast::error_code ignored;
  if constexpr (kTls) {
    expiresAfter(std::chrono::seconds(2));
    stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
      beast::error_code e;
      self->socket().close(e);
    });
  } else {
    socket().shutdown(tcp::socket::shutdown_both, ignored);
  }
}

template <class Stream>
void Session<Stream>::doRead() {
  parser_.emplace();
  // No limit while the header is parsed (Beast would refuse a Content-Length over it there):
  // readBody sets the one that applies to this request before any of the body is read.
  parser_->body_limit(boost::none);
  parser_->header_limit(16 * 1024);
  bodyLimit_ = srv_.options.bodyLimit;
  expiresAfter(std::chrono::seconds(srv_.options.idleTimeoutSeconds));
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Session::onHeader, this->shared_from_this()));
}

template <class Stream>
void Session<Stream>::onHeader(beast::error_code ec, std::size_t n) {
  if (ec || parser_->is_done()) {
    onRead(ec, n);
    return;
  }
  const auto& head = parser_->get();
  const auto length = parser_->content_length();  // none when chunked
  const std::size_t normal = srv_.options.bodyLimit;
  if (srv_.options.largeBodyLimit > normal && (!length || *length > normal)) {
    std::string_view target = head.target();
    auto path = percentDecode(target.substr(0, target.find('?')), false);
    if (path) {
      Match m = srv_.router.match(head.method_string(), *path);
      if (m.route != nullptr && m.route->largeBody && !m.route->access.open) {
        admitLargeBody(m.route->access.permission);
        return;
      }
    }
  }
  readBody(normal);
}

template <class Stream>
void Session<Stream>::admitLargeBody(domain::Permission permission) {
  auto head = std::make_shared<Request>();
  if (auto r = fromBeast(parser_->get(), false)) *head = std::move(*r);
  head->remoteIp =
      srv_.options.trustedProxies.clientAddress(remoteIp_, head->header("x-forwarded-for"));
  asio::post(srv_.workers, [self = this->shared_from_this(), head, permission] {
    bool allowed = false;
    try {
      allowed = !head->path.empty() && self->srv_.gate.admit(*head).ok() && head->principal &&
                head->principal->can(permission);
    } catch (const std::exception& e) {
      spdlog::error("admitting a large body failed: {}", e.what());
    }
    // Refused callers keep the default limit: dispatch answers them (401/403) if the body fits,
    // and a larger one gets 413 unread.
    asio::post(self->stream_.get_executor(), [self, allowed] {
      self->readBody(allowed ? self->srv_.options.largeBodyLimit : self->srv_.options.bodyLimit);
    });
  });
}

template <class Stream>
void Session<Stream>::readBody(std::size_t limit) {
  bodyLimit_ = limit;
  if (auto length = parser_->content_length(); length && *length > limit) {
    onRead(bhttp::error::body_limit, 0);
    return;
  }
  parser_->body_limit(limit);  // no body octet parsed yet: chunked bodies count against it
  if (limit > srv_.options.bodyLimit) {
    // Room for a slow uplink: about 1 MiB/s beyond the idle time.
    expiresAfter(std::chrono::seconds(srv_.options.idleTimeoutSeconds) +
                 std::chrono::seconds(limit / (1024 * 1024)));
  }
  // A client that sent "Expect: 100-continue" waits for the interim answer before it sends the
  // body (curl does for bodies over 1 KB, for a second before giving up waiting): the body is
  // acceptable by now, so say go on. A body too large was answered 413 above instead.
  const auto& head = parser_->get();
  if (head.version() >= 11 && !parser_->is_done() &&
      beast::iequals(head[bhttp::field::expect], "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) {
                          self->shutdown();
                          return;
                        }
                        self->readRest();
                      });
    return;
  }
  readRest();
}

template <class Stream>
void Session<Stream>::readRest() {
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Session::onRead, this->shared_from_this()));
}

template <class Stream>
void Session<Stream>::onRead(beast::error_code ec, std::size_t) {
  if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
      ec == asio::error::connection_reset || ec == asio::error::eof) {
    shutdown();
    return;
  }
  if (ec == bhttp::error::body_limit) {
    send(problem(413, "Payload too large",
                 "The request body is larger than " + std::to_string(bodyLimit_) + " bytes.",
                 {{"body", "is too large"}}),
         11, false);
    return;
  }
  if (ec == bhttp::error::header_limit) {
    send(problem(431, "Request header fields too large", "The request headers are too large."), 11,
         false);
    return;
  }
  if (ec) {
    if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category()) {
      send(problem(400, "Bad request", "The request is not valid HTTP/1.1."), 11, false);
    } else {
      shutdown();
    }
    return;
  }
  auto req = std::make_shared<BeastRequest>(parser_->release());
  beast::get_lowest_layer(stream_).expires_never();
  // Handlers block on storage: run them on the worker pool, then write from the socket's strand.
  asio::post(srv_.workers, [self = this->shared_from_this(), req] {
    const unsigned version = req->version();
    const bool keepAlive = req->keep_alive();
    Response res;
    if (auto r = fromBeast(*req)) {
      r->remoteIp = self->srv_.options.trustedProxies.clientAddress(self->remoteIp_,
                                                                    r->header("x-forwarded-for"));
      res = dispatch(self->srv_.router, self->srv_.metrics, &self->srv_.gate, *r);
    } else {
      res = problem(400, "Bad request", "The request target is not valid percent-encoding.",
                    {{"target", "has a malformed %-escape"}});
    }
    asio::post(self->stream_.get_executor(),
               [self, res = std::move(res), version, keepAlive]() mutable {
                 self->send(std::move(res), version, keepAlive);
               });
  });
}

template <class Stream>
void Session<Stream>::send(Response res, unsigned version, bool keepAlive) {
  if constexpr (kTls) {
    res.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
  if (res.events) {
    // Event streams come on top of requests; a bounded number (each holds a socket).
    if (srv_.streams.fetch_add(1) >= kMaxEventStreams) {
      srv_.streams.fetch_sub(1);
      res = problem(503, "Service unavailable", "Too many live boards are open; try again soon.");
      res.header("Retry-After", "10");
    } else {
      sendEvents(std::move(res), version);
      return;
    }
  }
  auto out = toBeast(res, version, keepAlive);
  expiresAfter(std::chrono::seconds(30));
  bhttp::async_write(
      stream_, *out,
      [self = this->shared_from_this(), out, keepAlive](beast::error_code ec, std::size_t) {
        if (ec) {
          self->shutdown();
          return;
        }
        if (!keepAlive) {
          self->lingeringClose();
          return;
        }
        self->doRead();
      });
}

template <class Stream>
void Session<Stream>::sendEvents(Response res, unsigned version) {
  auto head = std::make_shared<bhttp::response<bhttp::empty_body>>(
      static_cast<bhttp::status>(res.status), version);
  head->set(bhttp::field::server, "medoffice");
  head->set(bhttp::field::content_type, res.contentType);
  for (auto& [k, v] : res.headers) head->insert(k, v);
  head->set("X-Accel-Buffering", "no");  // reverse proxies must not hold events back
  head->keep_alive(false);               // the body ends when the connection does
  auto serializer = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*head);
  events_ = std::move(res.events);
  timer_.emplace(stream_.get_executor());
  if (events_->watch) {
    // The wake-up may come from any thread: it only schedules onWake on the I/O thread, and
    // keeps nothing alive once the connection is gone.
    std::weak_ptr<Session> weak = this->shared_from_this();
    watching_ = events_->watch([weak] {
      auto self = weak.lock();
      if (!self || self->wakePosted_.exchange(true)) return;
      asio::post(self->stream_.get_executor(), [self] { self->onWake(); });
    });
  }
  expiresAfter(std::chrono::seconds(30));
  bhttp::async_write_header(
      stream_, *serializer,
      [self = this->shared_from_this(), head, serializer](beast::error_code ec, std::size_t) {
        if (ec) {
          self->endEvents();
          return;
        }
        self->pump(false);
      });
}

template <class Stream>
void Session<Stream>::pump(bool woken) {
  waiting_ = false;
  woken_ = false;
  lastPump_ = std::chrono::steady_clock::now();
  asio::post(srv_.workers, [self = this->shared_from_this(), events = events_, woken] {
    std::optional<std::string> chunk;
    try {
      chunk = events->next(woken);
    } catch (const std::exception& e) {
      spdlog::error("event stream failed: {}", e.what());
      chunk = std::nullopt;
    }
    asio::post(self->stream_.get_executor(), [self, chunk = std::move(chunk)]() mutable {
      if (!chunk) {
        self->endEvents();
        return;
      }
      if (chunk->empty()) {
        self->awaitChange();
        return;
      }
      auto text = std::make_shared<std::string>(std::move(*chunk));
      self->expiresAfter(std::chrono::seconds(30));
      asio::async_write(self->stream_, asio::buffer(*text),
                        [self, text](beast::error_code ec, std::size_t) {
                          if (ec) {
                            self->endEvents();  // the client went away
                            return;
                          }
                          self->awaitChange();
                        });
    });
  });
}

template <class Stream>
void Session<Stream>::awaitChange() {
  if (!events_) return;
  waiting_ = true;
  // Woken meanwhile: run again as soon as the minimum interval allows; else sleep until a
  // wake-up or the idle time.
  const auto due = lastPump_ + (woken_ ? events_->minInterval : events_->idle);
  timer_->expires_at(due);
  timer_->async_wait([self = this->shared_from_this()](beast::error_code ec) {
    // Cancelled: a wake-up moved the timer (onWake), or the stream ended.
    if (ec || !self->waiting_) return;
    self->pump(self->woken_);
  });
}

template <class Stream>
void Session<Stream>::onWake() {
  wakePosted_ = false;
  if (!events_) return;
  const bool first = !woken_;
  woken_ = true;
  // While `next` runs or its chunk is written, awaitChange() sees woken_. While waiting, the
  // timer is brought forward (once) to the end of the minimum interval.
  if (waiting_ && first) {
    timer_->cancel();
    awaitChange();
  }
}

template <class Stream>
void Session<Stream>::endEvents() {
  if (!events_) return;
  watching_.reset();
  if (timer_) timer_->cancel();
  events_.reset();
  srv_.streams.fetch_sub(1);
  shutdown();
}

// Closing while the client is still sending (a 413, a bad request) would reset the connection
// and the client might never read our answer. Stop sending, then read and discard for a while.
template <class Stream>
void Session<Stream>::lingeringClose() {
  if constexpr (kTls) {
    shutdown();  // TLS has its own close handshake
    return;
  }
  beast::error_code ignored;
  socket().shutdown(tcp::socket::shutdown_send, ignored);
  expiresAfter(std::chrono::seconds(2));
  // Reads and drops until the client closes or the deadline passes. The handler passes itself
  // on by value: a handler that held a shared pointer to itself leaked the session when the
  // server stopped with the read still pending (LeakSanitizer).
  struct Drain {
    std::shared_ptr<Session> self;
    std::shared_ptr<std::array<char, 16384>> buf;
    void operator()(beast::error_code ec, std::size_t) {
      if (ec) {
        beast::error_code ignore;
        self->socket().close(ignore);
        return;
      }
      auto& stream = self->stream_;
      auto& bytes = *buf;
      stream.async_read_some(asio::buffer(bytes), std::move(*this));
    }
  };
  Drain drain{this->shared_from_this(), std::make_shared<std::array<char, 16384>>()};
  auto& bytes = *drain.buf;
  stream_.async_read_some(asio::buffer(bytes), std::move(drain));
}

Server::Server(const Router& router, Metrics& metrics, Gatekeeper& gate, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, metrics, gate, std::move(options))) {}

Server::~Server() {
  stop();
  impl_->workers.join();
}

std::uint16_t Server::listen() {
  beast::error_code ec;
  if (!impl_->options.tlsCert.empty()) {
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    ctx->use_certificate_chain_file(impl_->options.tlsCert, ec);
    if (ec) throw std::runtime_error("cannot read the TLS certificate " + impl_->options.tlsCert);
    ctx->use_private_key_file(impl_->options.tlsKey, ssl::context::pem, ec);
    if (ec) throw std::runtime_error("cannot read the TLS key " + impl_->options.tlsKey);
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      throw std::runtime_error("the TLS key does not match the certificate");
    }
    impl_->tls = std::move(ctx);
  }
  auto addr = asio::ip::make_address(impl_->options.address, ec);
  if (ec) throw std::runtime_error("invalid listen address " + impl_->options.address);
  tcp::endpoint ep(addr, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + impl_->options.address + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->accept();
  impl_->signals.async_wait([this](beast::error_code e, int) {
    if (!e) stop();
  });
  return a.local_endpoint().port();
}

void Server::run() {
  std::vector<std::thread> extra;
  for (int i = 1; i < impl_->options.ioThreads; ++i) {
    extra.emplace_back([this] { impl_->ioc.run(); });
  }
  impl_->ioc.run();
  for (auto& t : extra) t.join();
}

void Server::stop() {
  asio::post(impl_->ioc, [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
    impl_->signals.cancel(ec);
    impl_->ioc.stop();
  });
}

}  // namespace medoffice::http
