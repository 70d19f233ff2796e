// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// app::EligibilityFormats over the X12 codec: the 270 writer (x12/eligibility_270.hpp) and the
// 271 reader and summary (x12/eligibility_271.hpp), with the summary as JSON.

#include <string>
#include <string_view>

#include "app/ports/eligibility_formats.hpp"

namespace medoffice::codecs {

/// The eligibility formats MedOffice writes and reads. Stateless: every method is pure,
/// thread-safe, and never throws.
class X12EligibilityFormats final : public app::EligibilityFormats {
 public:
  /// One ISA/GS/ST/BHT*0022*13 … SE/GE/IEA, segments ended by `~` without line breaks, with the
  /// inquiry's ISA13, GS06 and ST02 exactly. Errors name the inquiry's fields (`member_id`,
  /// `npi`, `subscriber.birth_date`, `dependent.last_name`, `service_types[1]`,
  /// `trace_originator`) or the envelope's (`ISA06`, `GS02` …).
  [[nodiscard]] domain::Result<std::string> write270(
      const app::EligibilityInquiry& inquiry) const override;
  /// Reads every 271 of `bytes` (the whole input must pass the reader, envelope included) and
  /// answers for the member whose TRN*2 echoes `trace` — or the only member when it echoes
  /// none — with the AAA of its payer and provider levels; when no member answers but the
  /// payer or provider level carries AAA (the request refused as a whole), those. kInvalid with
  /// the reason otherwise: not a 271, malformed (naming the segment), or answering another
  /// request.
  [[nodiscard]] domain::Result<app::EligibilityAnswer> read271(
      std::string_view bytes, std::string_view trace, std::string_view serviceType) const override;
};

}  // namespace medoffice::codecs
