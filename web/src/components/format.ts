// SPDX-License-Identifier: AGPL-3.0-or-later
// Money is integer cents; times are instants shown in the location's time zone.

export function formatCents(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString("en-US")}.${String(abs % 100).padStart(2, "0")}`;
}

/** A change of a balance: "+$12.34", "-$12.34", and "" for none (so that columns of changes
 * show only what moved). */
export function formatChange(cents: number): string {
  if (cents === 0) return "";
  return cents > 0 ? `+${formatCents(cents)}` : formatCents(cents);
}

/** "$12.34", "12.34", "12" → cents; null when it is not an amount. */
export function parseDollars(text: string): number | null {
  const t = text.trim().replace(/^\$/, "").replace(/,/g, "");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ""] = t.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(zone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = zone + JSON.stringify(opts);
  let f = fmtCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, ...opts });
    fmtCache.set(key, f);
  }
  return f;
}

export function timeIn(zone: string, iso: string): string {
  return fmt(zone, { hour: "numeric", minute: "2-digit" }).format(new Date(iso));
}
export function dateTimeIn(zone: string, iso: string): string {
  return fmt(zone, { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(
    new Date(iso),
  );
}
/** "Dec 5, 2026, 8:23 AM" for an instant, in a zone: a posting's date and time. */
export function stampIn(zone: string, iso: string): string {
  return fmt(zone, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }).format(
    new Date(iso),
  );
}
export function longDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-US", {
    timeZone: "UTC",
    weekday: "long",
    month: "long",
    day: "numeric",
    year: "numeric",
  });
}

/** Local date and wall time of an instant in a zone: ["2026-11-30", "09:15"]. */
export function localParts(zone: string, iso: string): [string, string] {
  const parts = fmt(zone, {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return [`${get("year")}-${get("month")}-${get("day")}`, `${get("hour")}:${get("minute")}`];
}

/** Today's date (YYYY-MM-DD) in a zone. */
export function todayIn(zone: string): string {
  return localParts(zone, new Date().toISOString())[0];
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The UTC offset (minutes east) of a zone at an instant. */
export function offsetAt(zone: string, at: Date): number {
  const parts = fmt(zone, {
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  return Math.round((asUtc - at.getTime()) / 60000);
}

/** A local wall time (date + "HH:MM") in a zone → the instant (ISO, UTC). */
export function localToUtc(zone: string, date: string, hhmm: string): string {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = hhmm.split(":").map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Two rounds settle the offset, also next to a DST change.
  let t = wall - offsetAt(zone, new Date(wall)) * 60000;
  t = wall - offsetAt(zone, new Date(t)) * 60000;
  return new Date(t).toISOString();
}

/** Minutes since local midnight of "2026-11-30T08:40:00-06:00" (the calendar's local times). */
export function localMinutes(local: string): number {
  return Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
}

/** Minutes since midnight as "HH:MM" (taken modulo a day). */
export function hhmm(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}

export function label12(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  const m = minutes % 60;
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

export function personName(p: { family_name: string; given_name: string }): string {
  return `${p.family_name}, ${p.given_name}`;
}

export function statusLabel(s: string): string {
  return s.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

/** The weekdays as the API names them, Monday first. */
export const weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
