// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/routes/api_context.hpp"

namespace medoffice::http {

/// Arguments of a list request after the shared parameters were read.
struct ListArgs {
  app::PageRequest page;
  std::map<std::string, std::string> extra;  ///< resource-specific query parameters given
};

/// How one REST resource maps onto use cases. `registerResource` turns it into list, create,
/// get, PUT, PATCH (JSON merge patch), archive and restore routes with the shared conventions:
/// cursor pages, ETag/If-Match, Idempotency-Key and problem+json.
template <class T>
struct ResourceSpec {
  std::string collection;  ///< e.g. /api/v1/locations
  std::string noun;        ///< e.g. location
  bool phi = false;        ///< answers carry Cache-Control: no-store regardless
  domain::Permission readPermission = domain::Permission::kPracticeRead;
  domain::Permission writePermission = domain::Permission::kPracticeAdmin;
  /// Set for resources that hold PHI: the patient a record belongs to. Every read, search and
  /// change of such a resource is audited with that patient. Without it, changes are audited as
  /// configuration changes and reads are not audited.
  std::function<domain::PatientId(const T&)> patientOf;
  /// For PHI resources: the organization that owns record `id`, if any (a request for another
  /// organization's record answers 404 and is audited as a denial).
  std::function<std::optional<domain::OrganizationId>(app::Repositories&, std::int64_t)> ownerOf;
  /// For records bound to a location: the location of record `id` (nullopt when there is no
  /// such record). A user limited to some locations changes only records of those locations and
  /// creates none; any other change answers 403 and is audited as a denial.
  std::function<std::optional<domain::LocationId>(app::Repositories&, domain::OrganizationId,
                                                  std::int64_t)>
      locationOf;
  std::vector<std::string> listParams;  ///< extra query parameters the list accepts
  std::function<domain::Result<T>(const nlohmann::json&)> decode;
  std::function<std::optional<T>(app::Repositories&, domain::OrganizationId, std::int64_t)> get;
  std::function<domain::Result<app::Page<T>>(app::Repositories&, domain::OrganizationId,
                                             const ListArgs&)>
      list;
  /// Absent: no POST route. Returns the stored record and extra members for the 201 body, as JSON
  /// member text
  /// (`"name":value,...`, empty for none). The body itself is `codecs::toJson(record)`.
  std::function<domain::Result<std::pair<T, std::string>>(app::Repositories&, domain::Instant,
                                                          domain::OrganizationId, T)>
      create;
  std::function<domain::Result<T>(app::Repositories&, domain::Instant, domain::OrganizationId, T,
                                  std::int64_t)>
      update;
  /// Archive (false) and restore (true); absent for resources that cannot be archived.
  std::function<domain::Result<T>(app::Repositories&, domain::Instant, domain::OrganizationId,
                                  std::int64_t, bool, std::int64_t)>
      setActive;
};

template <class T>
void registerResource(Router& router, ApiContext& ctx, ResourceSpec<T> spec);

void registerRegistryRoutes(Router& router, ApiContext& ctx);
/// Code sets: search, the check of one code on a date of service, the releases loaded.
void registerCodeRoutes(Router& router, ApiContext& ctx);
/// Fee schedules: entries of the standard and payer schedules, CSV export and import.
void registerFeeScheduleRoutes(Router& router, ApiContext& ctx);
/// Encounters, guarantor accounts, the ledger, allocation, refunds (billing_routes.cpp).
void registerBillingRoutes(Router& router, ApiContext& ctx);
/// Billing reports (report_routes.cpp) and statements and receipts (statement_routes.cpp).
void registerReportRoutes(Router& router, ApiContext& ctx);
void registerStatementRoutes(Router& router, ApiContext& ctx);
/// Clearinghouses, claims, the scrubber, 837P batches, acknowledgements (claim_routes.cpp).
void registerClaimRoutes(Router& router, ApiContext& ctx);
void registerRemittanceRoutes(Router& router, ApiContext& ctx);
void registerSchedulingRoutes(Router& router, ApiContext& ctx);
/// Check-in with co-pay, check-out with follow-up, desk payments, the waitlist and its offers
/// (registered by registerSchedulingRoutes).
void registerFrontDeskRoutes(Router& router, ApiContext& ctx);
/// Today's flow board and its live stream (registered by registerSchedulingRoutes).
void registerFlowBoardRoutes(Router& router, ApiContext& ctx);
/// Day and week calendars in the location's zone, and per-provider iCalendar feeds (registered
/// by registerSchedulingRoutes).
void registerCalendarRoutes(Router& router, ApiContext& ctx);

}  // namespace medoffice::http
