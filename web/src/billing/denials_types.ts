// SPDX-License-Identifier: AGPL-3.0-or-later
// What the denial routes answer (GET/PATCH /api/v1/denials, notes, resolve).
import type { LedgerEntry } from "../types";

export type DenialAction = "correct_and_resubmit" | "appeal" | "write_off" | "bill_patient";
export type AgeBucket = "0-30" | "31-60" | "61-90" | "91+";

export interface DenialNote {
  id: number;
  denial_id: number;
  author_id: number;
  author_name: string;
  body: string;
  created_at: string;
}

export interface Denial {
  id: number;
  state: "open" | "resolved";
  /** How it was resolved; "reversed" when the payer reversed the remittance. */
  resolution: "resubmitted" | "appealed" | "written_off" | "billed_patient" | "reversed" | "other" | null;
  /** The CAS group: CO, PI, OA. */
  group: string;
  carc: string;
  rarc: string[];
  payer_id: number;
  payer_name: string;
  age_days: number;
  age_bucket: AgeBucket;
  suggested_action: DenialAction;
  explanation: string;
  suggestion_rule: string;
  due_on: string;
  /** The due date was set by hand (else the rule's days after the denial). */
  due_on_set: boolean;
  amount_cents: number;
  still_owed_cents: number;
  denied_on: string;
  responsibility: string;
  patient_id: number;
  patient: { id: number; family_name: string; given_name: string };
  claim_id: number;
  claim: { id: number; patient_control_number: string; state: string };
  line_id: number | null;
  line: { id: number; procedure_code: string; modifiers: string[]; charge_cents: number } | null;
  service_date: string;
  remittance_id: number;
  remittance_claim_id: number;
  assigned_to: number | null;
  resolved_at: string | null;
  resolved_by: number | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** GET /denials/{id} only. */
  notes?: DenialNote[];
}

export type GroupBy = "reason" | "payer" | "age";

export interface DenialGroup {
  key: string;
  group?: string;
  carc?: string;
  rarc?: string[];
  payer_id?: number;
  payer_name?: string;
  age_bucket?: AgeBucket;
  count: number;
  amount_cents: number;
}

export interface DenialQueue {
  items: Denial[];
  next_cursor: string | null;
  group_by?: GroupBy;
  groups?: DenialGroup[];
}

export interface ResolveAnswer {
  denial: Denial;
  /** The ledger entries the action posted (write off, bill the patient). */
  entries: LedgerEntry[];
  posted_cents: number;
  claim: { id: number; patient_control_number: string; state: string; version: number } | null;
  next: string | null;
}

export const actionLabels: Record<DenialAction, string> = {
  correct_and_resubmit: "Correct and resubmit",
  appeal: "Appeal",
  write_off: "Write off",
  bill_patient: "Bill the patient",
};

/** "CO-16 (MA130)" */
export function reasonText(d: { group?: string; carc?: string; rarc?: string[] }): string {
  const rarc = d.rarc?.length ? ` (${d.rarc.join(", ")})` : "";
  return `${d.group ?? ""}-${d.carc ?? ""}${rarc}`;
}
