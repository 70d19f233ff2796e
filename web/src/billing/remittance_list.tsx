// SPDX-License-Identifier: AGPL-3.0-or-later
// The remittances taken in, newest first, 50 to a page (the API pages by cursor: Previous goes
// back through the cursors seen); each opens its claims.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, formatCents, ListTable, Spinner, stampIn } from "../components";
import { linkClick } from "../router";
import { useLocationInfo } from "../state";
import type { Page } from "../types";
import type { Remittance } from "./era_types";

const LIMIT = 50;

/** Remount it (a new `key`) to show a remittance just posted. */
export function RemittanceList() {
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  // cursors[i] is the cursor of page i (page 0 has none).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Remittance> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const at = cursors.length - 1;

  useEffect(() => {
    const ctl = new AbortController();
    get<Page<Remittance>>("/remittances", { limit: LIMIT, cursor: cursors[at] ?? undefined }, ctl.signal)
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      });
    return () => ctl.abort();
  }, [cursors, at]);

  return (
    <section aria-labelledby="remittances-h">
      <h2 id="remittances-h">Remittances taken in</h2>
      {error && <Alert>{error}</Alert>}
      {!page && !error && <Spinner />}
      {page && page.items.length === 0 && at === 0 && <p>No remittance has been posted yet.</p>}
      {page && page.items.length > 0 && (
        <ListTable
          caption="Remittances taken in, newest first"
          headers={[
            "Taken in",
            "Payer",
            "Trace (check/EFT)",
            "Payment date",
            "Payment",
            "Claims posted",
            "Posted",
            "Provider adj.",
          ]}
        >
          {page.items.map((r) => (
            <tr key={r.id} data-remittance={r.id}>
              <td>{stampIn(zone, r.created_at)}</td>
              <td>{r.payer_name}</td>
              <td>
                <a href={`/billing/remittances/${r.id}`} onClick={linkClick}>
                  {r.trace_number}
                </a>
              </td>
              <td>{r.payment_date ?? ""}</td>
              <td class="num">{formatCents(r.payment_cents)}</td>
              <td class="num">
                {r.posted_claims} of {r.claims}
              </td>
              <td class="num">{formatCents(r.posted_cents)}</td>
              <td class="num">{r.provider_adjustment_cents ? formatCents(r.provider_adjustment_cents) : ""}</td>
            </tr>
          ))}
        </ListTable>
      )}
      {page && (at > 0 || page.next_cursor) && (
        <div class="pager" role="group" aria-label="Pages of remittances">
          <button type="button" disabled={at === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
          <span>Page {at + 1}</span>
          <button
            type="button"
            disabled={!page.next_cursor}
            onClick={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
          >
            Older
          </button>
        </div>
      )}
    </section>
  );
}
