// SPDX-License-Identifier: AGPL-3.0-or-later
// Taking in what the clearinghouse sent back: a 999, 277CA or 277 file chosen or pasted here
// (POST /api/v1/acknowledgements), or everything waiting in a clearinghouse's inbox (POST
// /api/v1/clearinghouses/{id}/fetch). The answer says what happened to each claim.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, listAll, post } from "../api";
import { Dialog, FormActions, ListTable, SelectField, useAction } from "../components";
import { linkClick } from "../router";
import { type AckOutcome, type Clearinghouse, type ClaimState, stateLabels } from "./claims_types";

/** The raw file to the server. The app's call() speaks JSON only; this sends the X12 bytes with
 * the session's CSRF token (kept by api.ts under this key), as call() would. */
async function postX12(text: string): Promise<AckOutcome> {
  const res = await fetch("/api/v1/acknowledgements", {
    method: "POST",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/edi-x12",
      "X-CSRF-Token": localStorage.getItem("medoffice.csrf") ?? "",
    },
    body: text,
    credentials: "same-origin",
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json.title ?? res.statusText, json.detail ?? "", json.errors ?? []);
  return json as AckOutcome;
}

const label = (s: string) => stateLabels[s as ClaimState] ?? s;

function Outcome({ a, onOpen }: { a: AckOutcome; onOpen: () => void }) {
  return (
    <div data-testid="ack-outcome">
      <p>
        {a.kind} {a.duplicate ? "taken in before: nothing changed this time." : "taken in."}
        {a.batch_id ? ` It answers batch ${a.batch_id}.` : ""}
      </p>
      {a.claims.length > 0 && (
        <ListTable headers={["Claim", "Change", "Why"]} caption={`What the ${a.kind} did to each claim`}>
          {a.claims.map((c) => (
            <tr key={c.claim_id}>
              <td>
                <a
                  href={`/billing/claims/${c.claim_id}`}
                  onClick={(e) => {
                    linkClick(e);
                    onOpen();
                  }}
                >
                  {c.patient_control_number}
                </a>
              </td>
              <td>{c.changed ? `${label(c.from)} → ${label(c.to)}` : `${label(c.to)} (unchanged)`}</td>
              <td>
                {c.reason}
                {c.errors.length > 0 && (
                  <ul>
                    {c.errors.map((f, i) => (
                      <li key={i}>{f.message}</li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {a.unmatched.length > 0 && <p class="muted">Not ours, left alone: {a.unmatched.join("; ")}.</p>}
    </div>
  );
}

interface Fetched {
  taken: { file: string; acknowledgement: AckOutcome }[];
  left: string[];
  failed: string[];
}

export function AckDialog(p: { onTaken: (claimIds: number[]) => void; onClose: () => void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<AckOutcome[]>([]);
  const [fetched, setFetched] = useState<Fetched | null>(null);
  const [houses, setHouses] = useState<Clearinghouse[]>([]);
  const [house, setHouse] = useState("");
  const file = useRef<HTMLInputElement>(null);
  useEffect(() => {
    listAll<Clearinghouse>("/clearinghouses")
      .then((all) => {
        const active = all.filter((h) => h.active !== false);
        setHouses(active);
        setHouse(String(active[0]?.id ?? ""));
      })
      .catch(() => setHouses([]));
  }, []);

  const done = (list: AckOutcome[]) => {
    setOutcomes(list);
    p.onTaken(list.flatMap((a) => a.claims.filter((c) => c.changed || !a.duplicate).map((c) => c.claim_id)));
  };

  const [take, busy] = useAction(async () => {
    setError(null);
    setFetched(null);
    const chosen = file.current?.files?.[0];
    const body = chosen ? await chosen.text() : text.trim();
    if (!body) {
      setError("Choose the file the clearinghouse sent, or paste its text.");
      return;
    }
    try {
      done([await postX12(body)]);
    } catch (e) {
      setError((e as Error).message);
    }
  });
  const [fetchInbox, fetching] = useAction(async () => {
    setError(null);
    try {
      const r = await post<Fetched>(`/clearinghouses/${house}/fetch`, undefined);
      setFetched(r);
      done(r.taken.map((t) => t.acknowledgement));
    } catch (e) {
      setError((e as Error).message);
    }
  });

  return (
    <Dialog title="Take in acknowledgements" onClose={p.onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void take();
        }}
        noValidate
      >
        <p class="muted">
          A 999 answers a batch; a 277CA or 277 answers claims. Taking the same file twice changes nothing.
        </p>
        <div class="field">
          <label for="ack-file">The file (999, 277CA or 277)</label>
          <input id="ack-file" type="file" ref={file} aria-describedby={error ? "ack-err" : undefined} />
        </div>
        <div class="field">
          <label for="ack-text">Or paste its text</label>
          <textarea
            id="ack-text"
            rows={4}
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
          />
        </div>
        {error && (
          <p id="ack-err" class="alert alert-error" role="alert">
            {error}
          </p>
        )}
        <FormActions onCancel={p.onClose} cancel="Close" submit="Take it in" busy={busy} />
      </form>
      {houses.length > 0 && (
        <div class="ack-fetch">
          <SelectField
            label="Clearinghouse inbox"
            value={house}
            onChange={setHouse}
            options={houses.map((h) => ({ value: String(h.id), label: h.name }))}
          />
          <button type="button" onClick={() => void fetchInbox()} disabled={fetching || !house}>
            {fetching ? "Fetching…" : "Fetch from the inbox"}
          </button>
        </div>
      )}
      {fetched && (
        <p role="status">
          {fetched.taken.length} file{fetched.taken.length === 1 ? "" : "s"} taken in
          {fetched.left.length ? `; ${fetched.left.length} remittance file(s) left for ERA posting` : ""}
          {fetched.failed.length ? `; could not read: ${fetched.failed.join(", ")}` : ""}.
        </p>
      )}
      {outcomes.map((a) => (
        <Outcome key={a.acknowledgement_id} a={a} onOpen={p.onClose} />
      ))}
    </Dialog>
  );
}
