// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <vector>

#include "domain/common/time.hpp"

namespace medoffice::domain {

/// A half-open span of time [start, end). Two intervals overlap when they share any instant:
/// [9:00, 9:30) and [9:30, 10:00) do not.
struct Interval {
  Instant start;
  Instant end;

  [[nodiscard]] bool empty() const { return !(start < end); }
  /// Any shared instant (an empty interval shares none).
  [[nodiscard]] bool overlaps(const Interval& o) const {
    return start < o.end && o.start < end && !empty() && !o.empty();
  }
  [[nodiscard]] bool contains(const Interval& o) const {
    return !(o.start < start) && !(end < o.end);
  }
  [[nodiscard]] std::int64_t micros() const { return end.micros() - start.micros(); }
  bool operator==(const Interval&) const = default;
};

/// Sorted, disjoint, non-touching intervals: free or busy time of one provider, room or patient.
/// Every operation is linear in the number of intervals; nothing scans a whole calendar.
class IntervalSet {
 public:
  IntervalSet() = default;
  explicit IntervalSet(std::vector<Interval> intervals);  ///< any order, may overlap

  /// Adds `i`, merging with what it overlaps or touches.
  void add(Interval i);
  /// Removes `i` from every interval it overlaps.
  void subtract(const Interval& i);
  void subtract(const IntervalSet& other);
  [[nodiscard]] IntervalSet intersect(const IntervalSet& other) const;
  /// True when `i` lies entirely inside one interval of the set.
  [[nodiscard]] bool covers(const Interval& i) const;
  /// True when `i` shares any instant with the set.
  [[nodiscard]] bool overlaps(const Interval& i) const;
  [[nodiscard]] const std::vector<Interval>& intervals() const { return v_; }
  [[nodiscard]] bool empty() const { return v_.empty(); }

 private:
  std::vector<Interval> v_;
};

}  // namespace medoffice::domain
