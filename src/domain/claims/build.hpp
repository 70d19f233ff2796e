// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

// Turning a finalized encounter into a claim (issue 16, point 1). The claim is self-contained
// (claim.hpp), so building it copies names, addresses and identifiers out of the practice,
// patient, coverage and payer records as they are now. A missing value does not stop the build:
// the claim is built with the gap, and validate() and the scrubber name it by its field path,
// so that the office sees every problem of a claim in one list.

#include <functional>
#include <optional>
#include <string>

#include "domain/billing/encounter.hpp"
#include "domain/claims/claim.hpp"
#include "domain/claims/cob.hpp"
#include "domain/common/ids.hpp"
#include "domain/common/money.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"
#include "domain/insurance/insurance.hpp"
#include "domain/patients/patient.hpp"
#include "domain/practice/practice.hpp"

namespace medoffice::domain::claims {

/// Clearinghouse settings for the practice (who we are to the receiver): 1000A and 1000B.
struct ClearinghouseParty {
  std::string submitterId;    ///< NM109 of 1000A: the id the receiver assigned to us
  std::string submitterName;  ///< NM103 of 1000A (an organisation)
  Contact submitterContact;   ///< PER of 1000A: a phone or an email is needed
  std::string receiverName;   ///< NM103 of 1000B
  std::string receiverId;     ///< NM109 of 1000B
};

/// What the caller edits on a claim before it is sent. It is kept with the claim, not on the
/// encounter, and copied into the claim as it is (validate() checks it).
struct ClaimExtras {
  std::string priorAuthorization;                ///< REF*G1; empty: none
  std::string referralNumber;                    ///< REF*9F; empty: none
  std::optional<ProviderRef> referringProvider;  ///< 2310A
  std::optional<Accident> accident;              ///< CLM11 and DTP*439
  std::optional<Date> onsetDate;                 ///< DTP*431
  ClaimFrequency frequency = ClaimFrequency::kOriginal;
  std::string originalClaimNumber;   ///< REF*F8, for a replacement or void
  std::optional<Money> patientPaid;  ///< AMT*F5
};

/// Everything one claim is built from. The references must outlive the buildClaim() call only.
struct ClaimSources {
  const Organization& practice;  ///< the billing provider (2010AA)
  const Location& location;      ///< the encounter's location: POS and, maybe, 2310C
  const Provider& provider;      ///< the encounter's provider: 2310B
  /// Looks up the rendering provider of a line that names another provider (2420A). May be
  /// empty, and may return nullptr for an unknown id: the line then gets a rendering provider
  /// with no name and no NPI, which validate() reports.
  std::function<const Provider*(ProviderId)> providerById;
  const domain::Patient& patient;
  const Coverage& coverage;    ///< the coverage billed: subscriber and member id
  const domain::Payer& payer;  ///< the coverage's payer: 2010BB and SBR09
  PayerResponsibility responsibility = PayerResponsibility::kPrimary;  ///< SBR01
  const Encounter& encounter;
  ClearinghouseParty clearinghouse;
  ClaimExtras extras;
  std::string patientControlNumber;  ///< CLM01: at most 20 characters (validate() checks it)
};

/// Builds the claim for one finalized encounter and one of its coverages. Pure; never throws.
///
/// - Billing provider: the practice (legal name, NPI, EIN from its TIN, taxonomy, billing
///   address, phone); the location's address when the practice has none. No pay-to address.
/// - Subscriber: the patient when the coverage's relationship is 18 (self); otherwise the
///   coverage's subscriber, and a 2000C patient loop with PAT01 = that relationship.
/// - Rendering provider (2310B): the encounter's provider. A line gets its own (2420A) only when
///   it names another provider. Service facility (2310C): the location, when its address is not
///   the billing provider's (compared without regard to case, spacing or a missing ZIP+4).
/// - CLM05-1 is the location's place of service; a line's is kept only when it differs.
/// - Lines in the encounter's order, with control number `L<charge line id>` (empty for a line
///   with no id, which validate() reports); service date the line's, else the encounter's.
/// - Diagnoses without dots.
///
/// Missing values (a member id, an NPI, an address) do not fail the build: validate() and the
/// scrubber report them by field path. Errors (kConflict) only when the sources cannot make a
/// claim: the encounter is not finalized or has no lines, or the records do not belong together
/// (patient, coverage, payer, practice, location or provider not the encounter's, or the
/// coverage billed at another responsibility than the encounter recorded for it).
Result<Claim> buildClaim(const ClaimSources& s);

/// Everything the claim to the next payer (secondary after primary, tertiary after secondary)
/// is built from. The references must outlive the buildNextClaim() call only.
struct NextClaimSources {
  /// The claim as it was sent to the payer that has now adjudicated it (its stored content).
  const Claim& sent;
  const PayerAdjudication& adjudication;  ///< what that payer did, from its 835
  const domain::Patient& patient;         ///< the claim's patient
  /// The coverage billed next: the one the encounter recorded at the next rank (the caller
  /// picks it; its payer record's SBR09 and payer id go into 2000B/2010BB).
  const Coverage& coverage;
  const domain::Payer& payer;        ///< the coverage's payer
  std::string patientControlNumber;  ///< CLM01 of the new claim: a new claim number
};

/// Builds the claim to the payer after the one `s.sent` went to, with coordination of
/// benefits. Pure; never throws.
///
/// - SBR01 is the next rank after the sent claim's (P → S, S → T); the subscriber, patient and
///   payer loops (2000B, 2010BA, 2010BB, 2000C) are built from `s.coverage` and `s.payer` as
///   buildClaim() does.
/// - Everything else is the sent claim's: billing provider, diagnoses, providers, lines with
///   their control numbers and charges, and its earlier payers with their 2430s (a tertiary claim
///   keeps the primary's). A payer the sent claim listed at the rank billed now is dropped.
/// - New: CLM01 `s.patientControlNumber`, frequency 1, no REF*F8, and no REF*G1/REF*9F (an
///   authorisation or referral number belongs to the payer it came from). No id.
/// - The payer that adjudicated becomes an other payer (addPriorPayer()).
///
/// Errors: kInvalid when the adjudication fails validate() (fields `adjudication.lines[0]...`);
/// kConflict when the adjudication names another claim (CLP01), the sent claim is a void or went to
/// the tertiary payer, the coverage is not the patient's or not with `s.payer`, the coverage is the
/// very policy the sent claim went to, or the adjudication names a line control number the claim
/// does not have. Whether the amounts balance is left to the scrubber (cob.* rules), which names
/// the line and difference.
Result<Claim> buildNextClaim(const NextClaimSources& s);

/// Adds the payer `sent` was billed to, with what it did, to `claim` (billed to a later payer):
/// a 2320/2330A/2330B other payer taken from `sent`'s subscriber, patient relationship and
/// payer (SBR01 = `sent`'s rank; AMT*D, AMT*EAF, claim CAS, DTP*573 and REF*F8 from
/// `adjudication`), and a 2430 on each of `claim`'s lines the adjudication names (SVD01 =
/// `sent`'s payer id; a line without its own date gets the claim's). Other payers stay in the
/// order of payment. `sent`'s own other payers are not copied. For claims built with
/// buildClaim() at rank S or T from the encounter: add each earlier payer in turn.
///
/// Errors, leaving `claim` unchanged: kInvalid for an adjudication validate() refuses;
/// kConflict when `sent`'s rank is not before `claim`'s, `claim` already has an other payer at
/// that rank, or a line control number is not one of `claim`'s lines.
Status addPriorPayer(Claim& claim, const Claim& sent, const PayerAdjudication& adjudication);

/// DMG03 from a patient's or subscriber's administrative sex (`female`, `male`, `other`,
/// `unknown`, any case; `F` and `M` too). Anything but female and male is unknown (U).
Sex claimSex(std::string_view administrativeSex);

}  // namespace medoffice::domain::claims
