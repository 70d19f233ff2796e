// SPDX-License-Identifier: AGPL-3.0-or-later
// Correcting the visit a claim bills, from one of its findings: the diagnoses and the charge
// lines (code, modifiers, units, pointers, charge, date), opened with the finding's field
// focused. Sent as a correction (POST /api/v1/encounters/{id}/corrections): a line left as it was
// is kept with its id; a changed line is replaced (its charge reversed and posted again), which
// the server refuses for a line that already has payments.
import { useEffect, useRef, useState } from "preact/hooks";
import { call, get } from "../api";
import {
  Dialog,
  FormActions,
  FormProblem,
  formatCents,
  noProblems,
  parseDollars,
  problemsOf,
  Spinner,
  TextField,
  useAction,
} from "../components";
import { linkClick } from "../router";
import type { EncounterFocus } from "./claims_fix";
import { focusLabelled } from "./claims_fix";

interface EncounterLine {
  id: number;
  code: string;
  modifiers: string[];
  units: number;
  diagnosis_pointers: number[];
  charge_cents: number;
  date_of_service: string | null;
  fee_from_schedule: boolean;
  [more: string]: unknown;
}
interface Encounter {
  id: number;
  version: number;
  status: string;
  date_of_service: string;
  diagnoses: string[];
  lines: EncounterLine[];
}

interface LineForm {
  code: string;
  modifiers: string;
  units: string;
  pointers: string;
  charge: string;
  date: string;
  removed: boolean;
}

const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function toForm(l: EncounterLine): LineForm {
  return {
    code: l.code,
    modifiers: l.modifiers.join(", "),
    units: String(l.units),
    pointers: l.diagnosis_pointers.join(", "),
    charge: (l.charge_cents / 100).toFixed(2),
    date: l.date_of_service ?? "",
    removed: false,
  };
}

const unchanged = (a: LineForm, b: LineForm) =>
  a.code.trim().toUpperCase() === b.code &&
  list(a.modifiers).join() === list(b.modifiers).join() &&
  a.units.trim() === b.units &&
  list(a.pointers).join() === list(b.pointers).join() &&
  parseDollars(a.charge) === parseDollars(b.charge) &&
  a.date === b.date;

/** The label of each part of line `i` (1-based in words), also used to focus it. */
const partLabel = (i: number, part: string) =>
  `Line ${i + 1} ${{ code: "code", modifiers: "modifiers", units: "units", pointers: "diagnosis pointers", charge: "charge ($)", date: "date" }[part]}`;

