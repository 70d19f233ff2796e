// SPDX-License-Identifier: AGPL-3.0-or-later
// The batch run: every coverage of a day's appointments checked, a few at a time, each check
// time-boxed, a report line per coverage.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "app/eligibility/eligibility.hpp"

namespace medoffice::app::eligibility {

using domain::Error;
using domain::Instant;

namespace {

/// One check to make.
struct Work {
  CheckRequest request;
  domain::PatientId patient;
};

struct Collected {
  std::vector<domain::Date> dates;
  std::int64_t appointments = 0;
  std::vector<Work> work;
};

Result<Collected> collect(Repositories& r, const EligibilitySetup& setup, const BatchRequest& q,
                          Instant now) {
  std::vector<domain::Location> locations;
  PageRequest page;
  page.limit = 200;
  for (;;) {
    auto list = r.locations().list(q.org, page);
    if (!list) return list.error();
    for (auto& l : list->items) locations.push_back(std::move(l));
    if (list->nextCursor.empty()) break;
    page.cursor = list->nextCursor;
  }
  for (std::size_t k = 0; k < q.locations.size(); ++k) {
    const bool known = std::any_of(locations.begin(), locations.end(),
                                   [&](const auto& l) { return l.id == q.locations[k]; });
    if (!known) {
      return Error::invalidField("location_ids[" + std::to_string(k) + "]",
                                 "is not an active location of this practice");
    }
  }
  Collected out;
  std::set<std::pair<std::int64_t, std::int64_t>> seen;  // (coverage, day)
  std::set<std::int64_t> days;
  for (const auto& loc : locations) {
    if (!q.locations.empty() &&
        std::find(q.locations.begin(), q.locations.end(), loc.id) == q.locations.end()) {
      continue;
    }
    domain::Date day;
    if (q.date) {
      day = *q.date;
    } else {
      auto local = setup.zones.toLocal(loc.timeZone, now);
      day = (local ? local->date : now.utcDate()).plusDays(1);
    }
    auto from = setup.zones.toUtc(loc.timeZone, day, 0);
    auto to = setup.zones.toUtc(loc.timeZone, day, 1440);
    if (!from || !to) continue;  // a zone this system does not know: nothing can be booked there
    days.insert(day.daysSinceEpoch());
    AppointmentRange range;
    range.organizationId = q.org;
    range.locationId = loc.id;
    range.during = {*from, *to};
    range.holdingOnly = true;
    range.limit = 50'000;
    for (const auto& a : r.appointments().range(range)) {
      // Only those that start on the day (range() also returns one that started the day before).
      if (a.start < *from) continue;
      ++out.appointments;
      for (const auto& cov : r.coverages().activeForPatient(q.org, a.patientId)) {
        if (!cov.inForceOn(day)) continue;
        if (!seen.emplace(cov.id.value, day.daysSinceEpoch()).second) continue;
        Work w;
        w.request.org = q.org;
        w.request.coverage = cov.id;
        w.request.serviceDate = day;
        w.request.provider = a.providerId;
        w.request.location = loc.id;
        w.request.user = q.user;
        w.patient = a.patientId;
        out.work.push_back(std::move(w));
      }
    }
  }
  for (auto d : days) out.dates.push_back(domain::Date::fromDaysSinceEpoch(d));
  return out;
}

}  // namespace

Result<BatchReport> runBatch(UnitOfWork& uow, const EligibilitySetup& setup, const BatchRequest& q,
                             const CheckAudit& audit,
                             const std::function<void(std::int64_t, std::int64_t)>& progress) {
  if (q.concurrency < 1 || q.concurrency > 32) {
    return Error::invalidField("concurrency", "must be 1 to 32");
  }
  const auto started = std::chrono::steady_clock::now();
  auto collected = readValue<Collected>(
      uow, [&](Repositories& r) { return collect(r, setup, q, setup.clock.now()); });
  if (!collected) return collected.error();

  BatchReport report;
  report.dates = collected->dates;
  report.appointments = collected->appointments;
  const auto& work = collected->work;
  report.items.resize(work.size());
  // The batch bounds itself by `concurrency`; the desk's limit is for checks asked one by one.
  EligibilitySetup own = setup;
  own.inFlight = nullptr;
  std::atomic<std::size_t> next{0};
  std::atomic<std::int64_t> done{0};
  std::mutex progressMutex;
  auto worker = [&] {
    for (;;) {
      const std::size_t k = next.fetch_add(1);
      if (k >= work.size()) return;
      BatchItem& item = report.items[k];
      item.coverage = work[k].request.coverage;
      item.patient = work[k].patient;
      item.serviceDate = work[k].request.serviceDate;
      try {
        auto outcome = check(uow, own, work[k].request, audit);
        if (outcome) {
          item.state = outcome->check.state;
          item.reason = outcome->check.reason;
          item.cached = outcome->cached;
          item.checkId = outcome->check.id;
          item.elapsedMs = outcome->check.elapsedMs;
          item.summary = outcome->check.summary;
        } else {
          item.state = EligibilityState::kFailed;
          item.reason = outcome.error().message;
          for (const auto& f : outcome.error().fields)
            item.reason += "; " + f.field + " " + f.message;
        }
      } catch (const std::exception& e) {
        item.state = EligibilityState::kFailed;
        item.reason = std::string("the check stopped: ") + e.what();
      }
      const std::int64_t n = done.fetch_add(1) + 1;
      if (progress) {
        std::lock_guard lock(progressMutex);
        progress(n, static_cast<std::int64_t>(work.size()));
      }
    }
  };
  const std::size_t threads =
      std::min<std::size_t>(static_cast<std::size_t>(q.concurrency), work.size());
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();

  for (const auto& item : report.items) ++report.counts[static_cast<int>(item.state)];
  report.elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
  return report;
}

}  // namespace medoffice::app::eligibility
