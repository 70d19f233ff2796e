// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/common/time.hpp"

namespace medoffice::codecs::ical {

struct Event {
  std::string uid;  ///< globally unique, stable across feeds
  domain::Instant start;
  domain::Instant end;
  domain::Instant stamp;  ///< DTSTAMP: last change
  std::string summary;    ///< no PHI: a feed leaves the practice
  std::string location;
  std::string status;         ///< CONFIRMED, TENTATIVE or CANCELLED
  std::int64_t sequence = 0;  ///< increases with every change (RFC 5545 SEQUENCE)
};

struct Calendar {
  std::string name;  ///< X-WR-CALNAME
  std::vector<Event> events;
};

/// RFC 5545 text: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 sequence),
/// TEXT values escaped, times in UTC.
std::string encode(const Calendar& c);

/// Escapes a TEXT value (backslash, semicolon, comma, newline).
std::string escapeText(std::string_view s);

}  // namespace medoffice::codecs::ical
