// SPDX-License-Identifier: AGPL-3.0-or-later
#include <algorithm>
#include <charconv>
#include <memory>

#include "app/registry.hpp"
#include "codecs/json/claims_json.hpp"
#include "codecs/json/fee_schedule_json.hpp"
#include "codecs/json/json_reader.hpp"
#include "codecs/json/registry_json.hpp"
#include "codecs/json/scheduling_json.hpp"
#include "domain/common/validation.hpp"
#include "http/routes/patient_query.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

using app::Repositories;
using domain::Error;
using domain::Instant;
using domain::OrganizationId;
using domain::Result;
using nlohmann::json;

namespace {

/// The version an update must match: the one in If-Match, or with `If-Match: *` the stored one.
/// Reads the record only in the `*` case; the use case itself reports a missing record.
template <class T>
Result<std::int64_t> versionToMatch(const ResourceSpec<T>& spec, Repositories& r,
                                    OrganizationId org, std::int64_t id,
                                    const std::optional<std::int64_t>& ifMatch) {
  if (ifMatch) return *ifMatch;
  auto current = spec.get(r, org, id);
  if (!current) return Error::notFound(spec.noun + " not found");
  return current->meta.version;
}

/// Audits one access to a record in the transaction of `r`: PHI resources record the action
/// and the patient; other resources record changes as configuration changes (reads of practice
/// set-up are not audited).
template <class T>
void auditRecord(const ResourceSpec<T>& spec, Repositories& r, ApiContext& ctx, const Request& req,
                 domain::AuditAction action, const T& item) {
  const bool isRead = action == domain::AuditAction::kRead;
  if (spec.patientOf) {
    audit(r, ctx, req, action, spec.noun, std::to_string(item.id.value), spec.patientOf(item));
  } else if (!isRead) {
    audit(r, ctx, req, domain::AuditAction::kConfigChange, spec.noun,
          std::string(domain::toString(action)) + " " + std::to_string(item.id.value));
  }
}

/// A PHI record was not found in the caller's organization: if it exists in another one, the
/// probe is written to the audit trail as a denial. The answer stays 404 either way.
template <class T>
Result<Response> notFoundAudited(const ResourceSpec<T>& spec, ApiContext& ctx, const Request& req,
                                 const PathParams& params, Result<Response> answer) {
  if (answer.ok() || answer.error().code != domain::ErrorCode::kNotFound || !spec.ownerOf) {
    return answer;
  }
  auto id = pathId(params, "id");
  if (!id) return answer;
  auto owner = app::readValue<std::optional<OrganizationId>>(
      ctx.uow, [&](Repositories& r) -> Result<std::optional<OrganizationId>> {
        return spec.ownerOf(r, *id);
      });
  if (owner && owner->has_value() && **owner != caller(req).organizationId) {
    auto e = app::audit::event(&caller(req), originOf(req), ctx.clock.now(),
                               domain::AuditAction::kAccessDenied, spec.noun, std::to_string(*id));
    // Filed under the organization whose record was probed: its compliance officer must see it.
    e.organizationId = **owner;
    if (spec.noun == "patient") e.patientId = domain::PatientId(*id);
    e.outcome = domain::AuditOutcome::kDenied;
    e.reason = "record of another organization";
    (void)ctx.security.auditAlone(std::move(e));
  }
  return answer;
}

/// Location limits on changes (see ResourceSpec::locationOf): nullopt when the caller may
/// change record `id` (or create one, when `id` is empty); otherwise the 403 to answer, after
/// writing the denial to the audit trail.
template <class T>
std::optional<Error> outsideLocations(const ResourceSpec<T>& spec, ApiContext& ctx,
                                      const Request& req, std::optional<std::int64_t> id) {
  const domain::Principal& who = caller(req);
  if (!spec.locationOf || who.locationIds.empty()) return std::nullopt;
  const Instant now = ctx.clock.now();
  std::string refused;
  if (!id) {
    if (who.mayUseLocation(domain::LocationId(), now)) return std::nullopt;  // break-glass
    refused = "create: limited to some locations";
  } else {
    auto location = app::readValue<std::optional<domain::LocationId>>(
        ctx.uow, [&](Repositories& r) -> Result<std::optional<domain::LocationId>> {
          return spec.locationOf(r, who.organizationId, *id);
        });
    // An unknown record is the handler's 404 to give.
    if (!location || !location->has_value() || who.mayUseLocation(**location, now)) {
      return std::nullopt;
    }
    refused = "location " + std::to_string((*location)->value) + " is outside the user's limits";
  }
  auto e = app::audit::event(&who, originOf(req), now, domain::AuditAction::kAccessDenied,
                             spec.noun, id ? std::to_string(*id) : std::string("new"));
  e.outcome = domain::AuditOutcome::kDenied;
  e.reason = std::move(refused);
  (void)ctx.security.auditAlone(std::move(e));
  return Error::forbidden("Your account is limited to other locations.");
}

}  // namespace

