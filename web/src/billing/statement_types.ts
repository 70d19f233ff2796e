// SPDX-License-Identifier: AGPL-3.0-or-later
// Statements and statement runs as the API returns them (GET/POST /statement-runs,
// /statements/{id}, /accounts/{id}/statements), and the addresses of their files.

/** What is owed by age of the date of service, in cents (statements and AR aging). */
export interface Aging {
  "0_30": number;
  "31_60": number;
  "61_90": number;
  "91_120": number;
  "120_plus": number;
}

/** The aging buckets in order, with the words shown for them. */
export const agingBuckets: { key: keyof Aging; label: string }[] = [
  { key: "0_30", label: "0–30 days" },
  { key: "31_60", label: "31–60 days" },
  { key: "61_90", label: "61–90 days" },
  { key: "91_120", label: "91–120 days" },
  { key: "120_plus", label: "Over 120 days" },
];

export interface StatementRun {
  id: number;
  /** "2026-12/05", or "2026-12/all" for a run of every account. */
  cycle_key: string;
  cycle_day: number | null;
  statement_date: string;
  min_balance_cents: number;
  status: string;
  accounts_total: number;
  accounts_done: number;
  progress_percent: number;
  statements: number;
  amount_due_cents: number;
  started_at: string;
  finished_at: string | null;
  version: number;
}

export interface Statement {
  id: number;
  run_id: number;
  account_id: number;
  statement_number: string;
  statement_date: string;
  due_date: string;
  guarantor: string;
  amount_due_cents: number;
  patient_due_cents: number;
  insurance_pending_cents: number;
  credit_cents: number;
  aging: Aging;
  oldest_days: number;
  created_at: string;
}

/** The answer of POST /statement-runs: the run, what this call did, and all its statements. */
export interface RunResult {
  run: StatementRun;
  resumed: boolean;
  already_done: boolean;
  made_now: number;
  statements: Statement[];
}

/** What a run asks for (POST /statement-runs); a missing cycle day mails every account. */
export interface RunRequest {
  cycle_day?: number;
  min_balance_cents?: number;
  statement_date?: string;
}

/** The statement as mailed (opened in a new tab: the API's PDFs may not be framed). */
export const statementPdfHref = (id: number) => `/api/v1/statements/${id}.pdf`;
/** The print-and-mail vendor's CSV of a run (a download). */
export const vendorCsvHref = (runId: number) => `/api/v1/statement-runs/${runId}/vendor.csv`;

/** "Cycle day 5" or "Every account". */
export function cycleLabel(day: number | null): string {
  return day === null ? "Every account" : `Cycle day ${day}`;
}
