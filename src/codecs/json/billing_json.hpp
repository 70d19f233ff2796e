// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// JSON of billing (issue 14): encounters and charge lines, guarantor accounts, ledger entries.
// Money is integer cents (`*_cents`), with a decimal string beside it for people.

#include <nlohmann/json.hpp>

#include "app/ports/billing_repositories.hpp"
#include "codecs/json/json_writer.hpp"
#include "domain/billing/account.hpp"
#include "domain/billing/encounter.hpp"
#include "domain/billing/ledger.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs {

/// An encounter as sent to create, edit or correct one: `patient_id`, `provider_id`,
/// `location_id`, `appointment_id` (optional), `date_of_service` (YYYY-MM-DD; optional with an
/// appointment), `diagnoses` (ICD-10-CM, with or without the dot), `lines`: each `code`,
/// `modifiers`, `units`, `diagnosis_pointers`, optional `id` (a kept line, in a correction),
/// `charge_cents` (else the fee schedule's), `ndc` {`code`, `unit`, `quantity`},
/// `place_of_service`, `rendering_provider_id`, `date_of_service`. Read-only members of a GET
/// are accepted and ignored. `dateGiven` tells whether `date_of_service` was there.
struct EncounterInput {
  domain::Encounter encounter;
  bool dateGiven = false;
};
domain::Result<EncounterInput> decodeEncounter(const nlohmann::json& j);

/// A guarantor account: `family_name`, `given_name`, `birth_date`, `phone`, `address`,
/// `guarantor_patient_id`, `active`.
domain::Result<domain::GuarantorAccount> decodeAccount(const nlohmann::json& j);

/// A ledger entry made by a person: `kind` (insurance_payment, contractual_adjustment,
/// write_off, transfer, reversal), `line_id`, `amount_cents`, `from`, `to`, `reason`,
/// `claim_id`, `reverses`.
domain::Result<domain::LedgerEntry> decodeLedgerEntry(const nlohmann::json& j);

/// One allocation by hand of an account's credit to a line: `line_id`, `amount_cents`, and
/// optionally the `payment_id` whose credit it is.
struct AllocationInput {
  domain::ChargeLineId line;
  domain::Money amount;
  domain::PaymentId payment;
};
/// The `allocations` member of `body` ([] when absent or null; at most 200), errors named
/// `allocations[k].line_id`...
std::vector<AllocationInput> decodeAllocations(const nlohmann::json& body, domain::FieldErrors& e);

/// A decimal quantity with at most 3 decimals ("1.5", 1.5, 2) in thousandths; nullopt when it is
/// not one.
std::optional<std::int64_t> parseMilli(const nlohmann::json& v);

void write(JsonWriter& w, const domain::Encounter& e);
void write(JsonWriter& w, const domain::ChargeLine& l);
void write(JsonWriter& w, const domain::GuarantorAccount& a);
void write(JsonWriter& w, const domain::LedgerEntry& e);
void write(JsonWriter& w, const domain::LineBalance& b);
void write(JsonWriter& w, const app::AccountBalance& b);
void write(JsonWriter& w, const app::LedgerLine& l);

}  // namespace medoffice::codecs
