// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <string>

#include "app/ports/clock.hpp"
#include "app/ports/repositories.hpp"
#include "app/registry.hpp"

namespace medoffice::test {

/// What a billing test or benchmark needs of a practice.
struct Practice {
  domain::OrganizationId org;
  domain::LocationId location;
  domain::ProviderId provider;
  domain::PayerId payer;
};

/// A practice in Springfield, IL (one location in America/Chicago, one provider, one payer),
/// created through the registry use cases in the caller's transaction. The NPIs must be valid
/// (check digit) and differ per practice in one database.
inline domain::Result<Practice> createPractice(app::Repositories& r, const app::TimeZones& zones,
                                               domain::Instant now,
                                               const std::string& name = "Prairie Medicine",
                                               const std::string& orgNpi = "1245678903",
                                               const std::string& providerNpi = "1234567893") {
  namespace reg = app::registry;
  Practice out;
  domain::Organization o;
  o.legalName = name;
  o.npi = orgNpi;
  o.tin = "36-4455667";
  o.billingAddress = {"800 N Rutledge St", "", "Springfield", "IL", "62702"};
  auto org = reg::createOrganization(r, now, o);
  if (!org) return org.error();
  out.org = org->id;
  domain::Location l;
  l.name = "Main";
  l.address = {"1 Main St", "", "Springfield", "IL", "62701"};
  l.placeOfService = "11";
  l.timeZone = "America/Chicago";
  auto loc = reg::createLocation(r, zones, now, out.org, l);
  if (!loc) return loc.error();
  out.location = loc->id;
  domain::Provider p;
  p.familyName = "Okafor";
  p.givenName = "Adaeze";
  p.npi = providerNpi;
  p.locationIds = {out.location};
  auto prov = reg::createProvider(r, now, out.org, p);
  if (!prov) return prov.error();
  out.provider = prov->id;
  domain::Payer payer;
  payer.name = "Prairie Health Plan";
  payer.x12PayerId = "PHP01";
  payer.claimFilingIndicator = "CI";
  auto py = reg::createPayer(r, now, out.org, payer);
  if (!py) return py.error();
  out.payer = py->id;
  return out;
}

}  // namespace medoffice::test
