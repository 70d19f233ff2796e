// SPDX-License-Identifier: AGPL-3.0-or-later
#include "app/demo/demo_clinic.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <map>
#include <string_view>

#include "app/registry.hpp"
#include "domain/common/validation.hpp"
#include "domain/scheduling/intervals.hpp"

namespace medoffice::app {
namespace {

using namespace domain;

/// splitmix64: small, fast and identical on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& a) {
    return a[static_cast<std::size_t>(below(static_cast<int>(N)))];
  }

 private:
  std::uint64_t s_;
};

/// A Medicare Beneficiary Identifier of the CMS form #@*#@*#@@## (# a digit, the first 1-9; @ a
/// letter other than S, L, O, I, B and Z; * either), as on a real card: the scrubber checks it.
/// Made from one draw of `rng`, like the other member ids, so the rest of the clinic is the same
/// for a seed whatever the payer.
std::string medicareBeneficiaryId(Rng& rng) {
  static constexpr std::string_view kLetters = "ACDEFGHJKMNPQRTUVWXY";
  static constexpr std::string_view kEither = "0123456789ACDEFGHJKMNPQRTUVWXY";
  std::uint64_t v = rng.next();
  auto take = [&v](std::string_view from) {
    const char c = from[v % from.size()];
    v /= from.size();
    return c;
  };
  constexpr std::string_view kDigits = "0123456789";
  std::string id;
  id += take("123456789");
  id += take(kLetters);
  id += take(kEither);
  id += take(kDigits);
  id += take(kLetters);
  id += take(kEither);
  id += take(kDigits);
  id += take(kLetters);
  id += take(kLetters);
  id += take(kDigits);
  id += take(kDigits);
  return id;
}

// Common US surnames and given names (public census frequency lists).
constexpr std::array<std::string_view, 100> kFamily = {
    "Smith",    "Johnson",   "Williams",   "Brown",     "Jones",    "Garcia",   "Miller",
    "Davis",    "Rodriguez", "Martinez",   "Hernandez", "Lopez",    "Gonzalez", "Wilson",
    "Anderson", "Thomas",    "Taylor",     "Moore",     "Jackson",  "Martin",   "Lee",
    "Perez",    "Thompson",  "White",      "Harris",    "Sanchez",  "Clark",    "Ramirez",
    "Lewis",    "Robinson",  "Walker",     "Young",     "Allen",    "King",     "Wright",
    "Scott",    "Torres",    "Nguyen",     "Hill",      "Flores",   "Green",    "Adams",
    "Nelson",   "Baker",     "Hall",       "Rivera",    "Campbell", "Mitchell", "Carter",
    "Roberts",  "Gomez",     "Phillips",   "Evans",     "Turner",   "Diaz",     "Parker",
    "Cruz",     "Edwards",   "Collins",    "Reyes",     "Stewart",  "Morris",   "Morales",
    "Murphy",   "Cook",      "Rogers",     "Gutierrez", "Ortiz",    "Morgan",   "Cooper",
    "Peterson", "Bailey",    "Reed",       "Kelly",     "Howard",   "Ramos",    "Kim",
    "Cox",      "Ward",      "Richardson", "Watson",    "Brooks",   "Chavez",   "Wood",
    "James",    "Bennett",   "Gray",       "Mendoza",   "Ruiz",     "Hughes",   "Price",
    "Alvarez",  "Castillo",  "Sanders",    "Patel",     "Myers",    "Long",     "Ross",
    "Foster",   "O'Brien"};
constexpr std::array<std::string_view, 50> kFemale = {
    "Mary",    "Patricia", "Jennifer", "Linda",    "Elizabeth", "Barbara",   "Susan",
    "Jessica", "Sarah",    "Karen",    "Lisa",     "Nancy",     "Betty",     "Margaret",
    "Sandra",  "Ashley",   "Kimberly", "Emily",    "Donna",     "Michelle",  "Carol",
    "Amanda",  "Dorothy",  "Melissa",  "Deborah",  "Stephanie", "Rebecca",   "Sharon",
    "Laura",   "Cynthia",  "Amy",      "Angela",   "Helen",     "Anna",      "Brenda",
    "Pamela",  "Emma",     "Nicole",   "Samantha", "Katherine", "Christine", "Olivia",
    "Sofia",   "Maria",    "Ava",      "Isabella", "Mia",       "Chloe",     "Guadalupe",
    "José"};
