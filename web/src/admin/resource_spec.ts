// SPDX-License-Identifier: AGPL-3.0-or-later
// How a generic admin screen describes a resource: one Spec per field (its JSON path, label and
// kind), and the conversions between the JSON and the form's text values.
import { providerName, type RefData } from "../state";

export type Kind =
  "text" | "number" | "select" | "multi" | "date" | "time" | "weekdays" | "colour" | "bool" | "list" | "password";
export interface Spec {
  key: string; // dotted path in the JSON ("address.city")
  label: string;
  kind?: Kind;
  options?: () => { value: string; label: string }[];
  optional?: boolean; // empty → null
  hint?: string;
  createOnly?: boolean;
  table?: boolean; // shown as a list column
}
export type Json = Record<string, unknown>;

export function getPath(o: Json, path: string): unknown {
  return path.split(".").reduce<unknown>((x, k) => (x && typeof x === "object" ? (x as Json)[k] : undefined), o);
}
export function setPath(o: Json, path: string, v: unknown) {
  const parts = path.split(".");
  let cur = o;
  for (const p of parts.slice(0, -1)) {
    if (!cur[p] || typeof cur[p] !== "object") cur[p] = {};
    cur = cur[p] as Json;
  }
  cur[parts[parts.length - 1]] = v;
}
export function toText(v: unknown, kind: Kind): string | string[] | boolean {
  if (kind === "multi" || kind === "weekdays") return ((v as unknown[]) ?? []).map(String);
  if (kind === "bool") return !!v;
  if (kind === "list") return ((v as string[]) ?? []).join(", ");
  return v === null || v === undefined ? "" : String(v);
}
export function fromText(v: string | string[] | boolean, s: Spec): unknown {
  const kind = s.kind ?? "text";
  if (kind === "multi") return (v as string[]).map(Number);
  if (kind === "weekdays") return v;
  if (kind === "bool") return v;
  if (kind === "list")
    return (v as string)
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean);
  if (kind === "number" || (kind === "select" && /^\d+$/.test(v as string) && s.key.endsWith("_id")))
    return v === "" ? (s.optional ? null : undefined) : Number(v);
  if (v === "" && s.optional) return null;
  return v;
}

export type Values = Record<string, string | string[] | boolean>;

/** The practice's locations as select options. */
export function locationOptions(ref: RefData) {
  return ref.locations.map((l) => ({ value: String(l.id), label: l.name }));
}
/** The practice's providers as select options ("Family, Given MD"). */
export function providerOptions(ref: RefData) {
  return ref.providers.map((p) => ({ value: String(p.id), label: providerName(ref, p.id) }));
}
