// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling metrics of one location over a range of days, computed from the calendar's own
// records (appointments with their status times, availability rules, blocks):
// - no-show rate: no-shows among the visits that have started (cancelled ones left out);
// - utilisation: the time booked with visits that were not cancelled or missed, inside the hours
//   the provider was available (weekly rules in the location's time zone, less blocks), over
//   those hours; overlapping visits count once;
// - wait: from arrival (check-in) to roomed, for the visits that have both times.
import { addDays, localToUtc, weekdayCodes } from "../components";
import type { AvailabilityRule } from "../types";

export interface TimedAppointment {
  id: number;
  provider_id: number;
  location_id: number;
  start: string;
  end: string;
  status: string;
  status_times?: Record<string, { at: string; by: number | null } | undefined>;
}

export interface Block {
  provider_id?: number | null;
  location_id?: number | null;
  start: string;
  end: string;
}

export interface MetricRow {
  providerId: number;
  appointments: number;
  started: number;
  noShows: number;
  availableMinutes: number;
  bookedMinutes: number;
  waits: number[];
}

type Span = [number, number];

/** Sorted, merged spans. */
function union(spans: Span[]): Span[] {
  const s = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const [a, b] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** `spans` (merged) less `cuts` (merged). */
function subtract(spans: Span[], cuts: Span[]): Span[] {
  const out: Span[] = [];
  for (const [a0, b] of spans) {
    let a = a0;
    for (const [c, d] of cuts) {
      if (d <= a || c >= b) continue;
      if (c > a) out.push([a, c]);
      a = Math.max(a, d);
      if (a >= b) break;
    }
    if (a < b) out.push([a, b]);
  }
  return out;
}

/** Total length in ms of the overlap of two merged span lists. */
function overlap(x: Span[], y: Span[]): number {
  let total = 0;
  let j = 0;
  for (const [a, b] of x) {
    while (j < y.length && y[j][1] <= a) j++;
    for (let k = j; k < y.length && y[k][0] < b; k++) total += Math.min(b, y[k][1]) - Math.max(a, y[k][0]);
  }
  return total;
}

const length = (spans: Span[]) => spans.reduce((s, [a, b]) => s + b - a, 0);
const ms = (iso: string) => new Date(iso).getTime();

/** The dates from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

function weekdayOf(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return weekdayCodes[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7];
}

/** The hours a provider is available at the location on the days, as instants. */
function availability(
  providerId: number,
  rules: AvailabilityRule[],
  blocks: Block[],
  locationId: number,
  zone: string,
  days: string[],
): Span[] {
  const spans: Span[] = [];
  for (const r of rules) {
    if (r.provider_id !== providerId || r.location_id !== locationId || r.active === false) continue;
    for (const d of days) {
      if (d < r.effective_from || (r.effective_to && d > r.effective_to) || !r.weekdays.includes(weekdayOf(d)))
        continue;
      const start = ms(localToUtc(zone, d, r.start_time));
      const end =
        r.end_time === "24:00" ? ms(localToUtc(zone, addDays(d, 1), "00:00")) : ms(localToUtc(zone, d, r.end_time));
      spans.push([start, end]);
    }
  }
  const cuts = blocks
    .filter((b) => (b.provider_id ?? null) === null || b.provider_id === providerId)
    .filter((b) => (b.location_id ?? null) === null || b.location_id === locationId)
    .map((b): Span => [ms(b.start), ms(b.end)]);
  return subtract(union(spans), union(cuts));
}

/** The metrics of each provider with visits or hours at the location from `from` to `to` (local
 * dates, both included); `now` decides which visits have started. */
export function scheduleMetrics(input: {
  zone: string;
  locationId: number;
  from: string;
  to: string;
  appointments: TimedAppointment[];
  rules: AvailabilityRule[];
  blocks: Block[];
  now: number;
}): MetricRow[] {
  const { zone, locationId, from, to } = input;
  const days = daysOf(from, to);
  const rangeStart = ms(localToUtc(zone, from, "00:00"));
  const rangeEnd = ms(localToUtc(zone, addDays(to, 1), "00:00"));
  const visits = input.appointments.filter((a) => {
    const t = ms(a.start);
    return a.location_id === locationId && t >= rangeStart && t < rangeEnd;
  });
  const providers = new Set<number>(visits.map((a) => a.provider_id));
  for (const r of input.rules) if (r.location_id === locationId && r.active !== false) providers.add(r.provider_id);
  const rows: MetricRow[] = [];
  for (const providerId of [...providers].sort((a, b) => a - b)) {
    const own = visits.filter((a) => a.provider_id === providerId);
    const available = availability(providerId, input.rules, input.blocks, locationId, zone, days);
    const kept = own.filter((a) => a.status !== "cancelled" && a.status !== "no_show");
    const booked = union(kept.map((a): Span => [ms(a.start), ms(a.end)]));
    const started = own.filter((a) => a.status !== "cancelled" && ms(a.start) < input.now);
    const waits: number[] = [];
    for (const a of own) {
      const arrived = a.status_times?.arrived?.at;
      const roomed = a.status_times?.roomed?.at;
      if (arrived && roomed && ms(roomed) >= ms(arrived)) waits.push((ms(roomed) - ms(arrived)) / 60_000);
    }
    const availableMinutes = length(available) / 60_000;
    if (own.length === 0 && availableMinutes === 0) continue;
    rows.push({
      providerId,
      appointments: own.length,
      started: started.length,
      noShows: started.filter((a) => a.status === "no_show").length,
      availableMinutes,
      bookedMinutes: overlap(booked, available) / 60_000,
      waits,
    });
  }
  return rows;
}

/** The rows added up (the location as a whole). */
export function totalOf(rows: MetricRow[]): MetricRow {
  return rows.reduce(
    (t, r) => ({
      providerId: 0,
      appointments: t.appointments + r.appointments,
      started: t.started + r.started,
      noShows: t.noShows + r.noShows,
      availableMinutes: t.availableMinutes + r.availableMinutes,
      bookedMinutes: t.bookedMinutes + r.bookedMinutes,
      waits: [...t.waits, ...r.waits],
    }),
    { providerId: 0, appointments: 0, started: 0, noShows: 0, availableMinutes: 0, bookedMinutes: 0, waits: [] },
  );
}

/** Percent (one decimal), or null when the denominator is 0. */
export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
