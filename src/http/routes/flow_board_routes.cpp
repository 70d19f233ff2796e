// SPDX-License-Identifier: AGPL-3.0-or-later
// The flow board (issue 4): today's visits at a location, and the same board live over
// server-sent events. A stream waits for a change notification (app::ChangeFeed: this process's
// commits on SQLite, every process's on PostgreSQL) or its idle timer, holding no worker; the
// streams of one location share each read of the board.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

#include "app/scheduling.hpp"
#include "codecs/json/json_writer.hpp"
#include "http/routes/api_context.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using domain::Error;
using domain::Instant;
using domain::Permission;
using domain::Result;
namespace sch = app::scheduling;

namespace {

constexpr const char* kLimited = "Your account is limited to other locations.";

/// The flow board as JSON: one line per visit of the day that is not over.
std::string boardJson(domain::LocationId location, const std::string& zone, Instant now,
                      const std::vector<sch::BoardEntry>& entries) {
  codecs::JsonWriter w;
  w.beginObject()
      .member("location_id", location.value)
      .member("time_zone", zone)
      .member("generated_at", now.toString())
      .key("items")
      .beginArray();
  for (const auto& e : entries) {
    const auto& a = e.appointment;
    w.beginObject()
        .member("appointment_id", a.id.value)
        .member("status", domain::toString(a.status))
        .member("patient_id", a.patientId.value)
        .member("patient_name", e.patientName)
        .member("provider_id", a.providerId.value)
        .member("provider_name", e.providerName)
        .key("room_name");
    if (e.roomName.empty()) {
      w.null();
    } else {
      w.value(e.roomName);
    }
    w.member("start", a.start.toString()).member("end", a.end.toString()).key("minutes_in_step");
    if (e.minutesInStep) {
      w.value(*e.minutesInStep);
    } else {
      w.null();
    }
    w.member("walk_in", a.walkIn).member("version", a.meta.version).endObject();
  }
  w.endArray().endObject();
  return w.take();
}

/// What the streams of one process share per location: one subscription to the change feed,
/// the streams it wakes, and the last board read. A change makes the first stream that runs read
/// the board again; the others reuse that read. Thread-safe.
class BoardWatch {
 public:
  using Key = std::pair<std::int64_t, std::int64_t>;  // organization, location

  explicit BoardWatch(app::ChangeFeed* feed) : feed_(feed) {}
  BoardWatch(const BoardWatch&) = delete;
  BoardWatch& operator=(const BoardWatch&) = delete;

  /// Calls `wake` after every committed change of the board, until the handle is released.
  std::shared_ptr<void> watch(Key key, std::function<void()> wake) {
    std::lock_guard lock(m_);
    auto& entry = entries_[key];
    if (!entry) {
      entry = std::make_shared<Entry>();
      if (feed_ != nullptr) {
        entry->subscription = feed_->subscribe(
            app::boardTopic(domain::OrganizationId(key.first), domain::LocationId(key.second)),
            [this, key] { changed(key); });
      }
    }
    const std::uint64_t id = nextId_++;
    entry->watchers.emplace(id, std::move(wake));
    return std::shared_ptr<void>(nullptr, [this, key, id](void*) { forget(key, id); });
  }

  /// The board as JSON, and whether it reflects every change notified so far.
  struct Board {
    std::string json;
    bool fresh = true;
  };

  /// The board: read again (by `read`) after a change or when the last read is older than
  /// `maxAge`, but at most once per `minGap` for all streams of the location together (a
  /// stream that gets an older board is told so and looks again shortly).
  Result<Board> current(Key key, std::chrono::milliseconds maxAge, std::chrono::milliseconds minGap,
                        const std::function<Result<std::string>()>& read) {
    std::shared_ptr<Entry> entry;
    {
      std::lock_guard lock(m_);
      if (auto it = entries_.find(key); it != entries_.end()) entry = it->second;
    }
    if (!entry) {
      auto json = read();
      if (!json) return json.error();
      return Board{std::move(*json), true};
    }
    std::lock_guard lock(entry->readMutex);  // one read at a time; the others wait and reuse it
    const std::uint64_t changes = entry->changes.load();
    const auto now = std::chrono::steady_clock::now();
    const auto age = now - entry->readAt;
    if (entry->hasJson && ((entry->readChanges == changes && age < maxAge) || age < minGap)) {
      return Board{entry->json, entry->readChanges == changes};
    }
    auto json = read();
    if (!json) return json.error();
    entry->json = *json;
    entry->hasJson = true;
    entry->readChanges = changes;  // taken before the read: a change during it reads again
    entry->readAt = now;
    return Board{std::move(*json), true};
  }

