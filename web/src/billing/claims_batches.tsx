// SPDX-License-Identifier: AGPL-3.0-or-later
// The claim batches (Billing → Claims → Batches), newest first: when each was made, for which
// clearinghouse, how many claims and dollars, whether it was sent or the send failed, and what
// the acknowledgements made of it.
import { useEffect, useMemo, useState } from "preact/hooks";
import { listAll } from "../api";
import { Alert, formatCents, ListTable, Spinner, stampIn, statusLabel } from "../components";
import { linkClick } from "../router";
import { useLocationInfo } from "../state";
import type { ClaimBatch, Clearinghouse } from "./claims_types";

/** The batch's state in words. */
export function batchStateText(b: ClaimBatch): string {
  if (b.send_error && !b.sent_at) return "Send failed";
  return (
    { written: "Not sent", sent: "Sent", accepted: "Accepted", rejected: "Rejected", partial: "Partly accepted" }[
      b.state
    ] ?? statusLabel(b.state)
  );
}

export function useClearinghouseNames() {
  const [houses, setHouses] = useState<Clearinghouse[]>([]);
  useEffect(() => {
    listAll<Clearinghouse>("/clearinghouses")
      .then(setHouses)
      .catch(() => setHouses([]));
  }, []);
  return useMemo(() => new Map(houses.map((h) => [h.id, h.name])), [houses]);
}

export function BatchesScreen() {
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const [batches, setBatches] = useState<ClaimBatch[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const houses = useClearinghouseNames();
  useEffect(() => {
    listAll<ClaimBatch>("/claim-batches")
      .then((b) => setBatches(b.reverse()))
      .catch((e) => setError((e as Error).message));
  }, []);
  return (
    <section aria-labelledby="batches-h">
      <div class="toolbar">
        <h2 id="batches-h">Claim batches</h2>
        <a href="/billing/claims" onClick={linkClick}>
          Back to the claims
        </a>
      </div>
      {error ? (
        <Alert>{error}</Alert>
      ) : !batches ? (
        <Spinner />
      ) : batches.length === 0 ? (
        <p>No batches yet: select ready claims in the queue and create one.</p>
      ) : (
        <ListTable
          headers={["Batch", "Made", "Clearinghouse", "Claims", "Billed", "State", "Sent"]}
          caption="Claim batches, newest first"
        >
          {batches.map((b) => (
            <tr key={b.id} data-batch={b.id}>
              <td>
                <a href={`/billing/claims/batches/${b.id}`} onClick={linkClick}>
                  Batch {b.id}
                </a>
                {!b.production && <span class="muted small"> test</span>}
              </td>
              <td class="nowrap">{stampIn(zone, b.created_at)}</td>
              <td>{houses.get(b.clearinghouse_id) ?? `Clearinghouse ${b.clearinghouse_id}`}</td>
              <td class="num">{b.claims}</td>
              <td class="num">{formatCents(b.total_cents)}</td>
              <td>{batchStateText(b)}</td>
              <td class="nowrap">{b.sent_at ? stampIn(zone, b.sent_at) : b.send_error ? "Failed" : "Not yet"}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