template <class T>
void registerResource(Router& router, ApiContext& ctx, ResourceSpec<T> specIn) {
  auto spec = std::make_shared<ResourceSpec<T>>(std::move(specIn));
  const std::string one = spec->collection + "/{id}";
  const Access read = Access::need(spec->readPermission);
  const Access write = Access::need(spec->writePermission);

  router.add(
      "GET", spec->collection, "List " + spec->noun + "s", read,
      [spec, &ctx](const Request& req, const PathParams&) -> Result<Response> {
        domain::FieldErrors errors;
        QueryReader q(req, errors);
        ListArgs args;
        args.page.cursor = q.get("cursor").value_or("");
        args.page.limit = q.integer("limit", 1, 200, 50);
        args.page.includeInactive = q.boolean("include_inactive", false);
        for (const auto& name : spec->listParams) {
          if (auto v = q.get(name.c_str())) args.extra[name] = *v;
        }
        q.finish();
        if (!errors.empty()) return errors.toError();
        const OrganizationId org = caller(req).organizationId;
        if (!spec->patientOf) {
          auto page = app::readValue<app::Page<T>>(
              ctx.uow, [&](Repositories& r) { return spec->list(r, org, args); });
          if (!page) return page.error();
          return jsonResponse(200, codecs::pageJson(*page), spec->phi);
        }
        // PHI: the search and its audit event share one transaction. The event names the
        // criteria used (never their values) and the records returned.
        auto page =
            app::writeValue<app::Page<T>>(ctx.uow, [&](Repositories& r) -> Result<app::Page<T>> {
              auto found = spec->list(r, org, args);
              if (!found) return found.error();
              std::string what = "criteria:";
              for (const auto& [k, v] : args.extra) what += " " + k;
              what += "; returned:";
              domain::PatientId only;
              for (const auto& item : found->items) {
                what += " " + std::to_string(item.id.value);
                only = spec->patientOf(item);
              }
              if (found->items.size() != 1) only = {};
              if (auto it = args.extra.find("patient_id");
                  it != args.extra.end() && !only.valid()) {
                std::int64_t v = 0;
                if (std::from_chars(it->second.data(), it->second.data() + it->second.size(), v)
                        .ec == std::errc()) {
                  only = domain::PatientId(v);
                }
              }
              audit(r, ctx, req, domain::AuditAction::kSearch, spec->noun, what, only);
              return found;
            });
        if (!page) return page.error();
        return jsonResponse(200, codecs::pageJson(*page), spec->phi);
      });

  if (spec->create) {
    router.add("POST", spec->collection, "Create a " + spec->noun, write,
               [spec, &ctx](const Request& req, const PathParams&) -> Result<Response> {
                 if (auto denied = outsideLocations(*spec, ctx, req, std::nullopt)) return *denied;
                 auto key = idempotencyKey(req);
                 if (!key) return key.error();
                 auto body = jsonBody(req);
                 if (!body) return body.error();
                 auto draft = spec->decode(*body);
                 if (!draft) return draft.error();
                 const OrganizationId org = caller(req).organizationId;
                 const Instant now = ctx.clock.now();
                 return createOnce<std::pair<T, std::string>>(
                     ctx, req, *key, spec->phi,
                     [&](Repositories& r) -> Result<std::pair<T, std::string>> {
                       auto created = spec->create(r, now, org, *draft);
                       if (!created) return created.error();
                       auditRecord(*spec, r, ctx, req, domain::AuditAction::kCreate,
                                   created->first);
                       return created;
                     },
                     [&](const std::pair<T, std::string>& created) {
                       // The record with what registration adds (possible duplicates), its place
                       // and version.
                       Response res = jsonResponse(
                           201, codecs::withMembers(codecs::toJson(created.first), created.second),
                           spec->phi);
                       res.header("Location",
                                  spec->collection + "/" + std::to_string(created.first.id.value));
                       return withEtag(std::move(res), created.first.meta.version);
                     });
               });
  }

  router.add(
      "GET", one, "Read a " + spec->noun, read,
      [spec, &ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        const OrganizationId org = caller(req).organizationId;
        auto find = [&](Repositories& r) -> Result<T> {
          auto found = spec->get(r, org, *id);
          if (!found) return Error::notFound(spec->noun + " not found");
          return *found;
        };
        auto item = spec->patientOf
                        ? app::writeValue<T>(ctx.uow,
                                             [&](Repositories& r) -> Result<T> {
                                               auto found = find(r);
                                               if (found) {
                                                 auditRecord(*spec, r, ctx, req,
                                                             domain::AuditAction::kRead, *found);
                                               }
                                               return found;
                                             })
                        : app::readValue<T>(ctx.uow, find);
        if (!item) return notFoundAudited(*spec, ctx, req, params, item.error());
        std::string etag = etagFor(item->meta.version);
        if (req.header("if-none-match") == etag) {
          Response r;
          r.status = 304;
          r.phi = spec->phi;
          return withEtag(std::move(r), item->meta.version);
        }
        return withEtag(jsonResponse(200, codecs::toJson(*item), spec->phi), item->meta.version);
      });

  router.add("PUT", one, "Replace a " + spec->noun, write,
             [spec, &ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               if (auto denied = outsideLocations(*spec, ctx, req, *id)) return *denied;
               auto version = ifMatch(req);
               if (!version) return version.error();
               auto body = jsonBody(req);
               if (!body) return body.error();
               auto changes = spec->decode(*body);
               if (!changes) return changes.error();
               const OrganizationId org = caller(req).organizationId;
               const Instant now = ctx.clock.now();
               auto out = app::writeValue<T>(ctx.uow, [&](Repositories& r) -> Result<T> {
                 auto expected = versionToMatch(*spec, r, org, *id, *version);
                 if (!expected) return expected.error();
                 T next = *changes;
                 next.id = decltype(next.id)(*id);
                 auto updated = spec->update(r, now, org, std::move(next), *expected);
                 if (updated)
                   auditRecord(*spec, r, ctx, req, domain::AuditAction::kUpdate, *updated);
                 return updated;
               });
               if (!out) return notFoundAudited(*spec, ctx, req, params, out.error());
               return withEtag(jsonResponse(200, codecs::toJson(*out), spec->phi),
                               out->meta.version);
             });

  router.add(
      "PATCH", one, "Change some fields of a " + spec->noun + " (JSON merge patch)", write,
      [spec, &ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        if (auto denied = outsideLocations(*spec, ctx, req, *id)) return *denied;
        auto version = ifMatch(req);
        if (!version) return version.error();
        auto patch = jsonBody(req, true);
        if (!patch) return patch.error();
        const OrganizationId org = caller(req).organizationId;
        const Instant now = ctx.clock.now();
        auto out = app::writeValue<T>(ctx.uow, [&](Repositories& r) -> Result<T> {
          auto current = spec->get(r, org, *id);
          if (!current) return Error::notFound(spec->noun + " not found");
          if (*version && **version != current->meta.version) {
            return Error::versionMismatch();
          }
          json doc = codecs::encode(*current);
          codecs::mergePatch(doc, *patch);
          auto next = spec->decode(doc);
          if (!next) return next.error();
          next->id = current->id;
          auto updated = spec->update(r, now, org, std::move(next).value(), current->meta.version);
          if (updated) auditRecord(*spec, r, ctx, req, domain::AuditAction::kUpdate, *updated);
          return updated;
        });
        if (!out) return notFoundAudited(*spec, ctx, req, params, out.error());
        return withEtag(jsonResponse(200, codecs::toJson(*out), spec->phi), out->meta.version);
      });

  if (spec->setActive) {
    for (bool active : {false, true}) {
      router.add(
          "POST", one + (active ? "/restore" : "/archive"),
          (active ? "Restore an archived " : "Archive a ") + spec->noun, write,
          [spec, &ctx, active](const Request& req, const PathParams& params) -> Result<Response> {
            auto id = pathId(params, "id");
            if (!id) return id.error();
            if (auto denied = outsideLocations(*spec, ctx, req, *id)) return *denied;
            auto version = ifMatch(req);
            if (!version) return version.error();
            if (auto s = noBody(req); !s.ok()) return s.error();
            const OrganizationId org = caller(req).organizationId;
            const Instant now = ctx.clock.now();
            auto out = app::writeValue<T>(ctx.uow, [&](Repositories& r) -> Result<T> {
              auto expected = versionToMatch(*spec, r, org, *id, *version);
              if (!expected) return expected.error();
              auto changed = spec->setActive(r, now, org, *id, active, *expected);
              if (changed) {
                auditRecord(*spec, r, ctx, req,
                            active ? domain::AuditAction::kRestore : domain::AuditAction::kArchive,
                            *changed);
              }
              return changed;
            });
            if (!out) return notFoundAudited(*spec, ctx, req, params, out.error());
            return withEtag(jsonResponse(200, codecs::toJson(*out), spec->phi), out->meta.version);
          });
    }
  }
}

