// SPDX-License-Identifier: AGPL-3.0-or-later
// What charge entry reads besides the encounter: the standard fee schedule's entries of the
// codes on the form (to show each line's fee before saving), the descriptions of stored
// diagnoses, the superbill of a visit type, and the encounter of a visit.
import { useEffect, useState } from "preact/hooks";
import { get, listAll } from "../api";
import type { CodeItem, Encounter, FeeEntry, Superbill } from "./charge_types";
import type { FeeBook } from "./charge_model";

/** The standard schedule's entries for each code on the form, fetched once per code. */
export function useFeeBook(codes: string[]): FeeBook {
  const [book, setBook] = useState<FeeBook>(new Map());
  const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => /^[A-Z0-9]{5}$/.test(c)))];
  const missing = wanted.filter((c) => !book.has(c));
  useEffect(() => {
    if (missing.length === 0) return;
    setBook((b) => {
      const next = new Map(b);
      for (const c of missing) next.set(c, "loading");
      return next;
    });
    for (const code of missing) {
      listAll<FeeEntry>("/fee-schedule", { code })
        .then((entries) => setBook((b) => new Map(b).set(code, entries)))
        .catch(() => setBook((b) => new Map(b).set(code, "failed")));
    }
  }, [missing.join(",")]);
  return book;
}

/** Descriptions of ICD-10-CM codes on `date`, by code (unknown ones left out). */
export async function describeDiagnoses(codes: string[], date: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all(
    codes.map((code) =>
      get<{ record: CodeItem | null }>(`/codes/icd10cm/${encodeURIComponent(code)}`, { date })
        .then((r) => {
          if (r.record) out[code] = r.record.description;
        })
        .catch(() => undefined),
    ),
  );
  return out;
}

export function superbillOf(typeId: number, date: string): Promise<Superbill> {
  return get<Superbill>(`/appointment-types/${typeId}/superbill`, { date });
}

/** The visit's encounter that is not voided, if it has one. */
export async function encounterOfVisit(patientId: number, appointmentId: number): Promise<Encounter | null> {
  const all = await listAll<Encounter>("/encounters", { patient_id: patientId });
  return all.find((e) => e.appointment_id === appointmentId && e.status !== "voided") ?? null;
}
