// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include "app/ports/remittance_repositories.hpp"
#include "codecs/x12/era_835.hpp"

namespace medoffice::codecs {

/// The 835 of a claim as posting sees it (X12-NOTES §3.5: the billed procedure is SVC06 when
/// the payer changed it, else SVC01).
domain::remittances::AdjudicatedClaim adjudicatedClaim(const x12::Claim835& c, std::size_t index);
/// The header of a remittance (its PLB pairs included once they are read).
domain::remittances::RemittanceHeader remittanceHeader(const x12::Remittance& r,
                                                       std::size_t transaction);

/// RemittanceFormats over the X12 835 reader (codecs/x12/era_835.hpp).
class X12RemittanceFormats final : public app::RemittanceFormats {
 public:
  domain::Status check(std::string_view input) override;
  std::unique_ptr<app::RemittanceCursor> open(std::string_view input) override;
  std::string adjudicationText(const domain::remittances::AdjudicatedClaim& c) override;
  domain::Result<domain::remittances::AdjudicatedClaim> adjudication(
      std::string_view text) override;
};

}  // namespace medoffice::codecs