constexpr std::array<std::string_view, 50> kMale = {
    "James",    "Robert",  "John",        "Michael",   "David",   "William", "Richard", "Joseph",
    "Thomas",   "Charles", "Christopher", "Daniel",    "Matthew", "Anthony", "Mark",    "Donald",
    "Steven",   "Paul",    "Andrew",      "Joshua",    "Kenneth", "Kevin",   "Brian",   "George",
    "Timothy",  "Ronald",  "Edward",      "Jason",     "Jeffrey", "Ryan",    "Jacob",   "Gary",
    "Nicholas", "Eric",    "Jonathan",    "Stephen",   "Larry",   "Justin",  "Scott",   "Brandon",
    "Benjamin", "Samuel",  "Gregory",     "Alexander", "Liam",    "Noah",    "Ethan",   "Luis",
    "Carlos",   "Juan"};
constexpr std::array<std::string_view, 24> kStreets = {
    "Main St",          "Oak Ave",     "Maple St",  "Washington St", "Lincoln Ave",
    "Park Ave",         "Elm St",      "Cedar Ln",  "Pine St",       "Lake Dr",
    "Hill Rd",          "Church St",   "Walnut St", "Sunset Blvd",   "Jefferson Ave",
    "Adams St",         "Madison Ave", "Monroe St", "Prairie Ave",   "Camelback Rd",
    "Indian School Rd", "Mesa Dr",     "Cactus Rd", "Desert View Dr"};

struct Place {
  std::string_view city;
  std::string_view state;
  std::string_view zip;
  std::string_view area;  // telephone area code
};
constexpr std::array<Place, 8> kIllinois = {{{"Springfield", "IL", "62701", "217"},
                                             {"Springfield", "IL", "62704", "217"},
                                             {"Chatham", "IL", "62629", "217"},
                                             {"Rochester", "IL", "62563", "217"},
                                             {"Decatur", "IL", "62521", "217"},
                                             {"Jacksonville", "IL", "62650", "217"},
                                             {"Lincoln", "IL", "62656", "217"},
                                             {"Taylorville", "IL", "62568", "217"}}};
constexpr std::array<Place, 8> kArizona = {{{"Phoenix", "AZ", "85004", "602"},
                                            {"Phoenix", "AZ", "85016", "602"},
                                            {"Scottsdale", "AZ", "85251", "480"},
                                            {"Tempe", "AZ", "85281", "480"},
                                            {"Mesa", "AZ", "85201", "480"},
                                            {"Glendale", "AZ", "85301", "623"},
                                            {"Chandler", "AZ", "85225", "480"},
                                            {"Peoria", "AZ", "85345", "623"}}};

std::string npiFromBase(std::string base9) {
  return base9 + validation::npiCheckDigit(base9);
}

Address address(Rng& rng, const Place& p) {
  Address a;
  a.line1 = std::to_string(100 + rng.below(9800)) + " " + std::string(rng.pick(kStreets));
  if (rng.chance(10)) a.line2 = "Apt " + std::to_string(1 + rng.below(40));
  a.city = std::string(p.city);
  a.state = std::string(p.state);
  a.postalCode = std::string(p.zip);
  return a;
}

// Area codes people carry from elsewhere (mobile numbers follow their owners).
constexpr std::array<std::string_view, 32> kOtherAreas = {
    "309", "312", "618", "630", "708", "773", "815", "847", "224", "520", "928",
    "314", "317", "319", "402", "405", "414", "505", "512", "608", "612", "702",
    "713", "720", "801", "816", "901", "913", "915", "918", "972", "303"};

std::string phone(Rng& rng, const Place& p) {
  // 555-0100..0199 is reserved for fiction in every area code, so demo numbers never reach a
  // real person when reminders are switched on.
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", rng.below(100));
  std::string area(rng.chance(50) ? p.area : rng.pick(kOtherAreas));
  return "+1" + area + "55501" + buf;
}

}  // namespace