 private:
  struct Entry {
    std::shared_ptr<void> subscription;
    std::map<std::uint64_t, std::function<void()>> watchers;  // guarded by BoardWatch::m_
    std::atomic<std::uint64_t> changes{0};
    std::mutex readMutex;  // guards what follows
    bool hasJson = false;
    std::uint64_t readChanges = 0;
    std::chrono::steady_clock::time_point readAt;
    std::string json;
  };

  void changed(Key key) {
    std::vector<std::function<void()>> wake;
    {
      std::lock_guard lock(m_);
      auto it = entries_.find(key);
      if (it == entries_.end()) return;
      it->second->changes.fetch_add(1);
      for (const auto& [id, fn] : it->second->watchers) wake.push_back(fn);
    }
    for (const auto& fn : wake) fn();
  }

  void forget(Key key, std::uint64_t id) {
    std::shared_ptr<Entry> gone;  // released outside the lock (it unsubscribes from the feed)
    {
      std::lock_guard lock(m_);
      auto it = entries_.find(key);
      if (it == entries_.end()) return;
      it->second->watchers.erase(id);
      if (it->second->watchers.empty()) {
        gone = std::move(it->second);
        entries_.erase(it);
      }
    }
  }

  app::ChangeFeed* feed_;
  std::mutex m_;
  std::uint64_t nextId_ = 1;
  std::map<Key, std::shared_ptr<Entry>> entries_;
};

}  // namespace

