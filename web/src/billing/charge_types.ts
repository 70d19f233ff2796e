// SPDX-License-Identifier: AGPL-3.0-or-later
// What the charge-entry screens read and write: encounters and their charge lines, code search
// answers, the superbill of a visit type, fee schedule entries and an encounter's history
// (docs/workflows/billing.md, docs/workflows/code-sets.md). Money is integer cents.

export interface Ndc {
  code: string;
  unit: string;
  quantity: string;
}

export interface ChargeLine {
  id: number;
  line_number: number;
  code: string;
  modifiers: string[];
  units: number;
  diagnosis_pointers: number[];
  ndc: Ndc | null;
  place_of_service: string | null;
  rendering_provider_id: number | null;
  date_of_service: string | null;
  charge_cents: number;
  fee_from_schedule: boolean;
}

export type EncounterStatus = "open" | "finalized" | "voided";

export interface CodeWarning {
  code: string;
  message: string;
}

export interface Encounter {
  id: number;
  patient_id: number;
  provider_id: number;
  location_id: number;
  appointment_id: number | null;
  account_id: number;
  date_of_service: string;
  /** Stored without the dot ("J069"). */
  diagnoses: string[];
  lines: ChargeLine[];
  total_charge_cents: number;
  status: EncounterStatus;
  corrections: number;
  finalized_at: string | null;
  finalized_by: number | null;
  version: number;
  warnings?: CodeWarning[];
}

/** A ledger entry as the finalise, correction and history answers carry it. */
export interface PostedEntry {
  id: number;
  kind: string;
  line_id: number | null;
  amount_cents: number;
  from: string | null;
  to: string | null;
  reverses: number | null;
  reason: string | null;
  posted_by: number | null;
  posted_at: string;
}

/** POST /encounters/{id}/finalize and /corrections. */
export interface FinalizeAnswer {
  encounter: Encounter;
  billed_to: string;
  entries: PostedEntry[];
  warnings: CodeWarning[];
}

/** One line of GET /encounters/{id}/history: current or replaced, with what it owes. */
export interface HistoryLine {
  encounter_id: number;
  revision: number;
  status: string;
  line: ChargeLine;
  balance: { total_cents: number; insurance_cents: number; patient_cents: number };
  entries: PostedEntry[];
}
export interface EncounterHistory {
  encounter: Encounter;
  lines: HistoryLine[];
}

/** One code of GET /codes. */
export interface CodeItem {
  code: string;
  display: string;
  description: string;
  short_description: string;
  billable: boolean;
  ends_on: string | null;
}
export interface CodeSearchAnswer {
  system: string;
  release: { label: string; code_count: number } | null;
  items: CodeItem[];
  warnings: CodeWarning[];
}

/** GET /appointment-types/{id}/superbill. */
export interface Superbill {
  appointment_type_id: number;
  name: string;
  date: string;
  items: { code: string; description: string; unit_fee_cents: number | null }[];
}

/** One entry of GET /fee-schedule (the standard schedule). */
export interface FeeEntry {
  id: number;
  code: string;
  modifier: string | null;
  amount_cents: number;
  effective_from: string;
  effective_to: string | null;
  active: boolean;
}
