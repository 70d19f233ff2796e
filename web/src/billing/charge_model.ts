// SPDX-License-Identifier: AGPL-3.0-or-later
// The charge-entry form as data: the draft the screen edits, the encounter body it sends (create,
// edit of an open encounter, or a correction of a finalised one), the checks made before sending
// (each named with the field the server would name: "lines[0].units"), the fee a line takes from
// the standard schedule, and where a server error belongs on the form.
import { ApiError } from "../api";
import { formatCents, parseDollars } from "../components";
import type { ChargeLine, Encounter, FeeEntry } from "./charge_types";

export interface DxRow {
  /** Without the dot, as stored ("E119"). */
  code: string;
  description: string;
}

export interface LineDraft {
  /** Stable across edits, for rendering and focus. */
  key: number;
  /** The stored line this one started from (sent with corrections so that it is kept). */
  id: number | null;
  code: string;
  modifiers: string;
  units: string;
  pointers: string;
  /** Dollars typed; "" takes the fee from the schedule. */
  charge: string;
  ndcCode: string;
  ndcUnit: string;
  ndcQuantity: string;
  pos: string;
  date: string;
  /** The stored line's charge when it came from the schedule (shown while unchanged). */
  storedScheduleCents: number | null;
  /** code|modifiers|units of the stored line: a line still equal keeps its stored fee. */
  storedService: string | null;
}

export interface Draft {
  patientId: number | null;
  providerId: string;
  locationId: string;
  date: string;
  appointmentId: number | null;
  diagnoses: DxRow[];
  lines: LineDraft[];
}

export type Mode = "create" | "edit" | "correct";

let lineSeq = 0;
export function newLine(code = "", pointers = "1"): LineDraft {
  return {
    key: ++lineSeq,
    id: null,
    code,
    modifiers: "",
    units: "1",
    pointers,
    charge: "",
    ndcCode: "",
    ndcUnit: "",
    ndcQuantity: "",
    pos: "",
    date: "",
    storedScheduleCents: null,
    storedService: null,
  };
}

/** "E119" → "E11.9" (ICD-10-CM codes take a dot after the third character). */
export function dxDisplay(code: string): string {
  const c = code.replace(".", "").toUpperCase();
  return c.length > 3 ? `${c.slice(0, 3)}.${c.slice(3)}` : c;
}

export const splitList = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

const service = (code: string, modifiers: string[], units: string | number) =>
  `${code.toUpperCase()}|${modifiers.map((m) => m.toUpperCase()).join(" ")}|${String(units).trim()}`;

/** The form's line for a stored charge line. */
export function lineFromStored(l: ChargeLine): LineDraft {
  return {
    ...newLine(l.code, l.diagnosis_pointers.join(" ")),
    id: l.id,
    modifiers: l.modifiers.join(" "),
    units: String(l.units),
    charge: l.fee_from_schedule ? "" : (l.charge_cents / 100).toFixed(2),
    ndcCode: l.ndc?.code ?? "",
    ndcUnit: l.ndc?.unit ?? "",
    ndcQuantity: l.ndc?.quantity ?? "",
    pos: l.place_of_service ?? "",
    date: l.date_of_service ?? "",
    storedScheduleCents: l.fee_from_schedule ? l.charge_cents : null,
    storedService: service(l.code, l.modifiers, l.units),
  };
}

export function draftFromEncounter(e: Encounter, descriptions: Record<string, string>): Draft {
  return {
    patientId: e.patient_id,
    providerId: String(e.provider_id),
    locationId: String(e.location_id),
    date: e.date_of_service,
    appointmentId: e.appointment_id,
    diagnoses: e.diagnoses.map((code) => ({ code, description: descriptions[code] ?? "" })),
    lines: e.lines.map(lineFromStored),
  };
}

/** The standard fee per unit in force on `date` for a code with these modifiers: the first
 * modifier (in the line's order) with an entry wins, else the code's plain entry; among entries
 * in force, the one that started last (docs/workflows/fee-schedules.md). */
