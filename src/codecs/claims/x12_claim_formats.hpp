// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// app::ClaimFormats over the codecs: the claim JSON (claim_json.hpp), the 837P writer
// (x12/claim_837p.hpp), the 999, 277CA and 277 readers (x12/ack_999.hpp, x12/ack_277ca.hpp,
// x12/claim_status_277.hpp) and the 276 writer (x12/claim_status_276.hpp).

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/claim_formats.hpp"

namespace medoffice::codecs {

/// The claim formats MedOffice writes and reads. Stateless: every method is pure and
/// thread-safe, and never throws.
class X12ClaimFormats final : public app::ClaimFormats {
 public:
  /// claimToJson().
  [[nodiscard]] std::string encode(const domain::claims::Claim& claim) const override;
  /// claimFromJson().
  [[nodiscard]] domain::Result<domain::claims::Claim> decode(std::string_view json) const override;

  /// One ISA/GS/ST (segments ended by `~`, no line breaks) with the envelope's ISA13, GS06 and
  /// ST02 exactly (no number is drawn from anywhere else). BHT03 is batchReference, BHT04/05,
  /// ISA09/10 and GS04/05 the envelope's date and time, ISA15 P or T. Errors: write837P's
  /// (`claims[i].field`, `batch_reference`), the writer's for envelope values (`ISA06`,
  /// `GS02`, `ISA13` when a control number is 0 or above 999999999).
  [[nodiscard]] domain::Result<app::BatchFile> write837P(
      std::span<const domain::claims::Claim> claims,
      const app::BatchEnvelope& envelope) const override;

  /// Writes the batch again (discarding the bytes) with a SegmentMap and answers each ref:
  /// the claims the segment concerns, the field of the element (component) when it was
  /// written from one, and the segment's loop and id. A position outside the transaction (0,
  /// past SE) gives an empty location; an error is only write837P's.
  [[nodiscard]] domain::Result<std::vector<app::ElementLocation>> locate(
      std::span<const domain::claims::Claim> claims, const app::BatchEnvelope& envelope,
      std::span<const app::ElementRef> refs) const override;

  /// Reads a whole 999 (005010X231A1), 277CA (005010X214) or 277 (005010X212) input, told
  /// apart by its first ST01 and GS08. The input is read to its end before anything is
  /// returned: a problem anywhere (in a later transaction, the trailers, another transaction
  /// type in the same file) is kInvalid with one field `segment 12 IK403` (the segment's
  /// position in the input and the element) and the reader's message. senderId and
  /// interchangeControl are those of the first ISA. A 277's claims are named by their TRN02
  /// (REF*EJ when TRN02 is empty) and judged by their current (first) status.
  [[nodiscard]] domain::Result<app::Acknowledgement> readAcknowledgement(
      std::string_view bytes) const override;

  /// write276() of the codec (segments ended by `~`, no line breaks) with the envelope's
  /// ISA13, GS06 and ST02 exactly. Each claim gives the payer (2100A), its billing provider
  /// (2100C, NPI), subscriber (2100D with DMG when the patient) and patient (2100E when a
  /// dependent), its CLM01 (trace and REF*EJ), total charge (AMT*T3) and the first and last
  /// dates of service of its lines (DTP*472); the claim's submitter is the information
  /// receiver (2100B). A claim failing the codec's validate() is refused with its field
  /// errors in words.
  [[nodiscard]] domain::Result<app::StatusRequestFile> write276(
      std::span<const app::StatusQuestion> questions,
      const app::BatchEnvelope& envelope) const override;
};

}  // namespace medoffice::codecs
