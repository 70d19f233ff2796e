// SPDX-License-Identifier: AGPL-3.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codecs/x12/ack_common.hpp"
#include "domain/common/result.hpp"
#include "domain/common/time.hpp"

namespace medoffice::codecs::x12 {

// Readers and balancing for the 835 health care claim payment/advice (005010X221A1), the
// remittance a payer sends back for our claims (X12-NOTES §3). Money is integer cents, read
// exactly from the X12 decimals; quantities (units, days) are integer thousandths, as the 837
// writer keeps units.

/// Meaning of a CLP02 claim status code ("22": reversal of a previous payment); empty for a
/// code X221A1 does not list.
std::string_view claimStatusMeaning(std::string_view code);
/// Meaning of a CAS01 claim adjustment group code (CO, PR, OA, PI, and CR, a 4010 group);
/// empty for an unknown group.
std::string_view adjustmentGroupMeaning(std::string_view group);
/// Meaning of a common claim adjustment reason code (CARC "45"); empty for a code MedOffice
/// does not list (the list changes several times a year: an unlisted code is kept, never
/// refused).
std::string_view adjustmentReasonMeaning(std::string_view reason);
/// Meaning of a PLB03-1 provider adjustment reason code ("L6": interest owed); empty when
/// unlisted.
std::string_view providerAdjustmentMeaning(std::string_view reason);
/// Meaning of a BPR01 transaction handling code ("I": remittance information only).
std::string_view handlingMeaning(std::string_view code);
/// Meaning of a BPR04 payment method code ("ACH").
std::string_view paymentMethodMeaning(std::string_view code);

/// A name of an NM1 (or N1) segment.
struct Name835 {
  std::string entity;       ///< NM101: "QC" patient, "IL" insured, "74" corrected insured ...
  std::string type;         ///< NM102: "1" person, "2" organisation
  std::string last;         ///< NM103: a person's last name or an organisation's name
  std::string first;        ///< NM104
  std::string middle;       ///< NM105
  std::string suffix;       ///< NM107
  std::string idQualifier;  ///< NM108: "MI" member id, "XX" NPI, "HN", "C" insured change ...
  std::string id;           ///< NM109
  bool operator==(const Name835&) const = default;
};

/// N3/N4.
struct Address835 {
  std::string line1;       ///< N301
  std::string line2;       ///< N302
  std::string city;        ///< N401
  std::string state;       ///< N402
  std::string postalCode;  ///< N403
  std::string country;     ///< N404; empty for the United States
  bool operator==(const Address835&) const = default;
};

/// A REF segment.
struct Reference835 {
  std::string qualifier;  ///< REF01: "2U", "EA", "6R" ...
  std::string value;      ///< REF02
  bool operator==(const Reference835&) const = default;
};

/// A PER contact: function, name and up to three numbers (qualifier, value: "TE", "EM", "UR").
struct Contact835 {
  std::string function;  ///< PER01: "CX" payer's claims office, "BL" technical, "IC" website
  std::string name;      ///< PER02
  std::vector<Reference835> numbers;  ///< (PER03, PER04), (PER05, PER06), (PER07, PER08)
  bool operator==(const Contact835&) const = default;
};

/// An AMT or QTY segment: the qualifier and the value (cents for AMT, thousandths for QTY).
struct Value835 {
  std::string qualifier;
  std::int64_t value = 0;
  bool operator==(const Value835&) const = default;
};

/// A payer (1000A, N1*PR) or payee (1000B, N1*PE).
struct Party835 {
  std::string name;                      ///< N102
  std::string idQualifier;               ///< N103: payee "XX" NPI, "FI" TIN, "XV"; payer "XV"
  std::string id;                        ///< N104
  Address835 address;                    ///< N3/N4
  std::vector<Reference835> references;  ///< REF: payer 2U/EO/HI/NF; payee TJ/PQ/0B/D3
  std::vector<Contact835> contacts;      ///< PER (payer only)
  std::uint64_t segment = 0;             ///< index of the N1 in the input
  /// REF02 of the first REF with this qualifier; empty when none.
  [[nodiscard]] std::string reference(std::string_view qualifier) const;
  /// The payer's id: REF*2U when present, else N104.
  [[nodiscard]] std::string payerId() const;
  /// The payee's NPI (N104 under XX); empty when the payee is named otherwise.
  [[nodiscard]] std::string npi() const;
  /// The payee's tax id: N104 under FI, else REF*TJ; empty when neither.
  [[nodiscard]] std::string taxId() const;
};

/// BPR: the payment.
struct Payment835 {
  CodedValue handling;               ///< BPR01: C, D, H, I, P, U, X
  std::int64_t amountCents = 0;      ///< BPR02: the total actually paid (never negative)
  bool credit = true;                ///< BPR03: C (true) or D (false)
  CodedValue method;                 ///< BPR04: ACH, BOP, CHK, FWT, NON
  std::string format;                ///< BPR05: CCP, CTX (ACH only); empty otherwise
  std::string originatingCompany;    ///< BPR10: the payer's company id for the ACH
  std::optional<domain::Date> date;  ///< BPR16: the check date or the EFT effective date
  std::uint64_t segment = 0;         ///< index of the BPR in the input
};

/// TRN: the reassociation trace of the payment with the deposit.
struct Trace835 {
  std::string type;          ///< TRN01: "1" current transaction trace numbers
  std::string number;        ///< TRN02: the check or EFT trace number
  std::string payerId;       ///< TRN03: "1" followed by the payer's EIN
  std::string supplemental;  ///< TRN04
};

/// One CAS triplet (a CAS carries up to six, all of one group).
struct Adjustment835 {
  CodedValue group;                      ///< CAS01: CO, PR, OA, PI (CR: 4010)
  CodedValue reason;                     ///< CARC: CAS02, 05, 08, 11, 14 or 17
  std::int64_t amountCents = 0;          ///< positive lowers the payment, negative raises it
  std::optional<std::int64_t> quantity;  ///< thousandths (units or days); none when absent
  std::uint64_t segment = 0;             ///< index of the CAS in the input
};

/// A procedure composite (SVC01 or SVC06).
struct Procedure835 {
  std::string qualifier;               ///< -1: "HC" (HCPCS/CPT), "NU" revenue code, "N4" NDC ...
  std::string code;                    ///< -2
  std::vector<std::string> modifiers;  ///< -3 to -6, in order, empty ones left out
  std::string description;             ///< -7
  /// "HC:99213:25" (always ':' whatever the file's component separator).
  [[nodiscard]] std::string display() const;
  bool operator==(const Procedure835&) const = default;
};

/// 2110: one service line as the payer adjudicated it.
struct ServiceLine835 {
  Procedure835 procedure;                 ///< SVC01: what the payer adjudicated
  std::int64_t chargeCents = 0;           ///< SVC02: the line's charge
  std::int64_t paidCents = 0;             ///< SVC03: what the payer paid for it
  std::string revenueCode;                ///< SVC04 (institutional)
  std::optional<std::int64_t> unitsPaid;  ///< SVC05 in thousandths; none means one unit
  /// SVC06: the procedure we billed, when the payer adjudicated another code or other
  /// modifiers (or bundled/unbundled); none when SVC01 is what we billed.
  std::optional<Procedure835> originalProcedure;
  std::optional<std::int64_t> originalUnits;  ///< SVC07 in thousandths
  std::optional<domain::Date> serviceDate;    ///< DTM*472
  std::optional<domain::Date> serviceFrom;    ///< DTM*150
  std::optional<domain::Date> serviceTo;      ///< DTM*151
  std::vector<Adjustment835> adjustments;     ///< line CAS, every triplet in order
  std::string lineControlNumber;              ///< REF*6R: our 837 line item control number
  std::vector<Reference835> references;       ///< other REF (1S, APC, BB, G1, LU, 0K, ...)
  std::vector<Value835> amounts;              ///< AMT (B6 allowed, KH, T, T2, ZK-ZO)
  std::vector<Value835> quantities;           ///< QTY
  std::vector<std::string> remarks;           ///< LQ*HE: RARC remark codes, in order
  std::vector<std::string> pharmacyRejects;   ///< LQ*RX: NCPDP reject codes
  std::uint64_t segment = 0;                  ///< index of the SVC in the input
  /// The procedure we billed: SVC06 when present, else SVC01 (the line's matching key after
  /// REF*6R, X12-NOTES §3.5).
  [[nodiscard]] const Procedure835& billedProcedure() const {
    return originalProcedure ? *originalProcedure : procedure;
  }
  /// AMT*B6, the allowed amount; none when absent.
  [[nodiscard]] std::optional<std::int64_t> allowedCents() const;
};

/// MIA: inpatient adjudication.
struct Inpatient835 {
  std::optional<std::int64_t> coveredDays;     ///< MIA01 in thousandths
  std::optional<std::int64_t> drgAmountCents;  ///< MIA04
  std::vector<std::string> remarks;            ///< MIA05, MIA20 to MIA23
  /// Every other amount of the MIA: (element number, cents).
  std::vector<std::pair<int, std::int64_t>> amounts;
};

/// MOA: outpatient adjudication.
struct Outpatient835 {
  std::string reimbursementRate;                            ///< MOA01 as received (a percentage)
  std::optional<std::int64_t> hcpcsPayableCents;            ///< MOA02
  std::vector<std::string> remarks;                         ///< MOA03 to MOA07
  std::optional<std::int64_t> esrdPaymentCents;             ///< MOA08
  std::optional<std::int64_t> nonpayableProfessionalCents;  ///< MOA09
};

/// 2100: one claim as the payer adjudicated it.
struct Claim835 {
  std::string patientControlNumber;                        ///< CLP01: our CLM01
  CodedValue status;                                       ///< CLP02 with its meaning
  std::int64_t chargeCents = 0;                            ///< CLP03
  std::int64_t paidCents = 0;                              ///< CLP04 (negative on a reversal)
  std::optional<std::int64_t> patientResponsibilityCents;  ///< CLP05
  std::string filingIndicator;                ///< CLP06: "12" PPO, "MB" Medicare Part B, "CI" ...
  std::string payerClaimControlNumber;        ///< CLP07: the payer's ICN (the F8 of a correction)
  std::string facilityCode;                   ///< CLP08: place of service or type of bill
  std::string frequency;                      ///< CLP09
  std::string drgCode;                        ///< CLP11
  std::vector<Adjustment835> adjustments;     ///< claim-level CAS, every triplet in order
  Name835 patient;                            ///< NM1*QC
  std::optional<Name835> insured;             ///< NM1*IL
  std::optional<Name835> correctedInsured;    ///< NM1*74
  std::optional<Name835> correctedPayer;      ///< NM1*PR
  std::optional<Name835> otherSubscriber;     ///< NM1*GB
  std::optional<Name835> renderingProvider;   ///< NM1*82
  std::optional<Name835> crossoverCarrier;    ///< NM1*TT
  std::optional<Inpatient835> inpatient;      ///< MIA
  std::optional<Outpatient835> outpatient;    ///< MOA
  std::vector<Reference835> references;       ///< REF (EA, 1L, 28, 6P, 9A, F8, G1 ...)
  std::optional<domain::Date> statementFrom;  ///< DTM*232
  std::optional<domain::Date> statementTo;    ///< DTM*233
  std::optional<domain::Date> coverageExpiration;  ///< DTM*036
  std::optional<domain::Date> received;            ///< DTM*050
  std::vector<Contact835> contacts;                ///< PER*CX
  std::vector<Value835> amounts;  ///< AMT (AU coverage, D8, DY, F5, I interest, NL, T ...)
  std::vector<Value835>
      quantities;  ///< QTY (CA covered, CD co-insured, LA, LE, NE, NR, OU, PS, VS, ZK-ZN)
  std::vector<ServiceLine835> lines;  ///< 2110, in order
  std::size_t header = 0;             ///< index into Remittance::headers (its LX)
  std::uint64_t segment = 0;          ///< index of the CLP in the input
  /// CLP02 = 22: every amount negated to take back a previous payment (X12-NOTES §3.4).
  [[nodiscard]] bool isReversal() const { return status.code == "22"; }
  /// REF02 of the first claim REF with this qualifier; empty when none.
  [[nodiscard]] std::string reference(std::string_view qualifier) const;
  /// AMT02 of the first claim AMT with this qualifier; none when absent.
  [[nodiscard]] std::optional<std::int64_t> amount(std::string_view qualifier) const;
  /// MOA and MIA remark codes together, MOA first.
  [[nodiscard]] std::vector<std::string> remarks() const;
};

/// 2000: an LX header number, with its TS3 provider summary when present.
struct Header835 {
  std::string number;                            ///< LX01
  std::string providerId;                        ///< TS301
  std::string facilityCode;                      ///< TS302
  std::optional<domain::Date> fiscalPeriodEnd;   ///< TS303
  std::optional<std::int64_t> claimCount;        ///< TS304 in thousandths
  std::optional<std::int64_t> totalChargeCents;  ///< TS305
  std::uint64_t segment = 0;                     ///< index of the LX in the input
};

/// One PLB reason/amount pair (a PLB carries up to six): money between payer and provider
/// that belongs to no claim. Positive amounts lower the payment (a recoupment, WO, FB),
/// negative ones raise it (interest L6), X12-NOTES §3.3.
struct ProviderAdjustment835 {
  std::string providerId;                       ///< PLB01
  std::optional<domain::Date> fiscalPeriodEnd;  ///< PLB02
  CodedValue reason;                            ///< PLB03-1, 05-1 ... with its meaning
  std::string reference;                        ///< -2: the claim's ICN, the TRN02 of an FB ...
  std::int64_t amountCents = 0;                 ///< PLB04, 06 ...
  std::uint64_t segment = 0;                    ///< index of the PLB in the input
};

/// One 835 transaction set: one payment (or advice) to one payee.
struct Remittance {
  AckEnvelope envelope;                        ///< the interchange, group and ST it arrived in
  Payment835 payment;                          ///< BPR
  Trace835 trace;                              ///< TRN
  std::string currency;                        ///< CUR02; empty means US dollars
  std::string receiverId;                      ///< REF*EV
  std::string versionId;                       ///< REF*F2
  std::vector<Reference835> references;        ///< other header REF
  std::optional<domain::Date> productionDate;  ///< DTM*405
  Party835 payer;                              ///< 1000A
  Party835 payee;                              ///< 1000B
  std::vector<Header835> headers;              ///< 2000 LX loops
  /// 2100 claims in order; empty when a claim sink took them (see Era835Reader::onClaim()).
  std::vector<Claim835> claims;
  std::vector<ProviderAdjustment835> providerAdjustments;  ///< PLB pairs in order
  std::uint64_t claimCount = 0;                            ///< CLP segments read, kept or not
  std::int64_t claimsPaidCents = 0;                        ///< Σ CLP04 as read, kept or not
  /// Σ PLB amounts, for display (saturated should it not fit; balancing adds exactly).
  [[nodiscard]] std::int64_t providerAdjustmentCents() const;
};

/// Reads 835 remittances (005010X221A1), one transaction set at a time, streaming over the
/// tokenizer: memory is bounded by the largest transaction set, or by the largest claim when
/// a claim sink takes the claims as they are read.
///
/// Every envelope rule of `x12 check` applies (counts, control numbers, 5010 only; an SVC01
/// whose composite shows the wrong component separator is refused there). Input that is not
/// an 835 (an 837, 4010) is refused, naming the segment (unless skipOtherTransactions). Inside
/// an 835 it checks the loop order (BPR, TRN, header REF/DTM, N1*PR loop, N1*PE loop, LX
/// loops of CLP claims with their SVC lines, then PLB), which segments each loop may hold, the
/// elements posting needs (amounts read exactly into cents, dates, CAS triplets, composites),
/// and that every claim names its patient. Codes outside our lists (CARC, PLB reasons, CLP02)
/// are kept with `known == false`; BPR01, BPR03, BPR04 and CAS01, which decide where money
/// goes, must be codes of the guide. It does not check the balance: checkBalance() does.
/// Errors are values; malformed input never crashes or loops.
///
/// A remittance is yielded when its SE has been read and checked; a problem found later in the
/// file comes after it. A caller that must act on a whole file or not at all reads to the end
/// first (parse835() does). Not thread-safe.
class Era835Reader {
 public:
  /// Receives each claim once it is complete (at the next CLP, LX, PLB or SE), with the
  /// remittance read so far (header, payer, payee, LX headers) and the claim's 0-based index
  /// in its transaction. The claim belongs to a transaction whose SE has not been checked yet.
  using ClaimSink =
      std::function<void(const Remittance& header, const Claim835& claim, std::size_t index)>;

