// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling at scale (issue 4), in process on the Release build:
//   scheduling_bench generate sqlite:PATH N   the demo clinic plus 70 providers and N appointments
//   scheduling_bench measure sqlite:PATH      slot search (first 10 slots, 50 providers, 90 days)
//                                             and durable booking latency, with percentiles
// Location 1 gets 50 providers with 85 % of their hours booked (20-minute visits, 08:00-17:00
// Monday to Friday); location 2 gets 20 providers at 90 % (about 10,000 visits a month: the
// week-view benchmark over HTTP reads it, see bench/scheduling.sh). The appointments end 120
// days ahead and reach back as far as N needs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "app/demo/demo_clinic.hpp"
#include "app/scheduling.hpp"
#include "domain/common/validation.hpp"
#include "integrations/system/system_clock.hpp"
#include "server/storage_factory.hpp"

using namespace medoffice;
namespace sch = app::scheduling;
using domain::Instant;

namespace {

constexpr std::int64_t kMinute = 60'000'000;
constexpr int kSlotsPerDay = 27;  // 08:00-17:00 in 20-minute visits

struct Setup {
  domain::OrganizationId org;
  domain::LocationId main;
  domain::LocationId second;
  domain::AppointmentTypeId type;
  std::vector<domain::ProviderId> mainProviders;    // 50
  std::vector<domain::ProviderId> secondProviders;  // 20
};

Setup readSetup(app::UnitOfWork& uow) {
  Setup s;
  auto st = uow.read([&](app::Repositories& r) -> app::Status {
    auto orgs = r.organizations().list({"", 10, true});
    if (!orgs || orgs->items.empty()) return domain::Error::notFound("no organization");
    s.org = orgs->items.front().id;
    auto locs = r.locations().list(s.org, {"", 10, true});
    s.main = locs->items.at(0).id;
    s.second = locs->items.at(1).id;
    auto types = r.scheduling().listTypes(s.org, {"", 50, true});
    for (const auto& t : types->items) {
      if (t.name == "Follow-up visit") s.type = t.id;
    }
    app::PageRequest page{"", 200, true};
    for (;;) {
      auto list = r.providers().list(s.org, page);
      for (const auto& p : list->items) {
        if (p.familyName.rfind("Bench", 0) != 0) continue;
        (p.locationIds.front() == s.main ? s.mainProviders : s.secondProviders).push_back(p.id);
      }
      if (list->nextCursor.empty()) break;
      page.cursor = list->nextCursor;
    }
    return {};
  });
  if (!st.ok()) throw std::runtime_error(st.error().message);
  return s;
}

int generate(const std::string& url, std::int64_t total) {
  server::OpenOptions create;
  create.create = true;
  auto db = server::openDatabase(url, create);
  db->migrate();
  integrations::SystemClock clock;
  integrations::SystemTimeZones zones;
  app::DemoOptions demo;
  demo.patients = 20'000;
  auto made = app::createDemoClinic(*db, clock, zones, demo, [](std::int64_t, std::int64_t) {});
  if (!made) throw std::runtime_error(made.error().message);
  const Instant now = clock.now();
  Setup s = readSetup(*db);
  // 70 providers with weekday hours 08:00-17:00 at one location each.
  auto st = db->write([&](app::Repositories& r) -> app::Status {
    for (int k = 0; k < 70; ++k) {
      domain::Provider p;
      p.organizationId = s.org;
      p.familyName = "Bench" + std::to_string(k);
      p.givenName = "Provider";
      p.credentials = "MD";
      const std::string base = "17" + std::to_string(1000000 + k);
      p.npi = base + domain::validation::npiCheckDigit(base);
      p.taxonomy = "207Q00000X";
      p.locationIds = {k < 50 ? s.main : s.second};
      auto stored = r.providers().insert(p, now);
      if (!stored) return stored.error();
      domain::AvailabilityRule rule;
      rule.organizationId = s.org;
      rule.providerId = stored->id;
      rule.locationId = p.locationIds.front();
      rule.weekdays = 0b0111110;
      rule.startMinute = 8 * 60;
      rule.endMinute = 17 * 60;
      rule.effectiveFrom = *domain::Date::parse("2020-01-01");
      if (auto ok = r.scheduling().insertRule(rule, now); !ok) return ok.error();
    }
    return {};
  });
  if (!st.ok()) throw std::runtime_error(st.error().message);
  s = readSetup(*db);
  std::vector<domain::PatientId> patients;
  (void)db->read([&](app::Repositories& r) -> app::Status {
    app::PatientQuery q;
    q.page = {"", 500, false};
    for (;;) {
      auto list = r.patients().search(s.org, q);
      if (!list) return list.error();
      for (const auto& p : list->items) patients.push_back(p.id);
      if (list->nextCursor.empty()) break;
      q.page.cursor = list->nextCursor;
    }
    return {};
  });
  std::string zoneMain, zoneSecond;
  (void)db->read([&](app::Repositories& r) -> app::Status {
    zoneMain = r.locations().get(s.org, s.main)->timeZone;
    zoneSecond = r.locations().get(s.org, s.second)->timeZone;
    return {};
  });
  const double perWeekday = 50 * kSlotsPerDay * 0.85 + 20 * kSlotsPerDay * 0.90;
  const auto weekdays = static_cast<std::int64_t>(static_cast<double>(total) / perWeekday) + 1;
  const domain::Date today = zones.toLocal(zoneMain, now)->date;
  const domain::Date last = today.plusDays(120);
  domain::Date first = last;
  for (std::int64_t n = 0; n < weekdays;) {
    first = first.plusDays(-1);
    if (first.weekday() != 0 && first.weekday() != 6) ++n;
  }
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::int64_t written = 0;
  std::int64_t slotIndex = 0;
  std::vector<domain::Appointment> batch;
  auto flush = [&] {
    auto ok = db->write([&](app::Repositories& r) -> app::Status {
      for (const auto& a : batch) {
        if (auto in = r.appointments().insert(a, now); !in) return in.error();
      }
      return {};
    });
    if (!ok.ok()) throw std::runtime_error(ok.error().message);
    written += static_cast<std::int64_t>(batch.size());
    batch.clear();
    std::fprintf(stderr, "\r%lld appointments", static_cast<long long>(written));
  };
  for (domain::Date d = first;
       !(last < d) && written + static_cast<std::int64_t>(batch.size()) < total;
       d = d.plusDays(1)) {
    if (d.weekday() == 0 || d.weekday() == 6) continue;
    for (int slot = 0; slot < kSlotsPerDay; ++slot, ++slotIndex) {
      for (int which = 0; which < 2; ++which) {
        const auto& providers = which == 0 ? s.mainProviders : s.secondProviders;
        const double fill = which == 0 ? 0.85 : 0.90;
        const std::string& zone = which == 0 ? zoneMain : zoneSecond;
        const auto start = zones.toUtc(zone, d, 8 * 60 + slot * 20);
        for (std::size_t p = 0; p < providers.size(); ++p) {
          if (coin(rng) >= fill) continue;
          domain::Appointment a;
          a.organizationId = s.org;
          // At one time every provider sees a different patient.
          a.patientId =
              patients[static_cast<std::size_t>(slotIndex * 70 + static_cast<std::int64_t>(p) +
                                                (which == 0 ? 0 : 50)) %
                       patients.size()];
          a.providerId = providers[p];
          a.locationId = which == 0 ? s.main : s.second;
          a.appointmentTypeId = s.type;
          a.start = *start;
          a.end = Instant::fromMicros(start->micros() + 20 * kMinute);
          a.status = d < today ? domain::AppointmentStatus::kCheckedOut
                               : domain::AppointmentStatus::kBooked;
          a.statusAt[0] = now;
          batch.push_back(std::move(a));
        }
      }
      if (batch.size() >= 20'000) flush();
    }
  }
  if (!batch.empty()) flush();
  std::fprintf(stderr, "\n");
  std::cout << "generated " << written << " appointments from " << first.toString() << " to "
            << last.toString() << "\n";
  return 0;
}

struct Percentiles {
  double p50, p95, p99, max, mean;
};
Percentiles percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) {
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
  };
  double sum = 0;
  for (double x : v) sum += x;
  return {at(0.50), at(0.95), at(0.99), v.back(), sum / static_cast<double>(v.size())};
}

