// SPDX-License-Identifier: AGPL-3.0-or-later
// Charge entry (the superbill): diagnoses searched as you type, procedure lines with modifiers,
// units, pointers and fees, the visit type's superbill to add from; save a draft, finalise
// (post the charges), or post a correction of a finalised encounter. Fields are checked before
// sending and the server's problems are shown at the field they name.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, call, newKey } from "../api";
import { Alert, formatCents, FormProblem, noProblems, type Problems, useAction } from "../components";
import { can, useApp } from "../state";
import type { Patient } from "../types";
import { useFeeBook } from "./charge_data";
import { ChargeHeader } from "./charge_header";
import { ChargeLines } from "./charge_lines";
import { checkDraft, type Draft, encounterBody, type Mode, newLine, placeProblem } from "./charge_model";
import type { CodeWarning, Encounter, FinalizeAnswer, Superbill } from "./charge_types";
import { DiagnosisList } from "./diagnosis_list";
import { DiagnosisSearch } from "./diagnosis_search";

export type Saved =
  | { how: "saved"; encounter: Encounter; warnings: CodeWarning[]; problem?: string }
  | { how: "finalized" | "corrected"; encounter: Encounter; answer: FinalizeAnswer };

interface Props {
  mode: Mode;
  initial: Draft;
  /** The stored encounter being edited or corrected (null when creating). */
  encounter: Encounter | null;
  /** The patient, when known (a visit's, or a stored encounter's). */
  patient: Patient | null;
  /** A visit's encounter takes provider, location and date from the visit. */
  standalone: boolean;
  visit: string | null;
  /** The superbill offered (the visit type's); a standalone encounter chooses a visit type. */
  superbill: Superbill | null;
  onSuperbillType: ((typeId: number, date: string) => void) | null;
  warnings: CodeWarning[];
  onSaved: (s: Saved) => void;
  onCancel: () => void;
}