  explicit Era835Reader(std::string_view input, const AckReadOptions& options = {});
  explicit Era835Reader(PullSource source, const AckReadOptions& options = {});

  /// Hands every claim to `sink` instead of keeping it in Remittance::claims, so memory stays
  /// bounded by the largest claim. Call before the first next().
  void onClaim(ClaimSink sink) { sink_ = std::move(sink); }

  /// The next 835 transaction set, or nullptr at the end of the input or on a problem (see
  /// problem()). Valid until the next call.
  const Remittance* next();
  [[nodiscard]] const std::optional<Problem>& problem() const { return stream_.problem(); }
  /// The envelope summary of the input (complete once next() has returned nullptr).
  [[nodiscard]] const Summary& summary() const { return stream_.summary(); }
  /// What the envelope check noted without refusing the input (an errata version), as check()
  /// reports them (complete once next() has returned nullptr).
  [[nodiscard]] const std::vector<Problem>& warnings() const { return stream_.warnings(); }

 private:
  enum class State { kStart, kAfterBpr, kHeader, kPayer, kPayee, kLx, kClaim, kLine, kPlb };
  bool onSegment(const Segment& s);
  bool onEnd(const Segment& s);
  bool onBpr(const Segment& s);
  bool onTrn(const Segment& s);
  bool onN1(const Segment& s);
  bool onLx(const Segment& s);
  bool onTs3(const Segment& s);
  bool onClp(const Segment& s);
  bool onCas(const Segment& s);
  bool onNm1(const Segment& s);
  bool onMia(const Segment& s);
  bool onMoa(const Segment& s);
  bool onRef(const Segment& s);
  bool onDtm(const Segment& s);
  bool onPer(const Segment& s);
  bool onAmtQty(const Segment& s);
  bool onSvc(const Segment& s);
  bool onLq(const Segment& s);
  bool onPlb(const Segment& s);
  bool closeClaim(const Segment& at);
  /// Empties the open claim for the next one. Its lists keep their memory, and so do its lines'
  /// lists of adjustments and amounts (in spareAdjustments_ and spareAmounts_): with a claim
  /// sink, a file of thousands of claims of the same shape allocates almost nothing per claim.
  void resetClaim();
  /// A new, empty service line at the end of the open claim, with spare lists when there are.
  ServiceLine835& newLine();
  /// Refuses `s` where it stands, saying where it belongs.
  bool outOfPlace(const Segment& s, std::string_view belongs);
  /// Where the reader is, for messages: "in claim 'A1' (2100, CLP at segment 12)".
  [[nodiscard]] std::string where() const;
  // Element readers: each fails (naming the element and `what` it holds) and returns false
  // when the element is not in its form, or missing while required.
  bool required(const Segment& s, int n, std::string_view what);
  bool cents(const Segment& s, int n, std::int64_t& out, std::string_view what);
  bool cents(const Segment& s, int n, std::optional<std::int64_t>& out, bool required,
             std::string_view what);
  bool quantity(const Segment& s, int n, std::optional<std::int64_t>& out, bool required,
                std::string_view what);
  bool date(const Segment& s, int n, std::optional<domain::Date>& out, std::string_view what);
  bool procedure(const Segment& s, int n, Procedure835& out);
  void fail(const Segment& s, int element, std::string message, int component = 0);

