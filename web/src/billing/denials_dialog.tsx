// SPDX-License-Identifier: AGPL-3.0-or-later
// One denial: whose visit, which claim and line, the payer's reason and remark codes in words,
// the amounts, age and due date, the suggested action and why; who works it, its notes, and
// the actions (claim.submit): correct and resubmit (then the claim), appeal (then the letter),
// write off, bill the patient. The appeal letter opens for anyone who may read billing.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { call } from "../api";
import {
  Dialog,
  FormProblem,
  formatCents,
  noProblems,
  problemsOf,
  SelectField,
  Spinner,
  statusLabel,
  TextField,
  useAction,
} from "../components";
import { linkClick, navigate } from "../router";
import { can, useApp, useLocationInfo } from "../state";
import { assigneeName, useAssignees } from "./denials_assignees";
import { useCodeMeanings } from "./denials_codes";
import { DenialNotes } from "./denials_notes";
import { ResolveStep } from "./denials_resolve";
import { actionLabels, type Denial, type DenialAction, type ResolveAnswer, reasonText } from "./denials_types";

const ACTIONS: DenialAction[] = ["correct_and_resubmit", "appeal", "write_off", "bill_patient"];

export function DenialDialog({ id, onChanged, onClose }: { id: number; onChanged: () => void; onClose: () => void }) {
  const { user, flash } = useApp();
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const mayWork = can(user, "claim.submit");
  const [denial, setDenial] = useState<Denial | null>(null);
  const [problems, setProblems] = useState(noProblems);
  const [due, setDue] = useState("");
  const assignees = useAssignees();
  /** The user chosen in the Assign to list ("" until one is chosen). */
  const [assignee, setAssignee] = useState("");
  const [acting, setActing] = useState<DenialAction | null>(null);
  // What the last action did, shown (and focused) where its buttons were.
  const [done, setDone] = useState<{ action: DenialAction; text: string } | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  // Focus moves to the outcome in the same commit that shows it (an effect ran a frame later).
  useLayoutEffect(() => doneRef.current?.focus(), [done]);
  const [reload, setReload] = useState(0);
  const carc = useCodeMeanings("carc", denial ? [denial.carc] : []);
  const rarc = useCodeMeanings("rarc", denial?.rarc ?? []);

  useEffect(() => {
    call<Denial>("GET", `/denials/${id}`)
      .then((r) => {
        setDenial(r.data);
        setDue(r.data.due_on);
        setProblems(noProblems);
      })
      .catch((e) => setProblems(problemsOf(e, [])));
  }, [id, reload]);

  /** PATCH with the version read; the answer is the denial as it is now (notes kept). */
  const [edit, busy] = useAction(async (body: Record<string, unknown>, message: string) => {
    if (!denial) return;
    setProblems(noProblems);
    try {
      const r = await call<Denial>("PATCH", `/denials/${denial.id}`, { body, ifMatch: denial.version });
      setDenial({ ...r.data, notes: denial.notes });
      setDue(r.data.due_on);
      flash(message);
      onChanged();
    } catch (e) {
      setProblems(problemsOf(e, ["assigned_to", "due_on"]));
    }
  });

  const resolved = (a: ResolveAnswer) => {
    const action = acting;
    setActing(null);
    setDenial({ ...a.denial, notes: denial?.notes });
    onChanged();
    if (action === "write_off")
      setDone({ action, text: `Wrote off ${formatCents(a.posted_cents)} (${reasonText(a.denial)}).` });
    if (action === "bill_patient")
      setDone({ action, text: `Moved ${formatCents(a.posted_cents)} to the patient's next statement.` });
    if (action === "appeal") setDone({ action, text: `Claim ${a.denial.claim.patient_control_number} is appealed.` });
    if (action === "correct_and_resubmit") {
      flash(`Denial marked resubmitted: correct claim ${a.denial.claim.patient_control_number} and replace it`);
      onClose();
      navigate(`/billing/claims/${a.denial.claim_id}`);
    }
  };

  const title = denial ? `Denial ${reasonText(denial)}: ${denial.claim.patient_control_number}` : "Denial";
  const letter = `/api/v1/denials/${id}/appeal-letter.pdf`;
  return (
    <Dialog title={title} onClose={onClose} wide>
      {!denial ? (
        problems.other ? (
          <FormProblem problems={problems} />
        ) : (
          <Spinner />
        )
      ) : (
        <div class="denial-detail" data-denial={denial.id}>
          <dl class="facts">
            <dt>Patient</dt>
            <dd>
              <a href={`/patients/${denial.patient_id}`} onClick={linkClick}>
                {denial.patient.family_name}, {denial.patient.given_name}
              </a>
            </dd>
            <dt>Claim</dt>
            <dd>
              {denial.claim.patient_control_number} ({statusLabel(denial.claim.state)}), service {denial.service_date}
              {denial.line &&
                `, line ${denial.line.procedure_code}${denial.line.modifiers.map((m) => "-" + m).join("")} charged ${formatCents(denial.line.charge_cents)}`}
            </dd>
            <dt>Payer</dt>
            <dd>
              {denial.payer_name} ({denial.responsibility})
            </dd>
            <dt>Reason</dt>
            <dd data-testid="denial-reason">
              <strong>{reasonText(denial)}</strong>
              {carc[denial.carc] && `: ${carc[denial.carc]}`}
              {denial.rarc.map((r) => (
                <span key={r} class="rarc-line small">
                  {r}
                  {rarc[r] && `: ${rarc[r]}`}
                </span>
              ))}
            </dd>
            <dt>Amounts</dt>
            <dd data-testid="denial-amounts">
              {formatCents(denial.amount_cents)} denied on {denial.denied_on}; {formatCents(denial.still_owed_cents)}{" "}
              still owed by the payer
            </dd>
            <dt>Age</dt>
            <dd>
              {denial.age_days} days ({denial.age_bucket})
            </dd>
            <dt>State</dt>
            <dd data-testid="denial-state">
              {denial.state === "open" ? "Open" : `Resolved: ${statusLabel(denial.resolution ?? "")}`}
            </dd>
          </dl>
          {denial.state === "open" && (
            <div class="suggestion" data-testid="denial-suggestion">
              <p>
                <strong>Suggested: {actionLabels[denial.suggested_action]}.</strong> {denial.explanation}
              </p>
            </div>
          )}
          {denial.state === "open" && (
            <section aria-labelledby="denial-work-h" class="denial-work">
              <h3 id="denial-work-h">Who works it, and by when</h3>
              <p data-testid="denial-assigned">
                Assigned to{" "}
                <strong>
                  {assigneeName(denial.assigned_to, user.user_id, assignees, `you (${user.username})`, "nobody")}
                </strong>
                ; due {denial.due_on} {denial.due_on_set ? "(set by hand)" : "(from the rule)"}.
              </p>
              {mayWork && (
                <div class="denial-work-controls">
                  {denial.assigned_to !== user.user_id && (
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void edit({ assigned_to: user.user_id }, "Assigned to you")}
                    >
                      Assign to me
                    </button>
                  )}
                  {denial.assigned_to !== null && (
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => void edit({ assigned_to: null }, "Unassigned")}
                    >
                      Unassign
                    </button>
                  )}
                  {assignees.length > 0 && (
                    <form
                      class="due-form assign-form"
                      noValidate
                      onSubmit={(e) => {
                        e.preventDefault();
                        const chosen = assignees.find((a) => String(a.id) === assignee);
                        if (!chosen) {
                          setProblems({
                            byField: { assigned_to: "Assign to: choose who works it" },
                            other: null,
                            status: 422,
                          });
                          return;
                        }
                        void edit({ assigned_to: chosen.id }, `Assigned to ${chosen.display_name}`).then(() =>
                          setAssignee(""),
                        );
                      }}
                    >
                      <SelectField
                        label="Assign to"
                        value={assignee}
                        onChange={setAssignee}
                        placeholder="Choose a biller or manager"
                        options={assignees
                          .filter((a) => a.id !== denial.assigned_to)
                          .map((a) => ({
                            value: String(a.id),
                            label: a.id === user.user_id ? `${a.display_name} (you)` : a.display_name,
                          }))}
                        error={problems.byField.assigned_to}
                      />
                      <button type="submit" disabled={busy}>
                        Assign
                      </button>
                    </form>
                  )}
                  <form
                    class="due-form"
                    noValidate
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (!due) {
                        setProblems({ byField: { due_on: "Due date: choose a date" }, other: null, status: 422 });
                        return;
                      }
                      void edit({ due_on: due }, `Due ${due}`);
                    }}
                  >
                    <TextField
                      label="Due date"
                      type="date"
                      value={due}
                      onInput={setDue}
                      error={problems.byField.due_on}
                    />
                    <button type="submit" disabled={busy}>
                      Set the due date
                    </button>
                    {denial.due_on_set && (
                      <button
                        type="button"
                        class="link"
                        disabled={busy}
                        onClick={() => void edit({ due_on: null }, "Due date from the rule")}
                      >
                        Use the rule's date
                      </button>
                    )}
                  </form>
                </div>
              )}
            </section>
          )}
          <FormProblem problems={problems} onReload={() => setReload((n) => n + 1)} />
          {acting ? (
            <ResolveStep denial={denial} action={acting} onCancel={() => setActing(null)} onDone={resolved} />
          ) : (
            <div class="denial-actions" role="group" aria-label="Actions">
              {mayWork &&
                denial.state === "open" &&
                ACTIONS.map((a) => (
                  <button
                    key={a}
                    type="button"
                    class={a === denial.suggested_action ? "primary" : ""}
                    onClick={() => setActing(a)}
                  >
                    {actionLabels[a]}
                    {a === denial.suggested_action && <span class="sr-only"> (suggested)</span>}
                  </button>
                ))}
              <a class="button" href={letter} target="_blank" rel="noopener">
                Appeal letter (PDF)
              </a>
            </div>
          )}
          {done && (
            <p class="alert alert-ok" role="status" tabIndex={-1} ref={doneRef} data-testid="denial-done">
              {done.text}
              {done.action === "appeal" && (
                <>
                  {" "}
                  <a href={letter} target="_blank" rel="noopener">
                    Open the appeal letter (PDF)
                  </a>{" "}
                  to print and sign it.
                </>
              )}
            </p>
          )}
          <DenialNotes
            denialId={denial.id}
            notes={denial.notes ?? []}
            zone={zone}
            mayWrite={mayWork}
            onAdded={(n) => {
              setDenial({ ...denial, notes: [...(denial.notes ?? []), n] });
              flash("Note added");
            }}
          />
        </div>
      )}
    </Dialog>
  );
}
