// SPDX-License-Identifier: AGPL-3.0-or-later
// Putting the selected ready claims into one 837P batch for a clearinghouse. The server scrubs
// each claim again and refuses the batch naming every claim that is not ready now; once made,
// the batch's file is downloaded or sent from here.
import { useEffect, useState } from "preact/hooks";
import { ApiError, listAll, post } from "../api";
import { Dialog, FormActions, formatCents, SelectField, useAction } from "../components";
import { BatchActions } from "./claims_batch_actions";
import type { ClaimBatch, ClaimSummary, Clearinghouse } from "./claims_types";

export function BatchDialog(p: {
  claims: ClaimSummary[];
  onMade: (changed: ClaimSummary[]) => void;
  onClose: () => void;
}) {
  const [houses, setHouses] = useState<Clearinghouse[] | null>(null);
  const [house, setHouse] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [made, setMade] = useState<ClaimBatch | null>(null);
  useEffect(() => {
    listAll<Clearinghouse>("/clearinghouses")
      .then((all) => {
        const active = all.filter((h) => h.active !== false);
        setHouses(active);
        setHouse(String(active[0]?.id ?? ""));
      })
      .catch(() => setHouses([]));
  }, []);
  const total = p.claims.reduce((s, c) => s + c.total_cents, 0);

  const [create, busy] = useAction(async () => {
    setProblems([]);
    try {
      const r = await post<{ batch: ClaimBatch; claims: ClaimSummary[] }>("/claim-batches", {
        claim_ids: p.claims.map((c) => c.id),
        clearinghouse_id: house ? Number(house) : undefined,
      });
      setMade(r.batch);
      p.onMade(r.claims);
    } catch (e) {
      if (!(e instanceof ApiError) || e.errors.length === 0) {
        setProblems([(e as Error).message]);
        return;
      }
      // "claim_ids[3]": name the claim, not the position.
      setProblems(
        e.errors.map((f) => {
          const k = /^claim_ids\[(\d+)\]$/.exec(f.field);
          const c = k ? p.claims[Number(k[1])] : undefined;
          return c ? `Claim ${c.patient_control_number}: ${f.message}` : `${f.field}: ${f.message}`;
        }),
      );
    }
  });

  return (
    <Dialog title={made ? `Batch ${made.id} is made` : "Create a batch (837P)"} onClose={p.onClose}>
      {made ? (
        <div data-testid="batch-made">
          <p>
            Batch {made.id}: {made.claims} claim{made.claims === 1 ? "" : "s"}, {formatCents(made.total_cents)}, file{" "}
            <code>{made.file_name}</code>
            {made.production ? "" : " (a test file: ISA15 T)"}. The claims are now batched.
          </p>
          <BatchActions batch={made} onSent={setMade} />
          <div class="actions">
            <button type="button" class="primary" onClick={p.onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
          noValidate
        >
          <p>
            {p.claims.length} claim{p.claims.length === 1 ? "" : "s"}, {formatCents(total)} in all:{" "}
            {p.claims
              .slice(0, 8)
              .map((c) => c.patient_control_number)
              .join(", ")}
            {p.claims.length > 8 ? " …" : ""}. Each is scrubbed again before it goes in.
          </p>
          {houses === null ? (
            <p class="muted">Loading the clearinghouses…</p>
          ) : houses.length === 0 ? (
            <p role="alert">No clearinghouse is set up: a manager adds one first.</p>
          ) : (
            <SelectField
              label="Clearinghouse"
              value={house}
              onChange={setHouse}
              options={houses.map((h) => ({ value: String(h.id), label: `${h.name}${h.production ? "" : " (test)"}` }))}
            />
          )}
          {problems.length > 0 && (
            <div class="alert alert-error" role="alert">
              The batch was not made:
              <ul>
                {problems.map((m, i) => (
                  <li key={i}>{m}</li>
                ))}
              </ul>
            </div>
          )}
          <FormActions onCancel={p.onClose} cancel="Cancel" submit="Create the batch" busy={busy || !houses?.length} />
        </form>
      )}
    </Dialog>
  );
}
