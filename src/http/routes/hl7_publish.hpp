// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "codecs/hl7v2/siu.hpp"
#include "http/routes/api_context.hpp"

namespace medoffice::http {

/// Writes the HL7 v2.5.1 SIU message for an appointment change into the outbox, in the
/// transaction of `r` (so it exists exactly when the change does). Does nothing unless the
/// server has an HL7 outbox folder (ApiContext::hl7Outbox).
void publishSiu(Repositories& r, ApiContext& ctx, codecs::hl7v2::SiuEvent event,
                const domain::Appointment& a);

}  // namespace medoffice::http