export function EncounterFixDialog(p: {
  encounterId: number;
  focus: EncounterFocus;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [enc, setEnc] = useState<Encounter | null>(null);
  const [diagnoses, setDiagnoses] = useState<string[]>([]);
  const [lines, setLines] = useState<LineForm[]>([]);
  const [problems, setProblems] = useState(noProblems);
  const [loadError, setLoadError] = useState<string | null>(null);
  const body = useRef<HTMLDivElement>(null);

  const load = () =>
    get<Encounter>(`/encounters/${p.encounterId}`)
      .then((e) => {
        setEnc(e);
        setDiagnoses([...e.diagnoses]);
        setLines(e.lines.map(toForm));
      })
      .catch((e) => setLoadError((e as Error).message));
  useEffect(() => void load(), [p.encounterId]);
  useEffect(() => {
    if (!enc) return;
    const f = p.focus;
    setTimeout(() =>
      focusLabelled(body.current, "diagnosis" in f ? `Diagnosis ${f.diagnosis + 1}` : partLabel(f.line, f.part)),
    );
  }, [enc]);

  // Lines sent, by their index in the form (the server's "lines[k]" counts only those sent).
  const sentIndex = lines.map((l, i) => (l.removed ? -1 : lines.slice(0, i).filter((x) => !x.removed).length));
  const err = (f: string) => problems.byField[f];
  const lineErr = (i: number, ...keys: string[]) => {
    const k = sentIndex[i];
    if (k < 0) return undefined;
    const found = Object.entries(problems.byField).filter(([f]) =>
      keys.some((key) => f === `lines[${k}].${key}` || f.startsWith(`lines[${k}].${key}[`)),
    );
    return found.length ? found.map(([, m]) => m).join("; ") : undefined;
  };

  const [save, busy] = useAction(async () => {
    if (!enc) return;
    setProblems(noProblems);
    const local: Record<string, string> = {};
    const sent = [];
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i];
      if (l.removed) continue;
      const orig = enc.lines[i];
      if (orig && unchanged(l, toForm(orig))) {
        sent.push(orig);
        continue;
      }
      const cents = parseDollars(l.charge);
      if (l.charge.trim() && cents === null)
        local[`lines[${sentIndex[i]}].charge_cents`] = "enter dollars and cents, such as 125.00";
      const units = Number(l.units);
      const chargeTyped = !orig || !orig.fee_from_schedule || cents !== orig.charge_cents;
      const { id: _id, ...rest } = orig ?? ({} as EncounterLine);
      sent.push({
        ...rest,
        code: l.code.trim().toUpperCase(),
        modifiers: list(l.modifiers).map((m) => m.toUpperCase()),
        units: Number.isInteger(units) ? units : l.units,
        diagnosis_pointers: list(l.pointers).map(Number),
        charge_cents: chargeTyped && cents !== null && l.charge.trim() ? cents : undefined,
        date_of_service: l.date || null,
      });
    }
    if (Object.keys(local).length) {
      setProblems({ byField: local, other: null, status: 422 });
      return;
    }
    const fields = [
      "diagnoses",
      ...diagnoses.map((_, k) => `diagnoses[${k}]`),
      ...sent.flatMap((_, k) =>
        ["code", "modifiers", "units", "diagnosis_pointers", "charge_cents", "date_of_service"].flatMap((x) => [
          `lines[${k}].${x}`,
          ...[0, 1, 2, 3].map((j) => `lines[${k}].${x}[${j}]`),
        ]),
      ),
    ];
    try {
      await call("POST", `/encounters/${enc.id}/corrections`, {
        body: { diagnoses: diagnoses.map((d) => d.trim()).filter(Boolean), lines: sent },
        ifMatch: enc.version,
      });
      p.onSaved();
    } catch (e) {
      setProblems(problemsOf(e, fields));
    }
  });

  const setLine = (i: number, k: keyof LineForm) => (v: string) =>
    setLines((ls) => ls.map((l, j) => (j === i ? { ...l, [k]: v } : l)));

  return (
    <Dialog title="Correct the visit's charges" onClose={p.onClose} wide>
      {loadError ? (
        <p role="alert">{loadError}</p>
      ) : !enc ? (
        <Spinner />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          noValidate
        >
          <div ref={body}>
            <p class="muted">
              Visit of {enc.date_of_service}. A changed line is replaced: its charge is reversed and posted again. A
              line with payments cannot be replaced until they are reversed. Drugs, places of service and the history
              are on{" "}
              <a href={`/billing/charges/${enc.id}`} onClick={linkClick}>
                the visit's charges
              </a>
              .
            </p>
            <fieldset>
              <legend>Diagnoses (ICD-10-CM, the first is the primary)</legend>
              <div class="grid3">
                {diagnoses.map((d, k) => (
                  <TextField
                    key={k}
                    label={`Diagnosis ${k + 1}`}
                    value={d}
                    onInput={(v) => setDiagnoses((ds) => ds.map((x, j) => (j === k ? v : x)))}
                    error={err(`diagnoses[${k}]`) ?? (k === 0 ? err("diagnoses") : undefined)}
                  />
                ))}
              </div>
              {diagnoses.length < 12 && (
                <button type="button" onClick={() => setDiagnoses((ds) => [...ds, ""])}>
                  Add a diagnosis
                </button>
              )}
            </fieldset>
            {lines.map((l, i) => (
              <fieldset key={i} class={l.removed ? "claim-line removed" : "claim-line"}>
                <legend>
                  Line {i + 1}
                  {enc.lines[i] ? ` (now ${enc.lines[i].code}, ${formatCents(enc.lines[i].charge_cents)})` : ""}
                </legend>
                {l.removed ? (
                  <p>
                    Removed: its charge will be reversed.{" "}
                    <button
                      type="button"
                      class="link"
                      onClick={() => setLines((ls) => ls.map((x, j) => (j === i ? { ...x, removed: false } : x)))}
                    >
                      Keep line {i + 1}
                    </button>
                  </p>
                ) : (
                  <>
                    <div class="claim-line-grid">
                      <TextField
                        label={partLabel(i, "code")}
                        value={l.code}
                        onInput={setLine(i, "code")}
                        error={lineErr(i, "code")}
                        maxLength={5}
                      />
                      <TextField
                        label={partLabel(i, "modifiers")}
                        value={l.modifiers}
                        onInput={setLine(i, "modifiers")}
                        error={lineErr(i, "modifiers")}
                        hint="Such as 25, 59"
                      />
                      <TextField
                        label={partLabel(i, "units")}
                        value={l.units}
                        onInput={setLine(i, "units")}
                        error={lineErr(i, "units")}
                        inputMode="numeric"
                      />
                      <TextField
                        label={partLabel(i, "pointers")}
                        value={l.pointers}
                        onInput={setLine(i, "pointers")}
                        error={lineErr(i, "diagnosis_pointers")}
                        hint="Such as 1, 2"
                      />
                      <TextField
                        label={partLabel(i, "charge")}
                        value={l.charge}
                        onInput={setLine(i, "charge")}
                        error={lineErr(i, "charge_cents")}
                        inputMode="decimal"
                      />
                      <TextField
                        label={partLabel(i, "date")}
                        type="date"
                        value={l.date}
                        onInput={setLine(i, "date")}
                        error={lineErr(i, "date_of_service")}
                        hint="Empty: the visit's date"
                      />
                    </div>
                    {lines.filter((x) => !x.removed).length > 1 && (
                      <button
                        type="button"
                        class="link"
                        onClick={() => setLines((ls) => ls.map((x, j) => (j === i ? { ...x, removed: true } : x)))}
                      >
                        Remove line {i + 1}
                      </button>
                    )}
                  </>
                )}
              </fieldset>
            ))}
          </div>
          <FormProblem problems={problems} onReload={() => void load().then(() => setProblems(noProblems))} />
          <FormActions onCancel={p.onClose} cancel="Cancel" submit="Save the correction" busy={busy} />
        </form>
      )}
    </Dialog>
  );
}
