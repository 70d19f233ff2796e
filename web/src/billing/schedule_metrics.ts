// SPDX-License-Identifier: AGPL-3.0-or-later
// The scheduling metrics report as the server sends it (GET /api/v1/reports/scheduling, worked
// out there in SQL: docs/workflows/billing.md, "Scheduling metrics"), and how its figures read.
import { addDays } from "../components";

/** The longest range the server takes, in days (both ends included). */
export const MAX_DAYS = 366;

export interface MetricRow {
  provider_id: number | null;
  provider: string;
  booked: number;
  cancelled: number;
  started: number;
  completed: number;
  no_shows: number;
  no_show_rate_percent: number | null;
  available_minutes: number;
  booked_minutes: number;
  utilisation_percent: number | null;
  wait: { count: number; median_minutes: number | null; p90_minutes: number | null };
}

export interface SchedulingReport {
  from: string;
  to: string;
  location_id: number | null;
  provider_id: number | null;
  providers: MetricRow[];
  total: MetricRow;
}

/** How many days from `from` to `to`, both included (0 when `to` is before `from`). */
export function dayCount(from: string, to: string): number {
  if (!from || !to || to < from) return 0;
  let n = 1;
  for (let d = from; d < to && n <= MAX_DAYS + 1; d = addDays(d, 1)) n++;
  return n;
}

export const pct = (v: number | null) => (v === null ? "—" : `${v}%`);
export const minutes = (v: number | null) => (v === null ? "—" : `${Math.round(v)} min`);
export const hours = (m: number) => `${(Math.round(m / 6) / 10).toLocaleString("en-US")} h`;
