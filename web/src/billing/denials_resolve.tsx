// SPDX-License-Identifier: AGPL-3.0-or-later
// Resolving a denial (claim.submit): what the chosen action does, in words and amounts, an
// optional note, and the button that does it. The denial's version goes as If-Match, so a
// denial someone resolved meanwhile is refused (412) rather than resolved twice.
import { useEffect, useRef, useState } from "preact/hooks";
import { call } from "../api";
import { Field, FormProblem, formatCents, noProblems, problemsOf, useAction } from "../components";
import { actionLabels, type Denial, type DenialAction, type ResolveAnswer, reasonText } from "./denials_types";

function whatItDoes(d: Denial, action: DenialAction): string {
  const line = d.line ? `line ${d.line.procedure_code}` : "the claim's lines";
  const owed = formatCents(Math.min(d.amount_cents, d.still_owed_cents));
  switch (action) {
    case "write_off":
      return `Writes off ${owed} that ${d.payer_name} still owes on ${line} (${reasonText(d)}). Nobody is billed for it.`;
    case "bill_patient":
      return `Moves ${owed} from ${d.payer_name} to ${d.patient.given_name} ${d.patient.family_name}: it appears on the patient's next statement.`;
    case "correct_and_resubmit":
      return `Marks the denial resubmitted and opens claim ${d.claim.patient_control_number}: correct the encounter or the coverage, then replace the claim, scrub it and batch it.`;
    case "appeal":
      return `Moves claim ${d.claim.patient_control_number} to appealed and marks this denial appealed; the money stays owed by ${d.payer_name}. Print the appeal letter, sign it and send it with the records.`;
  }
}

export function ResolveStep(p: {
  denial: Denial;
  action: DenialAction;
  onCancel: () => void;
  onDone: (answer: ResolveAnswer) => void;
}) {
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState(noProblems);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), [p.action]);
  const [resolve, busy] = useAction(async () => {
    setProblems(noProblems);
    try {
      const r = await call<ResolveAnswer>("POST", `/denials/${p.denial.id}/resolve`, {
        body: { action: p.action, ...(note.trim() ? { note: note.trim() } : {}) },
        ifMatch: p.denial.version,
      });
      p.onDone(r.data);
    } catch (e) {
      setProblems(problemsOf(e, ["note", "action"]));
    }
  });
  const patientUnderContract = p.action === "bill_patient" && p.denial.group === "CO";
  return (
    <form
      class="resolve-step"
      aria-label={`${actionLabels[p.action]}: confirm`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void resolve();
      }}
    >
      <h3>{actionLabels[p.action]}</h3>
      <p data-testid="resolve-what">{whatItDoes(p.denial, p.action)}</p>
      {patientUnderContract && (
        <p class="alert alert-info">
          This is a CO (contractual) denial: the contract usually forbids billing the patient for it.
        </p>
      )}
      <Field label="Note (optional)" error={problems.byField.note}>
        {(id, described, invalid) => (
          <textarea
            id={id}
            ref={first}
            rows={2}
            maxLength={4000}
            value={note}
            aria-invalid={invalid}
            aria-describedby={described}
            onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      <FormProblem problems={problems} />
      <div class="actions">
        <button type="button" onClick={p.onCancel}>
          Back
        </button>
        <button
          type="submit"
          class={p.action === "write_off" || p.action === "bill_patient" ? "danger" : "primary"}
          disabled={busy}
        >
          {actionLabels[p.action]}
          {(p.action === "write_off" || p.action === "bill_patient") &&
            ` ${formatCents(Math.min(p.denial.amount_cents, p.denial.still_owed_cents))}`}
        </button>
      </div>
    </form>
  );
}
