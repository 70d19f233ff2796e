// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// JSON of claims out (issue 16): claims with their findings and history, clearinghouses,
// batches and what an acknowledgement did. The claim itself (`claim`) is the claim model's JSON
// (codecs/claims/claim_json.hpp), so a finding's `field` is a path into it.

#include <nlohmann/json.hpp>

#include "app/claims/claims.hpp"
#include "app/ports/claim_repositories.hpp"
#include "codecs/json/json_writer.hpp"
#include "domain/claims/clearinghouse.hpp"
#include "domain/common/result.hpp"

namespace medoffice::codecs {

/// A clearinghouse: `name`, `submitter_id`, `submitter_qualifier`, `receiver_id`,
/// `receiver_qualifier`, `receiver_name`, `application_sender`, `application_receiver`,
/// `production`, `contact_name`, `contact_phone`, `contact_email`, `transport` (file_drop |
/// sftp), `outbox`, `inbox`, `archive`, `sftp_host`, `sftp_port`, `sftp_user`, `sftp_key_file`,
/// `sftp_known_hosts`.
domain::Result<domain::claims::Clearinghouse> decodeClearinghouse(const nlohmann::json& j);
void write(JsonWriter& w, const domain::claims::Clearinghouse& c);

/// What may be changed on a claim (`prior_authorization`, `referral_number`,
/// `referring_provider_id`, `onset_date`); absent members stay as they are.
domain::Result<app::claims::ClaimEdits> decodeClaimEdits(
    const nlohmann::json& j, std::initializer_list<const char*> more = {});

void write(JsonWriter& w, const domain::claims::Finding& f);
/// A claim record; `claimJson` is its content (the claim model's JSON), embedded as `claim`
/// when not empty. `history` when given.
void writeClaim(JsonWriter& w, const app::ClaimRecord& c, bool withContent,
                const std::vector<app::ClaimHistoryEntry>* history = nullptr);
void write(JsonWriter& w, const app::ClaimBatch& b);
void write(JsonWriter& w, const app::claims::AckOutcome& a);

}  // namespace medoffice::codecs
