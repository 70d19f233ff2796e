// SPDX-License-Identifier: AGPL-3.0-or-later
// What the remittance routes answer (POST/GET /api/v1/remittances): the posting report of an
// 835 (the same shape for the preview and the posting), and the remittances taken in.

/** How the payer's line found ours: REF*6R, code and modifiers, code and charge, code alone, one payer
 * line for several of ours (bundle), a further payer line for one already answered (split). */
export type MatchedBy = "control_number" | "code_modifiers" | "code_charge" | "code" | "bundle" | "split";

/** One of our charge lines a posted claim answered, and what was posted to it. */
export interface PostedLine {
  line_id: number;
  code: string;
  modifiers: string[];
  matched_by: MatchedBy;
  paid_cents: number;
  contractual_cents: number;
  patient_responsibility_cents: number;
  /** Where the patient responsibility went (null: nothing moved). */
  moved_to: "secondary" | "tertiary" | "patient" | null;
  denied_cents: number;
  /** Group and CARC of each denial: "CO-16". */
  denial_codes: string[];
}

/** One claim of an ERA that was posted (or, in a preview, would be). */
export interface PostedClaim {
  /** CLP01: our claim number as the payer echoed it. */
  claim: string;
  claim_id: number;
  /** CLP02: 1 processed as primary, 4 denied, 22 reversal... */
  status: string;
  reversal: boolean;
  paid_cents: number;
  contractual_cents: number;
  patient_responsibility_cents: number;
  denied_cents: number;
  /** The claim's state after the posting: paid, partially_paid, denied. */
  state: string;
  entries: number;
  next_claim_id: number | null;
  notes: string[];
  /** The index of its ERA in the file (RemittanceSummary.index). */
  remittance: number;
  /** Our lines the payer's lines answered, in our line order (none for a reversal). */
  lines: PostedLine[];
}

/** One claim of an ERA that cannot be posted, and why; the rest of the ERA posts. */
export interface NotPostedClaim {
  claim: string;
  /** Its place among the ERA's claims, from 1. */
  position: number;
  reason: string;
  remittance: number;
}

/** A PLB provider adjustment: interest, a recoupment, a balance carried forward. */
export interface ProviderAdjustment {
  reason: string;
  reference: string;
  amount_cents: number;
  provider: string;
}

/** One ERA (transaction set: one payment of one payer) of the file. */
export interface RemittanceSummary {
  index: number;
  /** Stored id (0 in a preview); for a duplicate, the earlier remittance. */
  id: number;
  duplicate: boolean;
  payer_name: string;
  payer_key: string;
  trace_number: string;
  payment_cents: number;
  payment_date: string | null;
  claims: number;
  posted_claims: number;
  not_posted_claims: number;
  paid_cents: number;
  contractual_cents: number;
  patient_responsibility_cents: number;
  denied_cents: number;
  entries: number;
  denials: number;
  provider_adjustments: ProviderAdjustment[];
}

export interface PostingReport {
  dry_run: boolean;
  payment_cents: number;
  posted: PostedClaim[];
  not_posted: NotPostedClaim[];
  remittances: RemittanceSummary[];
}

/** A remittance taken in (GET /api/v1/remittances). */
export interface Remittance {
  id: number;
  payer_name: string;
  payer_key: string;
  trace_number: string;
  payment_cents: number;
  payment_method: string;
  payment_date: string | null;
  claims: number;
  posted_claims: number;
  posted_cents: number;
  provider_adjustment_cents: number;
  posted_by: number;
  created_at: string;
}

/** One claim of a stored remittance: posted or not, and why. */
export interface RemittanceClaim {
  position: number;
  claim: string;
  claim_id: number | null;
  status: string;
  charge_cents: number;
  paid_cents: number;
  patient_responsibility_cents: number;
  payer_claim_number: string;
  posted: boolean;
  reason: string;
}

export interface RemittanceDetail {
  remittance: Remittance;
  claims: RemittanceClaim[];
}

/** CLP02, the claim status code, in words. */
export function claimStatusText(code: string): string {
  const t: Record<string, string> = {
    "1": "processed as primary",
    "2": "processed as secondary",
    "3": "processed as tertiary",
    "4": "denied",
    "19": "primary, forwarded",
    "20": "secondary, forwarded",
    "21": "tertiary, forwarded",
    "22": "reversal of an earlier payment",
    "23": "not our claim, forwarded",
    "25": "predetermination only",
  };
  return t[code] ?? `status ${code}`;
}