void registerRegistryRoutes(Router& router, ApiContext& ctx) {
  namespace reg = app::registry;
  using namespace domain;

  ResourceSpec<Organization> orgs;
  orgs.collection = "/api/v1/organizations";
  orgs.noun = "organization";
  orgs.readPermission = Permission::kPracticeRead;
  orgs.writePermission = Permission::kPracticeAdmin;
  orgs.decode = codecs::decodeOrganization;
  // A user sees and changes only the organisation they belong to. New organisations are made
  // with `medoffice org add` (or `medoffice demo`), not over the API.
  orgs.get = [](Repositories& r, OrganizationId org,
                std::int64_t id) -> std::optional<Organization> {
    if (id != org.value) return std::nullopt;
    return r.organizations().get(org);
  };
  orgs.list = [](Repositories& r, OrganizationId org,
                 const ListArgs&) -> Result<app::Page<Organization>> {
    app::Page<Organization> page;
    if (auto o = r.organizations().get(org)) page.items.push_back(*o);
    return page;
  };
  orgs.update = [](Repositories& r, Instant now, OrganizationId org, Organization o,
                   std::int64_t v) -> Result<Organization> {
    if (o.id != org) return Error::notFound("organization not found");
    return reg::updateOrganization(r, now, std::move(o), v);
  };
  registerResource(router, ctx, std::move(orgs));

  ResourceSpec<Location> locs;
  locs.collection = "/api/v1/locations";
  locs.noun = "location";
  locs.readPermission = Permission::kPracticeRead;
  locs.writePermission = Permission::kPracticeAdmin;
  locs.decode = codecs::decodeLocation;
  locs.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.locations().get(org, LocationId(id));
  };
  locs.list = [](Repositories& r, OrganizationId org, const ListArgs& a) {
    return r.locations().list(org, a.page);
  };
  locs.create = [&ctx](Repositories& r, Instant now, OrganizationId org,
                       Location l) -> Result<std::pair<Location, std::string>> {
    auto out = reg::createLocation(r, ctx.zones, now, org, std::move(l));
    if (!out) return out.error();
    return std::pair{std::move(out).value(), std::string()};
  };
  locs.update = [&ctx](Repositories& r, Instant now, OrganizationId org, Location l,
                       std::int64_t v) {
    return reg::updateLocation(r, ctx.zones, now, org, std::move(l), v);
  };
  locs.setActive = [](Repositories& r, Instant now, OrganizationId org, std::int64_t id, bool a,
                      std::int64_t v) {
    return reg::setLocationActive(r, now, org, LocationId(id), a, v);
  };
  // A location is bound to itself: an administrator limited to some locations manages those.
  locs.locationOf = [](Repositories&, OrganizationId, std::int64_t id) {
    return std::optional<LocationId>(LocationId(id));
  };
  registerResource(router, ctx, std::move(locs));

  ResourceSpec<Provider> provs;
  provs.collection = "/api/v1/providers";
  provs.noun = "provider";
  provs.readPermission = Permission::kPracticeRead;
  provs.writePermission = Permission::kPracticeAdmin;
  provs.decode = codecs::decodeProvider;
  provs.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.providers().get(org, ProviderId(id));
  };
  provs.list = [](Repositories& r, OrganizationId org, const ListArgs& a) {
    return r.providers().list(org, a.page);
  };
  provs.create = [](Repositories& r, Instant now, OrganizationId org,
                    Provider p) -> Result<std::pair<Provider, std::string>> {
    auto out = reg::createProvider(r, now, org, std::move(p));
    if (!out) return out.error();
    return std::pair{std::move(out).value(), std::string()};
  };
  provs.update = [](Repositories& r, Instant now, OrganizationId org, Provider p, std::int64_t v) {
    return reg::updateProvider(r, now, org, std::move(p), v);
  };
  provs.setActive = [](Repositories& r, Instant now, OrganizationId org, std::int64_t id, bool a,
                       std::int64_t v) {
    return reg::setProviderActive(r, now, org, ProviderId(id), a, v);
  };
  registerResource(router, ctx, std::move(provs));

  ResourceSpec<Payer> payers;
  payers.collection = "/api/v1/payers";
  payers.noun = "payer";
  payers.readPermission = Permission::kPracticeRead;
  payers.writePermission = Permission::kPracticeAdmin;
  payers.decode = codecs::decodePayer;
  payers.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.payers().get(org, PayerId(id));
  };
  payers.list = [](Repositories& r, OrganizationId org, const ListArgs& a) {
    return r.payers().list(org, a.page);
  };
  payers.create = [](Repositories& r, Instant now, OrganizationId org,
                     Payer p) -> Result<std::pair<Payer, std::string>> {
    auto out = reg::createPayer(r, now, org, std::move(p));
    if (!out) return out.error();
    return std::pair{std::move(out).value(), std::string()};
  };
  payers.update = [](Repositories& r, Instant now, OrganizationId org, Payer p, std::int64_t v) {
    return reg::updatePayer(r, now, org, std::move(p), v);
  };
  payers.setActive = [](Repositories& r, Instant now, OrganizationId org, std::int64_t id, bool a,
                        std::int64_t v) {
    return reg::setPayerActive(r, now, org, PayerId(id), a, v);
  };
  registerResource(router, ctx, std::move(payers));

  ResourceSpec<Coverage> covs;
  covs.collection = "/api/v1/coverages";
  covs.noun = "coverage";
  covs.phi = true;
  covs.readPermission = Permission::kPatientRead;
  covs.writePermission = Permission::kPatientWrite;
  covs.patientOf = [](const Coverage& c) { return c.patientId; };
  covs.ownerOf = [](Repositories& r, std::int64_t id) -> std::optional<OrganizationId> {
    auto c = r.coverages().ownerPatient(CoverageId(id));
    if (!c) return std::nullopt;
    return r.patients().ownerOf(*c);
  };
  covs.listParams = {"patient_id"};
  covs.decode = codecs::decodeCoverage;
  covs.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.coverages().get(org, CoverageId(id));
  };
  covs.list = [](Repositories& r, OrganizationId org,
                 const ListArgs& a) -> Result<app::Page<Coverage>> {
    PatientId patient;
    if (auto it = a.extra.find("patient_id"); it != a.extra.end()) {
      try {
        std::size_t used = 0;
        long long v = std::stoll(it->second, &used);
        if (used != it->second.size() || v <= 0) throw std::invalid_argument("id");
        patient = PatientId(v);
      } catch (const std::exception&) {
        return Error::invalidField("patient_id", "must be a positive integer");
      }
    }
    return r.coverages().list(org, patient, a.page);
  };
  covs.create = [](Repositories& r, Instant now, OrganizationId org,
                   Coverage c) -> Result<std::pair<Coverage, std::string>> {
    auto out = reg::createCoverage(r, now, org, std::move(c));
    if (!out) return out.error();
    return std::pair{std::move(out).value(), std::string()};
  };
  covs.update = [](Repositories& r, Instant now, OrganizationId org, Coverage c, std::int64_t v) {
    auto current = r.coverages().get(org, c.id);
    if (current && !c.patientId.valid()) c.patientId = current->patientId;
    return reg::updateCoverage(r, now, org, std::move(c), v);
  };
  covs.setActive = [](Repositories& r, Instant now, OrganizationId org, std::int64_t id, bool a,
                      std::int64_t v) {
    return reg::setCoverageActive(r, now, org, CoverageId(id), a, v);
  };
  registerResource(router, ctx, std::move(covs));

  ResourceSpec<Patient> pats;
  pats.collection = "/api/v1/patients";
  pats.noun = "patient";
  pats.phi = true;
  pats.readPermission = Permission::kPatientRead;
  pats.writePermission = Permission::kPatientWrite;
  pats.patientOf = [](const Patient& p) { return p.id; };
  pats.ownerOf = [](Repositories& r, std::int64_t id) {
    return r.patients().ownerOf(PatientId(id));
  };
  pats.listParams = {"q", "family", "given", "birth_date", "phone", "mrn", "status"};
  pats.decode = codecs::decodePatient;
  pats.get = [](Repositories& r, OrganizationId org, std::int64_t id) {
    return r.patients().get(org, PatientId(id));
  };
  pats.list = [](Repositories& r, OrganizationId org,
                 const ListArgs& a) -> Result<app::Page<Patient>> {
    auto q = parsePatientQuery(a);
    if (!q) return q.error();
    return r.patients().search(org, *q);
  };
  // The duplicate check runs inside the write transaction: it sees every committed patient
  // (no race between check and insert), and it uses the writer's warm page cache instead of
  // opening a separate read snapshot (measured: the extra snapshot cost ~19% of the CPU of a
  // create, because every commit invalidates a reader connection's cache).
  pats.create = [](Repositories& r, Instant now, OrganizationId org,
                   Patient p) -> Result<std::pair<Patient, std::string>> {
    auto out = reg::registerPatient(r, now, org, std::move(p), /*checkDuplicates=*/true);
    if (!out) return out.error();
    auto dups = codecs::JsonWriter::memberList();
    dups.key("possible_duplicates").beginArray();
    for (const auto& d : out->possibleDuplicates) codecs::write(dups, d);
    dups.endArray();
    return std::pair{std::move(out->patient), dups.take()};
  };
  pats.update = [](Repositories& r, Instant now, OrganizationId org, Patient p, std::int64_t v) {
    return reg::updatePatient(r, now, org, std::move(p), v);
  };
  pats.setActive = [](Repositories& r, Instant now, OrganizationId org, std::int64_t id, bool a,
                      std::int64_t v) {
    return reg::setPatientStatus(r, now, org, PatientId(id),
                                 a ? PatientStatus::kActive : PatientStatus::kArchived, v);
  };
  registerResource(router, ctx, std::move(pats));

  router.add(
      "POST", "/api/v1/patients/{id}/merge",
      "Merge another patient record (source_id) into this one",
      Access::need(domain::Permission::kPatientMerge),
      [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
        auto id = pathId(params, "id");
        if (!id) return id.error();
        auto version = ifMatch(req);
        if (!version) return version.error();
        auto body = jsonBody(req);
        if (!body) return body.error();
        domain::FieldErrors errors;
        codecs::ObjectReader reader(*body, errors);
        auto source = reader.integer("source_id", 1, INT64_MAX);
        reader.finish();
        if (!source && errors.empty()) errors.add("source_id", "is required");
        if (!errors.empty()) return errors.toError();
        const OrganizationId org = caller(req).organizationId;
        const Instant now = ctx.clock.now();
        auto out = app::writeValue<reg::MergeOutcome>(
            ctx.uow, [&](Repositories& r) -> Result<reg::MergeOutcome> {
              std::int64_t v = 0;
              if (*version) {
                v = **version;
              } else if (auto cur = r.patients().get(org, PatientId(*id))) {
                v = cur->meta.version;
              }
              auto merged = reg::mergePatients(r, now, org, PatientId(*id), PatientId(*source), v);
              if (merged) {
                audit(r, ctx, req, domain::AuditAction::kMerge, "patient",
                      std::to_string(*source) + " into " + std::to_string(*id), PatientId(*id));
                audit(r, ctx, req, domain::AuditAction::kMerge, "patient",
                      std::to_string(*source) + " into " + std::to_string(*id), PatientId(*source));
              }
              return merged;
            });
        if (!out) return out.error();
        auto merge = codecs::JsonWriter::memberList();
        merge.key("merge");
        codecs::write(merge, out->merge);
        return withEtag(
            jsonResponse(200, codecs::withMembers(codecs::toJson(out->target), merge.str()), true),
            out->target.meta.version);
      });

  router.add("GET", "/api/v1/patients/{id}/merges", "Merge history of a patient",
             Access::need(domain::Permission::kPatientRead),
             [&ctx](const Request& req, const PathParams& params) -> Result<Response> {
               auto id = pathId(params, "id");
               if (!id) return id.error();
               const OrganizationId org = caller(req).organizationId;
               auto out = app::writeValue<std::vector<app::PatientMerge>>(
                   ctx.uow, [&](Repositories& r) -> Result<std::vector<app::PatientMerge>> {
                     if (!r.patients().get(org, PatientId(*id))) {
                       return Error::notFound("patient not found");
                     }
                     audit(r, ctx, req, domain::AuditAction::kRead, "patient_merges",
                           std::to_string(*id), PatientId(*id));
                     return r.patients().merges(org, PatientId(*id));
                   });
               if (!out) return out.error();
               return jsonResponse(
                   200, codecs::pageJson(app::Page<app::PatientMerge>{std::move(*out), {}}), true);
             });
}

// The scheduling set-up resources use the same routes (scheduling_routes.cpp).
template void registerResource<domain::AppointmentType>(Router&, ApiContext&,
                                                        ResourceSpec<domain::AppointmentType>);
template void registerResource<domain::Room>(Router&, ApiContext&, ResourceSpec<domain::Room>);
template void registerResource<domain::AvailabilityRule>(Router&, ApiContext&,
                                                         ResourceSpec<domain::AvailabilityRule>);
// Fee schedule entries (fee_schedule_routes.cpp).
template void registerResource<domain::FeeScheduleEntry>(Router&, ApiContext&,
                                                         ResourceSpec<domain::FeeScheduleEntry>);
// Clearinghouses (claim_routes.cpp).
template void registerResource<domain::claims::Clearinghouse>(
    Router&, ApiContext&, ResourceSpec<domain::claims::Clearinghouse>);

}  // namespace medoffice::http
