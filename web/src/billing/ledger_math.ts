// SPDX-License-Identifier: AGPL-3.0-or-later
// What the account screen computes from ledger entries: the labels of the kinds, the change each
// entry made to the insurance, patient and credit balances, which entries make up a balance (the
// drill-down), what each charge line still owes, and which entries were reversed. Every balance
// shown is the sum of the entries' effects, so it can be traced to them.
import { formatCents } from "../components";
import type { LedgerEntry } from "../types";

export const kindLabels: Record<LedgerEntry["kind"], string> = {
  charge: "Charge",
  insurance_payment: "Insurance payment",
  contractual_adjustment: "Contractual adjustment",
  write_off: "Write-off",
  transfer: "Transfer",
  patient_payment: "Patient payment",
  allocation: "Payment applied",
  refund: "Refund",
  reversal: "Reversal",
};

/** Which entries the ledger shows: all, those that changed one balance, or those of one charge
 * line or one payment. */
export type Drill =
  | { by: "all" }
  | { by: "insurance" }
  | { by: "patient" }
  | { by: "credit" }
  | { by: "due" }
  | { by: "line"; id: number }
  | { by: "payment"; id: number };

export const insuranceChange = (e: LedgerEntry) =>
  e.effect.primary_cents + e.effect.secondary_cents + e.effect.tertiary_cents;
/** The change of what is owed on lines (insurance and patient; credit apart). */
export const owedChange = (e: LedgerEntry) => insuranceChange(e) + e.effect.patient_cents;

export function inDrill(e: LedgerEntry, d: Drill): boolean {
  switch (d.by) {
    case "all":
      return true;
    case "insurance":
      return insuranceChange(e) !== 0;
    case "patient":
      return e.effect.patient_cents !== 0;
    case "credit":
      return e.effect.credit_cents !== 0;
    case "due":
      return e.effect.patient_cents !== 0 || e.effect.credit_cents !== 0;
    case "line":
      return e.line_id === d.id;
    case "payment":
      return e.payment_id === d.id;
  }
}

/** The sum the drill's entries add up to: the balance it explains. */
export function drillSum(entries: LedgerEntry[], d: Drill): number {
  let s = 0;
  for (const e of entries) {
    if (!inDrill(e, d)) continue;
    if (d.by === "insurance") s += insuranceChange(e);
    else if (d.by === "patient") s += e.effect.patient_cents;
    else if (d.by === "credit" || d.by === "payment") s += e.effect.credit_cents;
    else if (d.by === "due") s += e.effect.patient_cents - e.effect.credit_cents;
    else s += owedChange(e);
  }
  return s;
}

export function drillTitle(d: Drill): string {
  switch (d.by) {
    case "all":
      return "Every entry";
    case "insurance":
      return "Entries that changed what the insurance owes";
    case "patient":
      return "Entries that changed what the patient owes";
    case "credit":
      return "Entries that changed the credit";
    case "due":
      return "Entries that changed what the guarantor owes";
    case "line":
      return `Entries of charge line ${d.id}`;
    case "payment":
      return `Entries of payment ${d.id}`;
  }
}

/** What the drill's sum means, for the line under the table. */
export function drillSumText(d: Drill, cents: number): string {
  if (d.by === "all") return `Together they leave ${formatCents(cents)} owed on the account's lines.`;
  if (d.by === "due")
    return cents < 0
      ? `Together they leave the account ${formatCents(-cents)} in credit.`
      : `Together they leave ${formatCents(cents)} due from the guarantor.`;
  if (d.by === "credit") return `Together they leave ${formatCents(cents)} of credit.`;
  if (d.by === "payment") return `${formatCents(cents)} of this payment is still unapplied credit.`;
  if (d.by === "line") return `The line still owes ${formatCents(cents)}.`;
  return `Together they come to ${formatCents(cents)}.`;
}

export interface OpenLine {
  lineId: number;
  patientId: number;
  encounterId: number | null;
  /** What the patient owes on it now. */
  patientCents: number;
  insuranceCents: number;
}

/** The charge lines of the entries with what is owed on each, oldest first. */
export function lineBalances(entries: LedgerEntry[]): OpenLine[] {
  const by = new Map<number, OpenLine>();
  for (const e of entries) {
    if (e.line_id === null) continue;
    let l = by.get(e.line_id);
    if (!l) {
      l = {
        lineId: e.line_id,
        patientId: e.patient_id,
        encounterId: e.encounter_id,
        patientCents: 0,
        insuranceCents: 0,
      };
      by.set(e.line_id, l);
    }
    l.patientCents += e.effect.patient_cents;
    l.insuranceCents += insuranceChange(e);
  }
  return [...by.values()].sort((a, b) => a.lineId - b.lineId);
}

/** The ids of the entries a reversal has undone. */
export function reversedIds(entries: LedgerEntry[]): Set<number> {
  const out = new Set<number>();
  for (const e of entries) if (e.reverses !== null) out.add(e.reverses);
  return out;
}