void registerFlowBoardRoutes(Router& router, ApiContext& ctx) {
  // One read of the board: the location's zone and today's lines.
  struct Board {
    std::string zone;
    std::vector<sch::BoardEntry> entries;
  };
  auto readBoard = [&ctx](Repositories& r, domain::OrganizationId org, domain::LocationId location,
                          Instant now) -> Result<Board> {
    auto loc = r.locations().get(org, location);
    if (!loc) return Error::notFound("location not found");
    auto entries = sch::flowBoard(r, ctx.zones, now, org, location);
    if (!entries) return entries.error();
    return Board{loc->timeZone, std::move(*entries)};
  };
  auto boardLocation = [](const Request& req) -> Result<domain::LocationId> {
    domain::FieldErrors e;
    QueryReader q(req, e);
    const domain::LocationId location(queryId(q, e, "location_id"));
    q.finish();
    if (e.empty() && !location.valid()) e.add("location_id", "is required");
    if (!e.empty()) return e.toError();
    return location;
  };

  router.add(
      "GET", "/api/v1/flow-board",
      "Today's flow board at a location: who is waiting, how long, where",
      Access::need(Permission::kScheduleRead),
      [&ctx, readBoard, boardLocation](const Request& req, const PathParams&) -> Result<Response> {
        auto location = boardLocation(req);
        if (!location) return location.error();
        const domain::Principal& who = caller(req);
        const Instant now = ctx.clock.now();
        if (!who.mayUseLocation(*location, now)) return Error::forbidden(kLimited);
        auto board = app::writeValue<Board>(ctx.uow, [&](Repositories& r) -> Result<Board> {
          auto b = readBoard(r, who.organizationId, *location, now);
          if (!b) return b.error();
          audit(r, ctx, req, domain::AuditAction::kSearch, "appointment",
                "flow board location " + std::to_string(location->value) + ": " +
                    std::to_string(b->entries.size()) + " visits");
          return b;
        });
        if (!board) return board.error();
        return jsonResponse(200, boardJson(*location, board->zone, now, board->entries), true);
      });

  auto watch = std::make_shared<BoardWatch>(ctx.changes);
  router.add("GET", "/api/v1/flow-board/stream",
             "The flow board, live (server-sent events: a `board` event whenever it changes)",
             Access::need(Permission::kScheduleRead),
             [&ctx, readBoard, boardLocation, watch](const Request& req,
                                                     const PathParams&) -> Result<Response> {
               auto location = boardLocation(req);
               if (!location) return location.error();
               const domain::Principal& who = caller(req);
               const domain::OrganizationId org = who.organizationId;
               const Instant now = ctx.clock.now();
               if (!who.mayUseLocation(*location, now)) return Error::forbidden(kLimited);
               // Opening the board is the audited read; its updates show the same board.
               auto first = app::writeValue<Board>(ctx.uow, [&](Repositories& r) -> Result<Board> {
                 auto b = readBoard(r, org, *location, now);
                 if (!b) return b.error();
                 audit(r, ctx, req, domain::AuditAction::kSearch, "appointment",
                       "flow board stream location " + std::to_string(location->value) + ": " +
                           std::to_string(b->entries.size()) + " visits");
                 return b;
               });
               if (!first) return first.error();
               struct State {
                 std::string last;
                 std::chrono::steady_clock::time_point lastWrite;
                 std::chrono::steady_clock::time_point until;
                 bool started = false;
               };
               auto state = std::make_shared<State>();
               state->last = boardJson(*location, first->zone, now, first->entries);
               // A stream lives ten minutes; EventSource clients reconnect (and sign in again if
               // their session ended), so a revoked session does not keep a board open.
               state->until = std::chrono::steady_clock::now() + std::chrono::minutes(10);
               const std::string zone = first->zone;
               const BoardWatch::Key key{org.value, location->value};
               auto stream = std::make_shared<EventStream>();
               // Without a change feed (tests that wire none), the stream looks every second.
               stream->idle =
                   ctx.changes != nullptr ? std::chrono::seconds(15) : std::chrono::seconds(1);
               stream->watch = [watch, key](std::function<void()> wake) {
                 return watch->watch(key, std::move(wake));
               };
               const auto idle = stream->idle;
               // The stream owns `next`, so `next` refers to it without keeping it alive.
               stream->next = [&ctx, state, key, zone, readBoard, watch, idle,
                               stream = stream.get()](bool) -> std::optional<std::string> {
                 using clock = std::chrono::steady_clock;
                 if (!state->started) {
                   state->started = true;
                   state->lastWrite = clock::now();
                   // The first board was read before the stream watched for changes: look
                   // again shortly, so that a change made in between is not missed.
                   stream->idle = std::chrono::milliseconds(250);
                   return "retry: 3000\nevent: board\ndata: " + state->last + "\n\n";
                 }
                 if (clock::now() > state->until) return std::nullopt;
                 // Woken by a change or by the timer, the stream reads the board (or reuses another
                 // stream's read of it): minutes in each step change every minute.
                 auto board = watch->current(
                     key, std::chrono::seconds(1), std::chrono::milliseconds(200),
                     [&]() -> Result<std::string> {
                       const Instant at = ctx.clock.now();
                       const domain::OrganizationId org(key.first);
                       const domain::LocationId where(key.second);
                       auto b = app::readValue<Board>(
                           ctx.uow, [&](Repositories& r) { return readBoard(r, org, where, at); });
                       if (!b) return b.error();
                       return boardJson(where, zone, at, b->entries);
                     });
                 if (!board) return std::nullopt;
                 // A board older than the last change: look again as soon as another read is
                 // allowed.
                 stream->idle = board->fresh ? idle : std::chrono::milliseconds(250);
                 std::string* json = &board->json;
                 auto strip = [](const std::string& j) { return j.substr(j.find("\"items\"")); };
                 if (strip(*json) != strip(state->last)) {
                   state->last = std::move(*json);
                   state->lastWrite = clock::now();
                   return "event: board\ndata: " + state->last + "\n\n";
                 }
                 // A comment every 15 s keeps proxies from closing a quiet stream.
                 if (clock::now() - state->lastWrite >= std::chrono::seconds(14)) {
                   state->lastWrite = clock::now();
                   return std::string(": keep-alive\n\n");
                 }
                 return std::string();
               };
               Response res;
               res.contentType = "text/event-stream";
               res.phi = true;
               res.events = std::move(stream);
               return res;
             });
}

}  // namespace medoffice::http
