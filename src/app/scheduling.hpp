// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// The scheduling use cases, one header per intention:
#include "app/scheduling/booking.hpp"      // book, move, series, status flow
#include "app/scheduling/front_desk.hpp"   // check-in, check-out, co-pays, flow board
#include "app/scheduling/slot_search.hpp"  // where a visit fits
#include "app/scheduling/waitlist.hpp"     // waitlist entries and offers of freed time
