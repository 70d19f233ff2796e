// SPDX-License-Identifier: AGPL-3.0-or-later
// The billing reports as the API returns them (GET /reports/ar-aging, /day-sheet, /collections).
import type { Aging } from "./statement_types";

export interface AgingRow {
  payer_id?: number;
  payer?: string;
  account_id?: number;
  account?: string;
  insurance_cents?: number;
  patient_cents?: number;
  buckets: Aging;
  total_cents: number;
}

export interface AgingReport {
  as_of: string;
  by?: "payer" | "account";
  buckets: Aging;
  total_cents: number;
  rows?: AgingRow[];
  next_cursor?: string | null;
}

export interface MoneyTotals {
  charges_cents: number;
  payments_cents: number;
  insurance_payments_cents: number;
  patient_payments_cents: number;
  adjustments_cents: number;
  contractual_adjustments_cents: number;
  write_offs_cents: number;
  refunds_cents: number;
  transfers_cents: number;
  entries: number;
}

export interface NamedTotals extends MoneyTotals {
  name: string;
  provider_id?: number;
  location_id?: number;
  payer_id?: number;
}

export interface DaySheet extends MoneyTotals {
  date: string;
  by_provider: NamedTotals[];
  by_location: NamedTotals[];
  deposits: { method: string; amount_cents: number; count: number }[];
  deposit_total_cents: number;
}

export interface Collections extends MoneyTotals {
  from: string;
  to: string;
  by_payer: NamedTotals[];
}

/** The reports of the Reports tab, in the order of its sub-tabs. */
export const reportKinds = [
  { key: "ar-aging", label: "AR aging" },
  { key: "day-sheet", label: "Day sheet" },
  { key: "collections", label: "Collections by payer" },
  { key: "scheduling", label: "Scheduling" },
] as const;
export type ReportKind = (typeof reportKinds)[number]["key"];