export function unitFee(entries: FeeEntry[], modifiers: string[], date: string): number | null {
  const inForce = entries.filter(
    (e) => e.active && e.effective_from <= date && (!e.effective_to || e.effective_to >= date),
  );
  const latest = (m: string | null) =>
    inForce.filter((e) => (e.modifier ?? null) === m).sort((a, b) => (a.effective_from < b.effective_from ? 1 : -1))[0];
  for (const m of modifiers) {
    const hit = latest(m.toUpperCase());
    if (hit) return hit.amount_cents;
  }
  return latest(null)?.amount_cents ?? null;
}

export type FeeBook = Map<string, FeeEntry[] | "loading" | "failed">;

/** What a line will be charged: typed, kept from the stored line, or from the schedule (null:
 * not known, or no fee). */
export function lineCharge(
  l: LineDraft,
  fees: FeeBook,
  date: string,
): { cents: number | null; from: "typed" | "stored" | "schedule" | "none" | "unknown" } {
  if (l.charge.trim()) return { cents: parseDollars(l.charge), from: "typed" };
  const mods = splitList(l.modifiers);
  if (l.storedScheduleCents !== null && l.storedService === service(l.code, mods, l.units))
    return { cents: l.storedScheduleCents, from: "stored" };
  const book = fees.get(l.code.toUpperCase());
  if (!Array.isArray(book)) return { cents: null, from: "unknown" };
  const unit = unitFee(book, mods, l.date || date);
  const units = Number(l.units);
  if (unit === null) return { cents: null, from: "none" };
  return { cents: Number.isInteger(units) && units > 0 ? unit * units : unit, from: "schedule" };
}

export function chargeHint(c: ReturnType<typeof lineCharge>): string {
  switch (c.from) {
    case "schedule":
      return `${formatCents(c.cents ?? 0)} from the fee schedule`;
    case "stored":
      return `${formatCents(c.cents ?? 0)} as charged`;
    case "none":
      return "No fee in the schedule: type one";
    default:
      return "";
  }
}

/** Checks made before sending, named as the server names them; empty when the draft may go. */
export function checkDraft(d: Draft, mode: Mode, standalone: boolean, fees: FeeBook): Record<string, string> {
  const e: Record<string, string> = {};
  if (mode === "create" && !d.patientId) e.patient_id = "Choose the patient";
  if (standalone) {
    if (!d.providerId) e.provider_id = "Choose the provider";
    if (!d.locationId) e.location_id = "Choose the location";
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d.date)) e.date_of_service = "Enter the date of service";
  }
  if (d.diagnoses.length === 0) e.diagnoses = "needs at least one ICD-10-CM code: search above";
  if (d.lines.length === 0) e.lines = "needs at least one charge line";
  d.lines.forEach((l, k) => {
    const f = (name: string, msg: string) => (e[`lines[${k}].${name}`] = msg);
    if (!/^[A-Za-z0-9]{5}$/.test(l.code.trim())) f("code", "must be a 5-character CPT or HCPCS code");
    const mods = splitList(l.modifiers);
    if (mods.length > 4) f("modifiers", "has more than 4 entries");
    else if (mods.some((m) => !/^[A-Za-z0-9]{2}$/.test(m)))
      f("modifiers", "each is two letters or digits (25, 59, LT)");
    else if (new Set(mods.map((m) => m.toUpperCase())).size < mods.length) f("modifiers", "a modifier is given twice");
    const units = Number(l.units);
    if (!/^\d+$/.test(l.units.trim()) || units < 1 || units > 9999) f("units", "must be between 1 and 9999");
    const ptrs = splitList(l.pointers);
    if (ptrs.length === 0) f("diagnosis_pointers", "point to at least one diagnosis (1 for the first)");
    else if (ptrs.length > 4) f("diagnosis_pointers", "has more than 4 entries");
    else if (ptrs.some((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > d.diagnoses.length))
      f("diagnosis_pointers", `points past the ${d.diagnoses.length} diagnoses (1-based)`);
    else if (new Set(ptrs).size < ptrs.length) f("diagnosis_pointers", "a diagnosis is pointed to twice");
    if (l.charge.trim()) {
      const c = parseDollars(l.charge);
      if (c === null || c <= 0) f("charge_cents", "Enter the fee in dollars, such as 125.00");
    } else if (lineCharge(l, fees, d.date).from === "none")
      f("charge_cents", "must be more than zero (no fee schedule entry either)");
    if (l.ndcCode || l.ndcUnit || l.ndcQuantity) {
      if (!/^\d{11}$/.test(l.ndcCode.replace(/-/g, ""))) f("ndc.code", "must be the 11-digit NDC (5-4-2)");
      if (!["F2", "GR", "ME", "ML", "UN"].includes(l.ndcUnit)) f("ndc.unit", "must be F2, GR, ME, ML or UN");
      if (!/^\d{1,7}(\.\d{1,3})?$/.test(l.ndcQuantity.trim())) f("ndc.quantity", "a quantity such as 1 or 1.5");
    }
    if (l.pos && !/^\d{2}$/.test(l.pos.trim())) f("place_of_service", "must be a two-digit place-of-service code");
  });
  return e;
}