/// Fills the providers' hours with appointments, day by day from half a year ago, at the
/// density that makes `options.appointments` fit in a year (more per day beyond that), without
/// two appointments of one provider, room or patient at the same time.
Result<std::int64_t> demoAppointments(UnitOfWork& uow, const Clock& clock, const TimeZones& zones,
                                      const DemoOptions& options, const DemoSummary& summary,
                                      const std::vector<AppointmentType>& types,
                                      const std::vector<Provider>& providers,
                                      const std::vector<PatientId>& patientIds, Rng& rng) {
  constexpr std::int64_t kMinute = 60'000'000;
  const Instant now = clock.now();
  const OrganizationId org = summary.organization;
  // Rules, rooms and zones read once.
  struct Window {
    ProviderId provider;
    LocationId location;
    std::string zone;
    AvailabilityRule rule;
  };
  std::vector<Window> windows;
  std::map<std::int64_t, std::vector<RoomId>> rooms;
  Status read = uow.read([&](Repositories& r) -> Status {
    for (const auto& p : providers) {
      for (const auto& rule : r.scheduling().rules(org, p.id, false)) {
        auto loc = r.locations().get(org, rule.locationId);
        if (loc) windows.push_back({p.id, rule.locationId, loc->timeZone, rule});
      }
    }
    for (const auto& room : r.scheduling().rooms(org, {}, false)) {
      rooms[room.locationId.value].push_back(room.id);
    }
    return {};
  });
  if (!read) return read.error();
  // Capacity: about 10 visits per window-hour... the fill rate reaches the target within a year.
  std::int64_t windowMinutesPerWeek = 0;
  for (const auto& w : windows) {
    windowMinutesPerWeek += static_cast<std::int64_t>(std::popcount(w.rule.weekdays)) *
                            (w.rule.endMinute - w.rule.startMinute);
  }
  if (windowMinutesPerWeek == 0) return std::int64_t{0};
  const std::int64_t perYearAt100 = windowMinutesPerWeek * 52 / 25;  // 25-minute average visit
  // Per-step booking chance in percent; beyond 100 % the year is simply filled and days continue.
  const int fill = static_cast<int>(std::clamp<std::int64_t>(
      options.appointments * 100 / std::max<std::int64_t>(1, perYearAt100), 5, 100));
  const Date first = Date::fromDaysSinceEpoch(now.utcDate().daysSinceEpoch() - 182);
  std::int64_t made = 0;
  std::int64_t patientCursor = 0;
  for (Date day = first; made < options.appointments; day = day.plusDays(1)) {
    if (day.year() > first.year() + 30) break;  // safety: never loop forever
    std::vector<Appointment> todays;
    // Busy intervals of the day by patient and by room, to avoid double-booking them.
    std::map<std::int64_t, IntervalSet> patientBusy;
    std::map<std::int64_t, IntervalSet> roomBusy;
    for (const auto& w : windows) {
      if (!w.rule.appliesOn(day) ||
          made + static_cast<std::int64_t>(todays.size()) >= options.appointments)
        continue;
      auto startUtc = zones.toUtc(w.zone, day, w.rule.startMinute);
      auto endUtc = zones.toUtc(w.zone, day, w.rule.endMinute);
      if (!startUtc || !endUtc) continue;
      Instant t = *startUtc;
      while (made + static_cast<std::int64_t>(todays.size()) < options.appointments) {
        const AppointmentType& type =
            types[static_cast<std::size_t>(rng.below(static_cast<int>(types.size())))];
        const Instant end = Instant::fromMicros(t.micros() + type.durationMinutes * kMinute);
        if (*endUtc < end) break;
        if (!rng.chance(fill)) {
          t = Instant::fromMicros(t.micros() + 20 * kMinute);
          continue;
        }
        const Interval visit{t, end};
        RoomId room;
        if (type.requiresRoom) {
          for (RoomId candidate : rooms[w.location.value]) {
            if (!roomBusy[candidate.value].overlaps(visit)) {
              room = candidate;
              break;
            }
          }
          if (!room.valid()) {
            t = Instant::fromMicros(t.micros() + 10 * kMinute);
            continue;
          }
        }
        std::int64_t patient = 0;
        for (int tries = 0; tries < 20 && patient == 0; ++tries) {
          const std::int64_t candidate =
              patientIds[static_cast<std::size_t>(patientCursor++ %
                                                  static_cast<std::int64_t>(patientIds.size()))]
                  .value;
          if (!patientBusy[candidate].overlaps(visit)) patient = candidate;
        }
        if (patient == 0) break;
        Appointment a;
        a.organizationId = org;
        a.patientId = PatientId(patient);
        a.providerId = w.provider;
        a.locationId = w.location;
        a.roomId = room;
        a.appointmentTypeId = type.id;
        a.start = t;
        a.end = end;
        const bool past = end < now;
        a.status = AppointmentStatus::kBooked;
        if (past) {
          const int roll = rng.below(100);
          a.status = roll < 85   ? AppointmentStatus::kCheckedOut
                     : roll < 91 ? AppointmentStatus::kNoShow
                                 : AppointmentStatus::kCancelled;
        } else if (rng.chance(40)) {
          a.status = AppointmentStatus::kConfirmed;
        }
        a.statusAt[static_cast<std::size_t>(AppointmentStatus::kBooked)] =
            Instant::fromMicros(t.micros() - (1 + rng.below(30)) * 1440 * kMinute);
        if (a.status == AppointmentStatus::kCancelled) {
          a.cancelReason = rng.chance(50) ? "patient called to cancel" : "schedule conflict";
          a.statusAt[static_cast<std::size_t>(AppointmentStatus::kCancelled)] =
              Instant::fromMicros(t.micros() - rng.below(72) * 60 * kMinute);
        } else if (a.status != AppointmentStatus::kBooked) {
          a.statusAt[static_cast<std::size_t>(a.status)] = t;
        }
        if (holdsTime(a.status)) {
          patientBusy[patient].add(visit);
          if (room.valid()) roomBusy[room.value].add(visit);
        } else {
          a.roomId = {};
        }
        todays.push_back(std::move(a));
        t = Instant::fromMicros(end.micros() + type.bufferAfterMinutes * kMinute);
      }
    }
    if (todays.empty()) continue;
    Status batch = uow.write([&](Repositories& r) -> Status {
      for (const auto& a : todays) {
        auto stored = r.appointments().insert(a, now);
        if (!stored) return stored.error();
      }
      return {};
    });
    if (!batch) return batch.error();
    made += static_cast<std::int64_t>(todays.size());
  }
  return made;
}

