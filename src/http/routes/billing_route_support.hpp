// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// What the billing routes (billing_routes.cpp: encounters; billing_ledger_routes.cpp: the
// ledger, accounts, refunds and reversals) share.

#include <optional>
#include <string>
#include <vector>

#include "app/ports/repositories.hpp"
#include "codecs/json/json_writer.hpp"
#include "domain/billing/ledger.hpp"
#include "domain/security/access.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http::billing_routes {

inline constexpr const char* kLimited = "Your account is limited to other locations.";

/// A user limited to some locations posts only there: every line a posting touches belongs to
/// an encounter at one of their locations, and every payment it touches was taken at one (or at
/// none). Checked on what the posting wrote, in its transaction, which the caller abandons on
/// kForbidden.
domain::Status mayTouch(app::Repositories& r, const domain::Principal& who, domain::Instant now,
                        const std::vector<domain::LedgerEntry>& entries);

/// Reports and statement runs cover the whole practice: refused (403) to a user limited to some
/// locations, unless break-glass is active.
domain::Status wholePractice(const domain::Principal& who, domain::Instant now);

/// `"entries": [...]` into an open object.
void writeEntries(codecs::JsonWriter& w, const std::vector<domain::LedgerEntry>& entries);

/// Entry ids for audit text: "12,13,14".
std::string entriesText(const std::vector<domain::LedgerEntry>& entries);

/// `cursor` and `limit` (1-200, default 50).
app::PageRequest pageOf(QueryReader& q);

/// The encounter routes register the others with this one.
void registerLedgerRoutes(Router& router, ApiContext& ctx);

}  // namespace medoffice::http::billing_routes
