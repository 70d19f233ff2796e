// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/patient_repositories.hpp"
#include "domain/common/result.hpp"
#include "http/routes/resource.hpp"

namespace medoffice::http {

/// Turns the query of a patient search into criteria. Its free-text `q` is a date
/// (YYYY-MM-DD or MM/DD/YYYY), a phone number, an MRN, "Family, Given", "Given Family" or a
/// family-name prefix; `family`, `given`, `birth_date`, `phone`, `mrn` and `status` set one
/// criterion each. Errors name the parameter. The patient list and the claims list search
/// with it.
domain::Result<app::PatientQuery> parsePatientQuery(const ListArgs& args);

}  // namespace medoffice::http