export function ChargeForm(p: Props) {
  const { user, ref } = useApp();
  const [draft, setDraft] = useState<Draft>(p.initial);
  const [patient, setPatient] = useState<Patient | null>(p.patient);
  const [problems, setProblems] = useState<Problems>(noProblems);
  const [typeId, setTypeId] = useState("");
  const key = useRef(newKey());
  const form = useRef<HTMLFormElement>(null);
  const pristine = useRef(JSON.stringify(p.initial));
  useEffect(() => {
    setDraft(p.initial);
    pristine.current = JSON.stringify(p.initial);
  }, [p.initial]);
  const fees = useFeeBook(draft.lines.map((l) => l.code));
  const mayEnter = can(user, "charge.entry");
  const mayPost = can(user, "billing.post");
  const errors = problems.byField;
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));

  // Lines point to diagnoses by number: moving or removing one keeps each pointer on its code.
  const setDiagnoses = (rows: Draft["diagnoses"]) =>
    setDraft((d) => {
      const lines = d.lines.map((l) => {
        const ptrs = l.pointers
          .split(/[\s,]+/)
          .filter(Boolean)
          .map((x) => {
            const old = d.diagnoses[Number(x) - 1];
            if (!/^\d+$/.test(x) || !old) return x;
            const at = rows.findIndex((r) => r.code === old.code);
            return at < 0 ? "" : String(at + 1);
          })
          .filter(Boolean);
        // The first diagnosis is where lines not yet pointed anywhere (the superbill's) point.
        if (ptrs.length === 0 && d.diagnoses.length === 0 && rows.length > 0) ptrs.push("1");
        return { ...l, pointers: ptrs.join(" ") };
      });
      return { ...d, diagnoses: rows, lines };
    });

  const focusFirstError = () =>
    setTimeout(() => {
      const el = form.current?.querySelector<HTMLElement>(
        ".has-error input:not([type=hidden]), .has-error select, .dx-list .has-error button",
      );
      el?.focus();
    }, 0);

  const placeable = useMemo(() => {
    const names = new Set(["patient_id", "provider_id", "location_id", "date_of_service", "diagnoses", "lines"]);
    return (f: string) => names.has(f) || /^diagnoses\[\d+\]$/.test(f) || /^lines\[\d+\]\./.test(f);
  }, []);

  const [save, busy] = useAction(async (how: "draft" | "finalize" | "correct") => {
    const found = checkDraft(draft, p.mode, p.standalone, fees);
    if (Object.keys(found).length) {
      setProblems({ byField: found, other: "Some fields need a look: each says what is wrong.", status: 422 });
      focusFirstError();
      return;
    }
    setProblems(noProblems);
    const body = encounterBody({ ...draft, patientId: patient?.id ?? draft.patientId }, p.mode, p.standalone);
    let enc = p.encounter;
    let warnings: CodeWarning[] = [];
    try {
      if (p.mode === "correct") {
        const r = await call<FinalizeAnswer>("POST", `/encounters/${enc!.id}/corrections`, {
          body,
          ifMatch: enc!.version,
        });
        p.onSaved({ how: "corrected", encounter: r.data.encounter, answer: r.data });
        return;
      }
      if (p.mode === "create") {
        const r = await call<Encounter>("POST", "/encounters", { body, idempotencyKey: key.current });
        enc = r.data;
      } else if (how === "draft" || JSON.stringify(draft) !== pristine.current) {
        const r = await call<Encounter>("PUT", `/encounters/${enc!.id}`, { body, ifMatch: enc!.version });
        enc = r.data;
      }
      warnings = enc!.warnings ?? [];
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 0) key.current = newKey();
      setProblems(placeProblem(e, placeable));
      focusFirstError();
      return;
    }
    if (how === "draft") {
      p.onSaved({ how: "saved", encounter: enc!, warnings });
      return;
    }
    try {
      const r = await call<FinalizeAnswer>("POST", `/encounters/${enc!.id}/finalize`, { ifMatch: enc!.version });
      p.onSaved({ how: "finalized", encounter: r.data.encounter, answer: r.data });
    } catch (e) {
      // Saved but not finalised: the page shows the stored encounter with the reason.
      p.onSaved({ how: "saved", encounter: enc!, warnings, problem: (e as Error).message });
    }
  });

  const addTemplateCode = (code: string) =>
    set({ lines: [...draft.lines.filter((l) => l.code.trim()), newLine(code, draft.diagnoses.length ? "1" : "")] });
  const onLines = draft.lines.map((l) => l.code.trim().toUpperCase());
  const warnings = p.warnings;

  return (
    <form
      ref={form}
      class="charge-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(p.mode === "correct" ? "correct" : "draft");
      }}
    >
      <section class="panel" aria-labelledby="charge-who">
        <h2 id="charge-who">{p.standalone && p.mode === "create" ? "Patient and visit" : "Visit"}</h2>
        <ChargeHeader
          editable={p.standalone && p.mode !== "correct"}
          choosePatient={p.mode === "create"}
          patient={patient}
          onPatient={(x) => {
            setPatient(x);
            set({ patientId: x?.id ?? null });
          }}
          providerId={draft.providerId}
          onProvider={(v) => set({ providerId: v })}
          locationId={draft.locationId}
          onLocation={(v) => set({ locationId: v })}
          date={draft.date}
          onDate={(v) => set({ date: v })}
          visit={p.visit}
          errors={errors}
        />
      </section>

      <section class="panel" aria-labelledby="charge-dx">
        <h2 id="charge-dx">Diagnoses</h2>
        <DiagnosisSearch
          date={draft.date}
          chosen={draft.diagnoses.map((d) => d.code)}
          full={draft.diagnoses.length >= 12 ? "An encounter has at most 12 diagnoses." : null}
          error={errors.diagnoses}
          onPick={(item) => setDiagnoses([...draft.diagnoses, { code: item.code, description: item.description }])}
        />
        <DiagnosisList rows={draft.diagnoses} errors={errors} readOnly={false} onChange={setDiagnoses} />
      </section>

      <section class="panel" aria-labelledby="charge-px">
        <div class="toolbar">
          <h2 id="charge-px">Procedures</h2>
          {p.onSuperbillType && (
            <label class="inline">
              Superbill of{" "}
              <select
                value={typeId}
                onChange={(e) => {
                  const v = (e.currentTarget as HTMLSelectElement).value;
                  setTypeId(v);
                  if (v) p.onSuperbillType!(Number(v), draft.date);
                }}
              >
                <option value="">a visit type…</option>
                {ref.types.map((t) => (
                  <option key={t.id} value={String(t.id)}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        {p.superbill && p.superbill.items.length > 0 && (
          <div class="template" role="group" aria-label={`Superbill of ${p.superbill.name}`}>
            <span class="muted">{p.superbill.name}:</span>
            {p.superbill.items.map((it) => (
              <button
                key={it.code}
                type="button"
                disabled={onLines.includes(it.code)}
                onClick={() => addTemplateCode(it.code)}
              >
                Add {it.code}
                {it.unit_fee_cents !== null ? ` · ${formatCents(it.unit_fee_cents)}` : ""}
                {it.description ? <span class="sr-only"> {it.description}</span> : null}
              </button>
            ))}
          </div>
        )}
        <ChargeLines
          lines={draft.lines}
          date={draft.date}
          fees={fees}
          errors={errors}
          readOnly={false}
          suggestions={p.superbill?.items ?? []}
          onChange={(lines) => set({ lines })}
        />
      </section>

      {warnings.length > 0 && (
        <Alert kind="info">
          {warnings.map((w) => (
            <p key={w.code + w.message}>{w.message}</p>
          ))}
        </Alert>
      )}
      <FormProblem problems={problems} />
      <div class="actions">
        <button type="button" onClick={p.onCancel}>
          {p.mode === "correct" ? "Cancel the correction" : "Back"}
        </button>
        {p.mode === "correct" ? (
          mayPost && (
            <button type="submit" class="primary" disabled={busy}>
              Post the correction
            </button>
          )
        ) : (
          <>
            {mayEnter && (
              <button type="submit" disabled={busy}>
                Save draft
              </button>
            )}
            {mayEnter && mayPost && (
              <button type="button" class="primary" disabled={busy} onClick={() => void save("finalize")}>
                Finalise and post
              </button>
            )}
          </>
        )}
      </div>
      {p.mode !== "correct" && mayEnter && !mayPost && (
        <p class="muted small">A biller finalises the encounter once it is coded.</p>
      )}
    </form>
  );
}
