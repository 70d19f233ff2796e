// SPDX-License-Identifier: AGPL-3.0-or-later
#include "domain/scheduling/intervals.hpp"

#include <algorithm>

namespace medoffice::domain {

IntervalSet::IntervalSet(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  for (const auto& i : intervals) {
    if (i.empty()) continue;
    if (!v_.empty() && !(v_.back().end < i.start)) {
      v_.back().end = std::max(v_.back().end, i.end);
    } else {
      v_.push_back(i);
    }
  }
}

void IntervalSet::add(Interval i) {
  if (i.empty()) return;
  // First interval that ends at or after i.start (touching merges too).
  auto first = std::lower_bound(v_.begin(), v_.end(), i.start,
                                [](const Interval& a, Instant s) { return a.end < s; });
  auto last = first;
  while (last != v_.end() && !(i.end < last->start)) {
    i.start = std::min(i.start, last->start);
    i.end = std::max(i.end, last->end);
    ++last;
  }
  first = v_.erase(first, last);
  v_.insert(first, i);
}

void IntervalSet::subtract(const Interval& cut) {
  if (cut.empty()) return;
  auto first = std::lower_bound(v_.begin(), v_.end(), cut.start,
                                [](const Interval& a, Instant s) { return !(s < a.end); });
  std::vector<Interval> pieces;
  auto last = first;
  for (; last != v_.end() && last->start < cut.end; ++last) {
    if (last->start < cut.start) pieces.push_back({last->start, cut.start});
    if (cut.end < last->end) pieces.push_back({cut.end, last->end});
  }
  first = v_.erase(first, last);
  v_.insert(first, pieces.begin(), pieces.end());
}

void IntervalSet::subtract(const IntervalSet& other) {
  for (const auto& i : other.v_) subtract(i);
}

IntervalSet IntervalSet::intersect(const IntervalSet& other) const {
  IntervalSet out;
  auto a = v_.begin();
  auto b = other.v_.begin();
  while (a != v_.end() && b != other.v_.end()) {
    Interval i{std::max(a->start, b->start), std::min(a->end, b->end)};
    if (!i.empty()) out.v_.push_back(i);
    if (a->end < b->end) {
      ++a;
    } else {
      ++b;
    }
  }
  return out;
}

bool IntervalSet::covers(const Interval& i) const {
  auto it = std::upper_bound(v_.begin(), v_.end(), i.start,
                             [](Instant s, const Interval& a) { return s < a.start; });
  if (it == v_.begin()) return false;
  --it;
  return it->contains(i);
}

bool IntervalSet::overlaps(const Interval& i) const {
  if (i.empty()) return false;
  auto it = std::lower_bound(v_.begin(), v_.end(), i.start,
                             [](const Interval& a, Instant s) { return !(s < a.end); });
  return it != v_.end() && it->start < i.end;
}

}  // namespace medoffice::domain
