// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "domain/scheduling/intervals.hpp"
#include "domain/scheduling/scheduling.hpp"

namespace medoffice::domain {

/// The UTC instant of a local date and minute of day (0-1440) in a location's zone. A time that
/// does not exist (spring-forward gap) maps to the instant the clocks jump; a time that happens
/// twice (fall-back) to the first of the two. Supplied by the TimeZones port.
using LocalToUtc = std::function<Instant(Date, int minuteOfDay)>;

/// What is known about one provider on one local date at one location.
struct ProviderDay {
  ProviderId providerId;
  std::vector<AvailabilityRule> rules;  ///< the provider's rules at the location (any date)
  IntervalSet blocked;                  ///< time off, holidays and blocks that apply
  IntervalSet busy;                     ///< the provider's appointments, widened by their buffers
};

struct SlotQuery {
  Date date;  ///< local date at the location
  LocationId locationId;
  AppointmentType type;
  int stepMinutes = 15;  ///< candidate starts every step from each availability window's start
  /// Local minutes of day the slot must start in, [first, second); none: any time.
  std::optional<std::pair<int, int>> startWithin;
  Instant notBefore;  ///< slots start at or after this (the search range, or now)
  Instant notAfter;   ///< and end at or before this
};

struct Slot {
  Instant start;
  Instant end;
  ProviderId providerId;
  LocationId locationId;
  auto operator<=>(const Slot& o) const {
    if (auto c = start <=> o.start; c != 0) return c;
    return providerId <=> o.providerId;
  }
  bool operator==(const Slot&) const = default;
};

/// Open slots of one provider on one date: availability windows of the rules that apply on the
/// date and allow the type, minus blocks; each candidate [s, s + duration) must lie inside the
/// free windows, [s - buffer before, end + buffer after) must miss the provider's busy time, the
/// visit must miss the patient's other appointments (`patientBusy`), and when the type needs a
/// room, one of the location's rooms (`roomBusy`, one set per room) must be free for the visit.
/// A location with no rooms set up is not limited by rooms. Works on interval sets, in time
/// linear in the day's rules, blocks and appointments.
std::vector<Slot> slotsForDay(const SlotQuery& q, const ProviderDay& day,
                              const IntervalSet& patientBusy,
                              const std::vector<IntervalSet>& roomBusy, const LocalToUtc& toUtc);

/// Busy time of an appointment for slot search: its interval widened by its type's buffers.
Interval withBuffers(const Interval& visit, const AppointmentType& type);

}  // namespace medoffice::domain
