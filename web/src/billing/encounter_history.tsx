// SPDX-License-Identifier: AGPL-3.0-or-later
// Every charge line an encounter has had, replaced ones included, with what each still owes and
// the ledger entries posted on it (GET /api/v1/encounters/{id}/history): what a correction did
// stays visible.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, formatCents, ListTable, Spinner, stampIn, statusLabel } from "../components";
import type { EncounterHistory as History, PostedEntry } from "./charge_types";

function entryText(e: PostedEntry): string {
  const kind = statusLabel(e.kind);
  const where = e.to ? ` to ${e.to}` : e.from ? ` from ${e.from}` : "";
  const why = e.reason ? ` (${e.reason})` : "";
  return `${kind}${where}${e.reverses ? ` of entry ${e.reverses}` : ""}${why}`;
}

export function EncounterHistory({ id, zone, tick }: { id: number; zone: string; tick: number }) {
  const [h, setH] = useState<History | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    get<History>(`/encounters/${id}/history`, undefined, ctl.signal)
      .then(setH)
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      });
    return () => ctl.abort();
  }, [id, tick]);
  return (
    <section class="panel" aria-labelledby="enc-hist">
      <h2 id="enc-hist">History</h2>
      {error && <Alert>{error}</Alert>}
      {!h && !error && <Spinner />}
      {h && (
        <>
          <p class="muted">
            {h.encounter.corrections === 0
              ? "Not corrected since it was finalised."
              : `Corrected ${h.encounter.corrections} time${h.encounter.corrections === 1 ? "" : "s"}: replaced lines stay here with their charge and its reversal.`}
          </p>
          <ListTable
            caption="Charge lines, current and replaced"
            headers={["Revision", "Line", "Code", "Units", "Charge", "Status", "Still owed", "Ledger entries"]}
          >
            {h.lines.map((l) => (
              <tr key={l.line.id} data-history-line={l.line.id} class={l.status === "replaced" ? "muted" : ""}>
                <td>{l.revision === 0 ? "Original" : `Correction ${l.revision}`}</td>
                <td>{l.line.line_number}</td>
                <td>
                  {l.line.code}
                  {l.line.modifiers.length ? `-${l.line.modifiers.join("-")}` : ""}
                </td>
                <td>{l.line.units}</td>
                <td class="num">{formatCents(l.line.charge_cents)}</td>
                <td>{statusLabel(l.status)}</td>
                <td class="num">{formatCents(l.balance.total_cents)}</td>
                <td>
                  <ul class="plain">
                    {l.entries.map((e) => (
                      <li key={e.id}>
                        {entryText(e)} {formatCents(e.amount_cents)}{" "}
                        <span class="muted small">{stampIn(zone, e.posted_at)}</span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </section>
  );
}