/** The request body: create (POST), edit (PUT) or correction (POST .../corrections). */
export function encounterBody(d: Draft, mode: Mode, standalone: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    diagnoses: d.diagnoses.map((x) => x.code),
    lines: d.lines.map((l) => {
      const out: Record<string, unknown> = {
        code: l.code.trim().toUpperCase(),
        modifiers: splitList(l.modifiers).map((m) => m.toUpperCase()),
        units: Number(l.units),
        diagnosis_pointers: splitList(l.pointers).map(Number),
      };
      // A correction keeps a line sent with its id and unchanged; without a typed fee the server
      // keeps the stored charge of a line whose code, modifiers and units are the same.
      if (mode === "correct" && l.id !== null) out.id = l.id;
      if (l.charge.trim()) out.charge_cents = parseDollars(l.charge);
      if (l.ndcCode || l.ndcUnit || l.ndcQuantity)
        out.ndc = { code: l.ndcCode.replace(/-/g, ""), unit: l.ndcUnit, quantity: l.ndcQuantity.trim() };
      if (l.pos.trim()) out.place_of_service = l.pos.trim();
      if (l.date) out.date_of_service = l.date;
      return out;
    }),
  };
  if (mode === "create") {
    body.patient_id = d.patientId;
    if (d.appointmentId) body.appointment_id = d.appointmentId;
  }
  if (standalone) {
    body.provider_id = Number(d.providerId);
    body.location_id = Number(d.locationId);
    body.date_of_service = d.date;
  }
  return body;
}

/** "lines[0].modifiers[1]" → "lines[0].modifiers": the form has one input for each list. */
export function formField(field: string): string {
  return field.replace(/\.(modifiers|diagnosis_pointers)\[\d+\]$/, ".$1");
}

/** The server's problem split into messages by form field and the rest. */
export function placeProblem(e: unknown, placeable: (field: string) => boolean) {
  if (!(e instanceof ApiError)) return { byField: {}, other: String((e as Error)?.message ?? e), status: 0 };
  const byField: Record<string, string> = {};
  const rest: string[] = [];
  for (const f of e.errors) {
    const name = formField(f.field);
    if (placeable(name)) byField[name] = byField[name] ? `${byField[name]}; ${f.message}` : f.message;
    else rest.push(`${f.field}: ${f.message}`);
  }
  const other = e.errors.length === 0 ? e.detail || e.title : rest.length ? `${e.detail} ${rest.join("; ")}` : null;
  return { byField, other, status: e.status };
}