Result<DemoSummary> createDemoClinic(
    UnitOfWork& uow, const Clock& clock, const TimeZones& zones, const DemoOptions& options,
    const std::function<void(std::int64_t, std::int64_t)>& progress) {
  namespace reg = registry;
  Rng rng(options.seed);
  DemoSummary summary;
  std::vector<LocationId> locations;
  std::vector<Payer> payers;
  std::vector<AppointmentType> types;
  std::vector<Provider> providers;
  std::vector<PatientId> patientIds;

  // The practice, its locations, providers and payers in one transaction.
  Status setup = uow.write([&](Repositories& r) -> Status {
    if (r.organizations().defaultOrganization()) {
      return Error::conflict("The database already holds a practice; demo needs an empty one.");
    }
    const Instant now = clock.now();
    Organization org;
    org.legalName = "Prairie & Desert Family Medicine, LLC";
    org.npi = npiFromBase("124567890");
    org.tin = "36-4455667";
    org.taxonomy = "261QP2300X";
    org.phone = "+12175550100";
    org.billingAddress = {"800 N Rutledge St", "Suite 200", "Springfield", "IL", "62702"};
    auto o = reg::createOrganization(r, now, org);
    if (!o) return o.error();
    summary.organization = o->id;

    Location springfield;
    springfield.name = "Springfield Clinic";
    springfield.address = {"800 N Rutledge St", "Suite 200", "Springfield", "IL", "62702"};
    springfield.placeOfService = "11";
    springfield.timeZone = "America/Chicago";
    springfield.phone = "+12175550101";
    Location phoenix;
    phoenix.name = "Phoenix Clinic";
    phoenix.address = {"1111 E McDowell Rd", "", "Phoenix", "AZ", "85006"};
    phoenix.placeOfService = "11";
    phoenix.timeZone = "America/Phoenix";
    phoenix.phone = "+16025550102";
    for (auto& l : {springfield, phoenix}) {
      auto stored = reg::createLocation(r, zones, now, o->id, l);
      if (!stored) return stored.error();
      locations.push_back(stored->id);
    }

    struct ProviderSeed {
      const char* family;
      const char* given;
      const char* cred;
      const char* base;
      const char* taxonomy;
      const char* specialty;
      int location;
    };
    const ProviderSeed seeds[] = {
        {"Okafor", "Adaeze", "MD", "123456789", "207Q00000X", "Family Medicine", 0},
        {"Lindqvist", "Erik", "DO", "123456790", "207R00000X", "Internal Medicine", 0},
        {"Castañeda", "Lucía", "MD", "123456791", "208000000X", "Pediatrics", 1},
        {"Whitehorse", "Jordan", "NP", "123456792", "363LF0000X", "Family Nurse Practitioner", 1}};
    for (const auto& s : seeds) {
      Provider p;
      p.familyName = s.family;
      p.givenName = s.given;
      p.credentials = s.cred;
      p.npi = npiFromBase(s.base);
      p.taxonomy = s.taxonomy;
      p.specialty = s.specialty;
      p.locationIds = {locations[static_cast<std::size_t>(s.location)]};
      if (std::string_view(s.family) == "Okafor") p.locationIds = locations;
      auto stored = reg::createProvider(r, now, o->id, p);
      if (!stored) return stored.error();
      ++summary.providers;
    }

    struct PayerSeed {
      const char* name;
      const char* id;
      const char* cfi;
      int days;
      Address addr;
    };
    const PayerSeed payerSeeds[] = {
        {"Medicare Part B (Jurisdiction J6/JF)",
         "MCRJ6",
         "MB",
         365,
         {"PO Box 6475", "", "Indianapolis", "IN", "46206"}},
        {"Illinois Medicaid (HFS)",
         "ILMCD",
         "MC",
         180,
         {"201 S Grand Ave E", "", "Springfield", "IL", "62763"}},
        {"Arizona AHCCCS",
         "AZMCD",
         "MC",
         180,
         {"801 E Jefferson St", "", "Phoenix", "AZ", "85034"}},
        {"Blue Cross Blue Shield of Illinois",
         "00621",
         "BL",
         180,
         {"PO Box 805107", "", "Chicago", "IL", "60680"}},
        {"Aetna", "60054", "CI", 90, {"PO Box 981106", "", "El Paso", "TX", "79998"}},
        {"UnitedHealthcare",
         "87726",
         "CI",
         90,
         {"PO Box 30555", "", "Salt Lake City", "UT", "84130"}}};
    for (const auto& s : payerSeeds) {
      Payer p;
      p.name = s.name;
      p.x12PayerId = s.id;
      p.claimFilingIndicator = s.cfi;
      p.timelyFilingDays = s.days;
      p.address = s.addr;
      auto stored = reg::createPayer(r, now, o->id, p);
      if (!stored) return stored.error();
      payers.push_back(*stored);
    }

    // Scheduling set-up: visit types, exam rooms, weekday hours (a lunch break; Dr Okafor
    // splits the week between the two clinics).
    struct TypeSeed {
      const char* name;
      int minutes;
      int after;
      const char* colour;
      bool telehealth;
      const char* cpt;
    };
    const TypeSeed typeSeeds[] = {{"New patient visit", 40, 5, "#2e7d32", false, "99204"},
                                  {"Follow-up visit", 20, 0, "#1565c0", false, "99213"},
                                  {"Annual physical", 30, 5, "#6a1b9a", false, "99396"},
                                  {"Telehealth follow-up", 20, 0, "#00838f", true, "99213"}};
    for (const auto& s : typeSeeds) {
      AppointmentType t;
      t.organizationId = o->id;
      t.name = s.name;
      t.durationMinutes = s.minutes;
      t.bufferAfterMinutes = s.after;
      t.colour = s.colour;
      t.telehealth = s.telehealth;
      t.requiresRoom = !s.telehealth;
      t.defaultCptCodes = {s.cpt};
      if (auto e = validate(t); !e.empty()) return Error::invalid(e);
      auto stored = r.scheduling().insertType(t, now);
      if (!stored) return stored.error();
      types.push_back(*stored);
    }
    for (std::size_t l = 0; l < locations.size(); ++l) {
      for (int k = 1; k <= (l == 0 ? 4 : 3); ++k) {
        Room room;
        room.organizationId = o->id;
        room.locationId = locations[l];
        room.name = "Exam " + std::to_string(k);
        auto stored = r.scheduling().insertRoom(room, now);
        if (!stored) return stored.error();
        ++summary.rooms;
      }
    }
    auto page = r.providers().list(o->id, {"", 50, false});
    if (!page) return page.error();
    const Date from = Date::fromDaysSinceEpoch(now.utcDate().daysSinceEpoch() - 200);
    for (const auto& p : page->items) {
      for (LocationId l : p.locationIds) {
        // Monday-Friday, or Mon/Wed/Fri at the first location and Tue/Thu at the second.
        WeekdaySet days = 0x3e;
        if (p.locationIds.size() > 1) days = l == p.locationIds[0] ? 0x2a : 0x14;
        for (auto [start, end] : {std::pair{8 * 60, 12 * 60}, std::pair{13 * 60, 17 * 60}}) {
          AvailabilityRule rule;
          rule.organizationId = o->id;
          rule.providerId = p.id;
          rule.locationId = l;
          rule.weekdays = days;
          rule.startMinute = start;
          rule.endMinute = end;
          rule.effectiveFrom = from;
          auto stored = r.scheduling().insertRule(rule, now);
          if (!stored) return stored.error();
          ++summary.availabilityRules;
        }
      }
      providers.push_back(p);
    }
    return {};
  });
  if (!setup) return setup.error();
  summary.locations = static_cast<int>(locations.size());
  summary.payers = static_cast<int>(payers.size());
  summary.appointmentTypes = static_cast<int>(types.size());

  const Date epochRef = *Date::fromYmd(2025, 1, 1);
  const std::int64_t refDays = epochRef.daysSinceEpoch();
  for (std::int64_t done = 0; done < options.patients;) {
    const std::int64_t n = std::min<std::int64_t>(options.batchSize, options.patients - done);
    Status batch = uow.write([&](Repositories& r) -> Status {
      const Instant now = clock.now();
      const Date today = now.utcDate();
      for (std::int64_t k = 0; k < n; ++k) {
        const bool arizona = rng.chance(40);
        const Place& place = arizona ? rng.pick(kArizona) : rng.pick(kIllinois);
        Patient p;
        p.organizationId = summary.organization;
        const bool female = rng.chance(52);
        p.sex = female ? "female" : "male";
        p.givenName = std::string(female ? rng.pick(kFemale) : rng.pick(kMale));
        p.familyName = std::string(rng.pick(kFamily));
        if (rng.chance(30)) p.middleName = std::string(1, static_cast<char>('A' + rng.below(26)));
        // Ages 0-94, weighted towards adults as in a family practice.
        int age = rng.chance(20) ? rng.below(18) : 18 + rng.below(77);
        p.birthDate = Date::fromDaysSinceEpoch(refDays - age * 365 - rng.below(365));
        p.phone = phone(rng, place);
        if (rng.chance(60)) {
          std::string local = nameSearchKey(p.givenName) + "." + nameSearchKey(p.familyName) +
                              std::to_string(rng.below(1000));
          p.email = local + "@example.com";
        }
        p.address = address(rng, place);
        p.preferredLanguage = rng.chance(arizona ? 25 : 8) ? "es" : "en";
        p.contactPreferences.preferredChannel = rng.chance(70)   ? "sms"
                                                : rng.chance(50) ? "email"
                                                                 : "voice";
        if (p.email.empty() && p.contactPreferences.preferredChannel == "email") {
          p.contactPreferences.preferredChannel = "sms";
        }
        if (age < 18) {
          p.guarantor.relationship = "parent";
          p.guarantor.familyName = p.familyName;
          p.guarantor.givenName = std::string(rng.chance(50) ? rng.pick(kFemale) : rng.pick(kMale));
          p.guarantor.birthDate =
              Date::fromDaysSinceEpoch(p.birthDate.daysSinceEpoch() - (22 + rng.below(18)) * 365);
          p.guarantor.phone = p.phone;
          p.guarantor.address = p.address;
        }
        if (rng.chance(70)) {
          p.emergencyContact.name = std::string(rng.pick(kFemale)) + " " + p.familyName;
          p.emergencyContact.relationship = age < 18         ? "parent"
                                            : rng.chance(60) ? "spouse"
                                                             : "sibling";
          p.emergencyContact.phone = phone(rng, place);
        }
        auto errors = validate(p, today);
        if (!errors.empty()) {
          return Error::internal("demo generated an invalid patient: " + errors[0].field + " " +
                                 errors[0].message);
        }
        p.mrn = formatMrn(r.sequences().next(summary.organization, "mrn"));
        auto stored = r.patients().insert(p, now);
        if (!stored) return stored.error();
        patientIds.push_back(stored->id);

        // Coverage: Medicare at 65+, Medicaid for some, commercial for most of the rest.
        auto addCoverage = [&](const Payer& payer, CoveragePriority prio) -> Status {
          Coverage c;
          c.organizationId = summary.organization;
          c.patientId = stored->id;
          c.payerId = payer.id;
          c.priority = prio;
          if (payer.claimFilingIndicator == "MB") {
            c.memberId = medicareBeneficiaryId(rng);
          } else {
            char member[24];
            std::snprintf(member, sizeof member, "W%09llu",
                          static_cast<unsigned long long>(rng.next() % 1000000000ULL));
            c.memberId = member;
          }
          if (payer.claimFilingIndicator == "CI" || payer.claimFilingIndicator == "BL") {
            c.groupNumber = "GRP" + std::to_string(10000 + rng.below(90000));
            c.planName = rng.chance(50) ? "PPO Choice" : "HMO Select";
            c.copay = Money::fromCents((2 + rng.below(5)) * 500);
          }
          c.effectiveDate = Date::fromDaysSinceEpoch(refDays - rng.below(3 * 365));
          if (age < 18 && payer.claimFilingIndicator != "MC") {
            c.relationship = "19";
            c.subscriber.familyName = p.guarantor.familyName;
            c.subscriber.givenName = p.guarantor.givenName;
            c.subscriber.birthDate = p.guarantor.birthDate;
            c.subscriber.sex = "unknown";
            c.subscriber.address = p.address;
          }
          auto cov = r.coverages().insert(c, now);
          if (!cov) return cov.error();
          ++summary.coverages;
          return {};
        };
        const Payer& medicare = payers[0];
        const Payer& medicaid = arizona ? payers[2] : payers[1];
        const Payer& commercial =
            payers[static_cast<std::size_t>(arizona ? 4 + rng.below(2) : 3 + rng.below(3))];
        Status s;
        if (age >= 65) {
          s = addCoverage(medicare, CoveragePriority::kPrimary);
          if (s && rng.chance(35)) s = addCoverage(commercial, CoveragePriority::kSecondary);
        } else if (rng.chance(18)) {
          s = addCoverage(medicaid, CoveragePriority::kPrimary);
        } else if (rng.chance(92)) {
          s = addCoverage(commercial, CoveragePriority::kPrimary);
          if (s && rng.chance(6)) s = addCoverage(medicaid, CoveragePriority::kSecondary);
        }
        if (!s) return s.error();
        ++summary.patients;
      }
      return {};
    });
    if (!batch) return batch.error();
    done += n;
    if (progress) progress(done, options.patients);
  }
  if (!options.ediFolder.empty()) {
    Status made = uow.write([&](Repositories& r) -> Status {
      domain::claims::Clearinghouse c;
      c.organizationId = summary.organization;
      c.name = "Demo clearinghouse (file drop)";
      c.submitterId = "DEMOSUB01";
      c.receiverId = "DEMOCH";
      c.receiverName = "DEMO CLEARINGHOUSE";
      c.contactName = "Billing office";
      c.contactPhone = "2175550100";
      c.outbox = options.ediFolder + "/outbox";
      c.inbox = options.ediFolder + "/inbox";
      c.archive = options.ediFolder + "/archive";
      if (auto e = domain::claims::validate(c); !e.empty()) return Error::invalid(e);
      auto stored = r.claims().insertClearinghouse(c, clock.now());
      if (!stored) return stored.error();
      return {};
    });
    if (!made) return made.error();
    summary.clearinghouse = true;
  }
  if (options.appointments > 0 && !patientIds.empty()) {
    auto made =
        demoAppointments(uow, clock, zones, options, summary, types, providers, patientIds, rng);
    if (!made) return made.error();
    summary.appointments = *made;
  }
  return summary;
}

}  // namespace medoffice::app