int measure(const std::string& url) {
  auto db = server::openDatabase(url, {});
  integrations::SystemClock clock;
  integrations::SystemTimeZones zones;
  const Setup s = readSetup(*db);
  const Instant now = clock.now();
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> dayOffset(0, 29);
  std::uniform_int_distribution<int> minuteOffset(0, 24 * 60 - 1);

  // Slot search: first 10 slots across the 50 providers within 90 days of a random start.
  std::vector<double> search;
  std::size_t found = 0;
  for (int i = 0; i < 2200; ++i) {
    sch::SlotSearch q;
    q.typeId = s.type;
    q.providerIds = s.mainProviders;
    q.locationId = s.main;
    const auto from =
        Instant::fromMicros(now.micros() + (dayOffset(rng) * 1440LL + minuteOffset(rng)) * kMinute);
    q.range = {from, Instant::fromMicros(from.micros() + 90LL * 1440 * kMinute)};
    q.limit = 10;
    const auto t0 = std::chrono::steady_clock::now();
    auto slots = app::readValue<std::vector<domain::Slot>>(
        *db, [&](app::Repositories& r) { return sch::findSlots(r, zones, s.org, q); });
    const auto t1 = std::chrono::steady_clock::now();
    if (!slots) throw std::runtime_error(slots.error().message);
    found += slots->size();
    if (i >= 200) search.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  auto ps = percentiles(search);
  std::printf(
      "slot search, 10 slots, 50 providers, 90 days: n=%zu mean %.3f ms p50 %.3f p95 %.3f p99 "
      "%.3f max %.3f (avg %.1f slots found)\n",
      search.size(), ps.mean, ps.p50, ps.p95, ps.p99, ps.max, static_cast<double>(found) / 2200.0);

  // Booking: durable, one transaction each, into open gaps found by the slot search.
  sch::SlotSearch q;
  q.typeId = s.type;
  q.providerIds = s.mainProviders;
  q.locationId = s.main;
  q.range = {Instant::fromMicros(now.micros() + 60LL * 1440 * kMinute),
             Instant::fromMicros(now.micros() + 115LL * 1440 * kMinute)};
  q.limit = 100;
  q.stepMinutes = 20;
  auto open = app::readValue<std::vector<domain::Slot>>(
      *db, [&](app::Repositories& r) { return sch::findSlots(r, zones, s.org, q); });
  if (!open) throw std::runtime_error(open.error().message);
  std::vector<domain::PatientId> patients;
  (void)db->read([&](app::Repositories& r) -> app::Status {
    app::PatientQuery q;
    q.page = {"", 500, false};
    auto list = r.patients().search(s.org, q);
    if (!list) return list.error();
    for (const auto& p : list->items) patients.push_back(p.id);
    return {};
  });
  std::vector<double> book;
  std::vector<domain::AppointmentId> made;
  for (std::size_t i = 0; i < open->size(); ++i) {
    const auto& slot = (*open)[i];
    sch::BookRequest req;
    req.draft.patientId = patients[i % patients.size()];
    req.draft.providerId = slot.providerId;
    req.draft.locationId = slot.locationId;
    req.draft.appointmentTypeId = s.type;
    req.draft.start = slot.start;
    req.draft.end = slot.end;
    const auto t0 = std::chrono::steady_clock::now();
    auto a = app::writeValue<domain::Appointment>(
        *db, [&](app::Repositories& r) { return sch::book(r, zones, clock.now(), s.org, req, 1); });
    const auto t1 = std::chrono::steady_clock::now();
    if (!a) continue;  // a patient busy at that time: not counted
    made.push_back(a->id);
    book.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  // Cancel what the benchmark booked, so that the next run finds the same open time.
  (void)db->write([&](app::Repositories& r) -> app::Status {
    for (auto id : made) {
      auto a = r.appointments().get(s.org, id);
      if (!a) continue;
      a->status = domain::AppointmentStatus::kCancelled;
      a->cancelReason = "benchmark";
      (void)r.appointments().update(*a, a->meta.version, clock.now());
    }
    return {};
  });
  if (!book.empty()) {
    auto pb = percentiles(book);
    std::printf(
        "durable booking (checks + insert + commit): n=%zu mean %.3f ms p50 %.3f p95 %.3f "
        "p99 %.3f max %.3f\n",
        book.size(), pb.mean, pb.p50, pb.p95, pb.p99, pb.max);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "generate") return generate(args[1], std::stoll(args[2]));
    if (args.size() == 2 && args[0] == "measure") return measure(args[1]);
    std::cerr << "usage: scheduling_bench generate sqlite:PATH N | measure sqlite:PATH\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "scheduling_bench: " << e.what() << "\n";
    return 1;
  }
}
