// SPDX-License-Identifier: AGPL-3.0-or-later
// The claim queue's resources as the API sends them (docs/workflows/claims.md; the OpenAPI
// document, tag Claims, is the full description), and the names the screens give claim states.

export type ClaimState =
  | "draft"
  | "scrubbed"
  | "ready"
  | "batched"
  | "accepted"
  | "rejected"
  | "paid"
  | "partially_paid"
  | "denied"
  | "corrected"
  | "appealed"
  | "closed";

/** One scrubber finding (or a 999/277CA error mapped back to the claim). */
export interface Finding {
  severity: "error" | "warning";
  rule: string;
  /** A path in the claim's content: "subscriber.member_id", "lines[1].modifiers[0]"; may be "". */
  field: string;
  message: string;
  /** Where in the 837P the value goes ("NM109 of 2010BA"), for those who read X12. */
  segment?: string;
}

/** A claim as the work list has it (no content; findings only on the single claim). */
export interface ClaimSummary {
  id: number;
  encounter_id: number;
  patient_id: number;
  coverage_id: number;
  payer_id: number;
  responsibility: "primary" | "secondary" | "tertiary";
  patient_control_number: string;
  state: ClaimState;
  frequency: "original" | "replacement" | "void";
  replaces_claim_id: number | null;
  payer_claim_number: string | null;
  prior_authorization: string | null;
  referral_number: string | null;
  referring_provider_id: number | null;
  onset_date: string | null;
  service_date: string;
  total_cents: number;
  errors: number;
  warnings: number;
  scrubbed_at: string | null;
  batch_id: number | null;
  /** Why it was rejected or denied, when it was. */
  status_note: string | null;
  /** "Family, Given": on the work list (GET /api/v1/claims) only. */
  patient_name?: string;
  findings: Finding[];
  version: number;
  created_at: string;
  updated_at: string;
}

interface ClaimName {
  type: string;
  last: string;
  first: string;
  middle: string;
}

/** The part of a claim's content (the claim as it will be written) the screens show. */
export interface ClaimContent {
  place_of_service: string;
  billing_provider: { name: ClaimName; npi: string; tax_id: string; taxonomy: string };
  subscriber: { name: ClaimName; member_id: string; birth_date: string | null; group_number: string };
  payer: { name: string; payer_id: string };
  patient?: { relationship: string; name: ClaimName; birth_date: string };
  diagnoses: string[];
  rendering_provider?: { name: ClaimName; npi: string } | null;
  lines: {
    control_number: string;
    procedure_code: string;
    modifiers?: string[];
    charge_cents: number;
    units: string | number;
    service_date: string;
    diagnosis_pointers: number[];
  }[];
}

export interface ClaimHistoryEntry {
  at: string;
  from: ClaimState | null;
  to: ClaimState;
  user_id: number | null;
  note: string;
}

/** One claim read whole: its content and its history. */
export interface ClaimDetail extends ClaimSummary {
  claim?: ClaimContent;
  history?: ClaimHistoryEntry[];
}

export interface ClaimBatch {
  id: number;
  clearinghouse_id: number;
  /** written | sent | accepted | rejected | partial */
  state: string;
  file_name: string;
  claims: number;
  total_cents: number;
  segments: number;
  production: boolean;
  interchange_control: number;
  group_control: number;
  transaction_control: number;
  sent_at: string | null;
  send_reference: string | null;
  send_error: string | null;
  created_at: string;
}

export interface Clearinghouse {
  id: number;
  name: string;
  transport: string;
  production: boolean;
  active: boolean;
}

/** What an acknowledgement (999, 277CA, 277) did to each claim it answered. */
export interface AckOutcome {
  acknowledgement_id: number;
  kind: string;
  duplicate: boolean;
  batch_id: number | null;
  claims: {
    claim_id: number;
    patient_control_number: string;
    from: string;
    to: string;
    changed: boolean;
    reason: string;
    errors: Finding[];
  }[];
  unmatched: string[];
}

/** The tabs of the queue, in the order work flows: what needs the biller first. */
export const stateOrder: ClaimState[] = [
  "draft",
  "scrubbed",
  "rejected",
  "ready",
  "batched",
  "accepted",
  "denied",
  "partially_paid",
  "appealed",
  "paid",
  "corrected",
  "closed",
];

export const stateLabels: Record<ClaimState, string> = {
  draft: "Draft",
  scrubbed: "Has findings",
  ready: "Ready",
  batched: "Batched",
  accepted: "Accepted",
  rejected: "Rejected",
  paid: "Paid",
  partially_paid: "Partly paid",
  denied: "Denied",
  corrected: "Corrected",
  appealed: "Appealed",
  closed: "Closed",
};

/** What a claim in each state waits for, in a few words (the queue's tab says it). */
export const stateHints: Record<ClaimState, string> = {
  draft: "Not scrubbed since its last change: scrub it.",
  scrubbed: "The scrubber found errors: fix each one, then scrub again.",
  ready: "Clean: select and batch them.",
  batched: "In a batch: send it, then wait for the 999 and 277CA.",
  accepted: "Accepted by the clearinghouse or payer: the remittance comes next.",
  rejected: "Rejected by a 999 or 277CA: fix what it says, scrub and batch again.",
  paid: "Paid in full.",
  partially_paid: "Paid in part: see the denials queue for the rest.",
  denied: "Denied: see the denials queue.",
  corrected: "Replaced or voided by a later claim.",
  appealed: "Appealed: waiting for the payer's new decision.",
  closed: "Final.",
};

/** A claim the biller may change and scrub (the server's state machine says the same). */
export const scrubbable = (s: ClaimState) => s === "draft" || s === "scrubbed" || s === "ready" || s === "rejected";
/** A claim the payer has, which may be replaced or voided. */
export const correctable = (s: ClaimState) =>
  s === "accepted" || s === "paid" || s === "partially_paid" || s === "denied";

export function partyName(n: ClaimName | undefined): string {
  if (!n) return "";
  return n.first ? `${n.last}, ${n.first}` : n.last;
}
