// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace medoffice::domain {

/// A typed 64-bit identifier. Ids of different entities never mix at compile time.
template <class Tag>
struct Id {
  std::int64_t value = 0;
  constexpr Id() = default;
  constexpr explicit Id(std::int64_t v) : value(v) {}
  [[nodiscard]] constexpr bool valid() const { return value > 0; }
  auto operator<=>(const Id&) const = default;
};

using OrganizationId = Id<struct OrganizationTag>;
using LocationId = Id<struct LocationTag>;
using ProviderId = Id<struct ProviderTag>;
using PatientId = Id<struct PatientTag>;
using PayerId = Id<struct PayerTag>;
using CoverageId = Id<struct CoverageTag>;
using AppointmentTypeId = Id<struct AppointmentTypeTag>;
using RoomId = Id<struct RoomTag>;
using AvailabilityRuleId = Id<struct AvailabilityRuleTag>;
using ScheduleBlockId = Id<struct ScheduleBlockTag>;
using AppointmentId = Id<struct AppointmentTag>;
using SeriesId = Id<struct SeriesTag>;
using WaitlistEntryId = Id<struct WaitlistEntryTag>;
using WaitlistOfferId = Id<struct WaitlistOfferTag>;
using PaymentId = Id<struct PaymentTag>;
using GuarantorAccountId = Id<struct GuarantorAccountTag>;
using EncounterId = Id<struct EncounterTag>;
using ChargeLineId = Id<struct ChargeLineTag>;
using LedgerEntryId = Id<struct LedgerEntryTag>;
using ClaimId = Id<struct ClaimTag>;
using FeeScheduleEntryId = Id<struct FeeScheduleEntryTag>;
using StatementRunId = Id<struct StatementRunTag>;
using StatementId = Id<struct StatementTag>;
using RemittanceId = Id<struct RemittanceTag>;
using RemittanceClaimId = Id<struct RemittanceClaimTag>;
using DenialId = Id<struct DenialTag>;
using DenialNoteId = Id<struct DenialNoteTag>;

}  // namespace medoffice::domain

template <class Tag>
struct std::hash<medoffice::domain::Id<Tag>> {
  std::size_t operator()(const medoffice::domain::Id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
