// SPDX-License-Identifier: AGPL-3.0-or-later
// One batch: its file and control numbers, download and send, and each of its claims with the
// state the 999 and 277CA left it in (a rejected claim says why; its page says what to fix).
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, formatCents, ListTable, Spinner, stampIn } from "../components";
import { linkClick } from "../router";
import { can, useApp, useLocationInfo } from "../state";
import { BatchActions } from "./claims_batch_actions";
import { batchStateText, useClearinghouseNames } from "./claims_batches";
import { type ClaimBatch, type ClaimSummary, stateLabels } from "./claims_types";

export function BatchScreen({ id }: { id: number }) {
  const { user } = useApp();
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const houses = useClearinghouseNames();
  const [batch, setBatch] = useState<ClaimBatch | null>(null);
  const [claims, setClaims] = useState<ClaimSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setBatch(null);
    setClaims(null);
    get<ClaimBatch>(`/claim-batches/${id}`)
      .then(setBatch)
      .catch((e) => setError((e as Error).message));
    (async () => {
      const all: ClaimSummary[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: ClaimSummary[]; next_cursor: string | null } = await get("/claims", {
          batch_id: id,
          limit: 200,
          cursor: cursor ?? undefined,
        });
        all.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      setClaims(all);
    })().catch((e) => setError((e as Error).message));
  }, [id]);

  if (error) return <Alert>{error}</Alert>;
  if (!batch) return <Spinner />;
  return (
    <section aria-labelledby="batch-h" data-testid="batch-screen">
      <div class="toolbar">
        <h2 id="batch-h">
          Batch {batch.id}: {batchStateText(batch)}
        </h2>
        <a href="/billing/claims/batches" onClick={linkClick}>
          All batches
        </a>
      </div>
      <dl class="facts">
        <dt>File</dt>
        <dd>
          <code>{batch.file_name}</code> ({batch.segments} segments{batch.production ? "" : ", a test file"})
        </dd>
        <dt>Clearinghouse</dt>
        <dd>{houses.get(batch.clearinghouse_id) ?? `Clearinghouse ${batch.clearinghouse_id}`}</dd>
        <dt>Claims</dt>
        <dd>
          {batch.claims}, {formatCents(batch.total_cents)}
        </dd>
        <dt>Control numbers</dt>
        <dd>
          ISA13 {batch.interchange_control}, GS06 {batch.group_control}, ST02 {batch.transaction_control}
        </dd>
        <dt>Made</dt>
        <dd>{stampIn(zone, batch.created_at)}</dd>
        <dt>Sent</dt>
        <dd>
          {batch.sent_at ? stampIn(zone, batch.sent_at) : "Not yet"}
          {batch.send_reference ? ` (${batch.send_reference})` : ""}
        </dd>
        {batch.send_error && (
          <>
            <dt>Last send</dt>
            <dd>Failed: {batch.send_error}</dd>
          </>
        )}
      </dl>
      {can(user, "claim.submit") && <BatchActions batch={batch} onSent={setBatch} />}
      <h3>Its claims</h3>
      {!claims ? (
        <Spinner />
      ) : (
        <ListTable
          headers={["Claim", "Service date", "Billed", "State", "Why"]}
          caption={`The claims of batch ${batch.id}`}
        >
          {claims.map((c) => (
            <tr key={c.id}>
              <td>
                <a href={`/billing/claims/${c.id}`} onClick={linkClick}>
                  {c.patient_control_number}
                </a>
              </td>
              <td>{c.service_date}</td>
              <td class="num">{formatCents(c.total_cents)}</td>
              <td>
                <span class={`status s-${c.state}`}>{stateLabels[c.state]}</span>
              </td>
              <td>{c.status_note ?? ""}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
