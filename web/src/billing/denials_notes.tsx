// SPDX-License-Identifier: AGPL-3.0-or-later
// A denial's notes, oldest first, and a box to add one (claim.submit; resolved denials take
// notes too). A note sent twice (a retry) is kept once: one Idempotency-Key per note.
import { useState } from "preact/hooks";
import { call, newKey } from "../api";
import { Field, FormProblem, noProblems, problemsOf, stampIn, useAction } from "../components";
import type { DenialNote } from "./denials_types";

export function DenialNotes(p: {
  denialId: number;
  notes: DenialNote[];
  zone: string;
  mayWrite: boolean;
  onAdded: (n: DenialNote) => void;
}) {
  const [text, setText] = useState("");
  const [key, setKey] = useState(newKey);
  const [problems, setProblems] = useState(noProblems);
  const [add, busy] = useAction(async () => {
    setProblems(noProblems);
    if (!text.trim()) {
      setProblems({ byField: { body: "Note: write what was done or found" }, other: null, status: 422 });
      return;
    }
    try {
      const r = await call<DenialNote>("POST", `/denials/${p.denialId}/notes`, {
        body: { body: text.trim() },
        idempotencyKey: key,
      });
      p.onAdded(r.data);
      setText("");
      setKey(newKey());
    } catch (e) {
      setProblems(problemsOf(e, ["body"]));
    }
  });
  return (
    <section aria-labelledby="denial-notes-h" class="denial-notes">
      <h3 id="denial-notes-h">Notes</h3>
      {p.notes.length === 0 ? (
        <p class="muted">No notes yet.</p>
      ) : (
        <ol class="notes" data-testid="denial-notes">
          {p.notes.map((n) => (
            <li key={n.id}>
              <p>{n.body}</p>
              <small class="muted">
                {n.author_name || `User ${n.author_id}`}, {stampIn(p.zone, n.created_at)}
              </small>
            </li>
          ))}
        </ol>
      )}
      {p.mayWrite && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <Field label="Add a note" error={problems.byField.body}>
            {(id, described, invalid) => (
              <textarea
                id={id}
                rows={2}
                maxLength={4000}
                value={text}
                aria-invalid={invalid}
                aria-describedby={described}
                onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
              />
            )}
          </Field>
          <FormProblem problems={problems} />
          <div class="actions">
            <button type="submit" disabled={busy}>
              Add the note
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