  detail::AckStream stream_;
  ClaimSink sink_;
  Remittance remittance_;
  Claim835 claim_;  // the open claim (State kClaim or kLine)
  State state_ = State::kStart;
  Party835* party_ = nullptr;  // the open N1 loop (payer or payee)
  bool lxHasClaim_ = false;
  bool claimHasPatient_ = false;
  std::vector<std::vector<Adjustment835>> spareAdjustments_;  // emptied, of earlier lines
  std::vector<std::vector<Value835>> spareAmounts_;
  // The last date read and its text: an 835 repeats a few dates thousands of times.
  char lastDateText_[8] = {};
  std::optional<domain::Date> lastDate_;
};

/// Every 835 of a whole input, or its first problem as a domain error (kUnsupported for input
/// that is not a 5010 835, kInvalid otherwise, with the field `segment 12 CAS03`). Does not
/// check the balance.
domain::Result<std::vector<Remittance>> parse835(std::string_view input);

/// Which of the three balancing equations (X12-NOTES §3.3) failed.
enum class BalanceEquation {
  kLine,         ///< SVC02 − Σ line CAS = SVC03
  kClaim,        ///< CLP03 − Σ claim CAS − Σ line CAS = CLP04
  kTransaction,  ///< Σ CLP04 − Σ PLB = BPR02
};
std::string_view toString(BalanceEquation e);  ///< "line", "claim", "transaction"

/// One equation that does not hold. The payer's amount (`statedCents`: SVC03, CLP04 or
/// BPR02) is compared with what the other amounts of the same level add up to.
struct BalanceProblem {
  BalanceEquation equation = BalanceEquation::kTransaction;
  std::string patientControlNumber;       ///< CLP01; empty for the transaction
  std::optional<std::size_t> claimIndex;  ///< 0-based index in Remittance::claims
  std::optional<std::size_t> lineIndex;   ///< 0-based index in the claim's lines
  std::string lineCode;                   ///< SVC01 displayed ("HC:99213:25"); empty but for lines
  std::string lineControlNumber;          ///< the line's REF*6R; empty when none
  std::int64_t computedCents = 0;         ///< SVC02 − ΣCAS, CLP03 − ΣCAS or ΣCLP04 − ΣPLB
  std::int64_t statedCents = 0;           ///< SVC03, CLP04 or BPR02
  std::int64_t differenceCents = 0;       ///< stated − computed
  /// The amounts are too large to add up exactly (no amounts above are meaningful).
  bool overflow = false;
  std::uint64_t segment = 0;  ///< index of the SVC, CLP or BPR in the input
  /// Plain English, naming the claim, the line, the equation, both sides and the difference:
  /// "claim 1 (CLP01 'E3001-C1' at segment 20), line 1 (HC:99213, REF*6R 'E3001-L1' at segment
  /// 22): SVC02 150.00 minus the line's adjustments 50.00 is 100.00, but SVC03 says 95.00
  /// (difference -5.00)".
  std::string message;
};

/// Every equation of the remittance that does not hold: for each claim its lines, then the
/// claim, then the transaction. Empty when the remittance balances. Reversals (CLP02 = 22,
/// negated amounts) are held to the same equations. Nothing is ever forced to balance.
std::vector<BalanceProblem> checkBalance(const Remittance& r);
/// The line and claim equations of one claim (`index` its 0-based position), appended to
/// `out`: what a claim sink calls for each claim.
void checkClaimBalance(const Claim835& claim, std::size_t index, std::vector<BalanceProblem>& out);
/// The transaction equation, with Σ CLP04 added up from `r.claims` when they were kept, else
/// taken from `r.claimsPaidCents`.
std::optional<BalanceProblem> checkTransactionBalance(const Remittance& r);
/// Ok when the remittance balances; else kInvalid with one field error per problem (field
/// "claim 2 line 1", "transaction") whose message is the problem's.
domain::Status requireBalanced(const Remittance& r);

/// Counts over the 835s of an input, for `x12 check`'s summary line.
struct Era835Tally {
  std::uint64_t remittances = 0;
  std::uint64_t claims = 0;
  std::uint64_t reversals = 0;  ///< CLP02 22
  std::uint64_t lines = 0;
  std::int64_t paidCents = 0;             ///< Σ BPR02
  std::uint64_t providerAdjustments = 0;  ///< PLB pairs
  std::uint64_t unbalanced = 0;           ///< balance problems
  std::string firstProblem;               ///< the first balance problem's message
  /// Counts a remittance: its kept claims, then its transaction equation.
  void add(const Remittance& r);
  /// Counts a claim a claim sink received (its lines and balance); add() then counts the rest
  /// of its remittance. Lets `x12 check` stay bounded by the largest claim.
  void addClaim(const Claim835& c, std::size_t index);
  /// "pays 945.00 on 2 claims (1 reversal), 3 service lines, 1 provider adjustment; balanced"
  /// or "...; 2 balancing problems, the first: ...".
  [[nodiscard]] std::string describe() const;
};

namespace detail {
/// Cents as an X12-style decimal: "-1.27", "150000.00".
std::string centsText(std::int64_t cents);
/// A code with its meaning (from one of the tables above); an unknown code keeps `unknown` as
/// its meaning and known == false.
CodedValue codedValue(std::string_view code, std::string_view meaning, std::string_view unknown);
/// codedValue() into `out`, reusing its memory.
void setCodedValue(CodedValue& out, std::string_view code, std::string_view meaning,
                   std::string_view unknown);
}  // namespace detail

}  // namespace medoffice::codecs::x12
