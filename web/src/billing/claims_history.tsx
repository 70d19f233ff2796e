// SPDX-License-Identifier: AGPL-3.0-or-later
// A claim's history, newest first: every change of state with its reason, which is where the
// 999, 277CA and 277 answers show ("999 rejected the transaction (R): ...").
import { ListTable, stampIn } from "../components";
import { type ClaimHistoryEntry, stateLabels } from "./claims_types";

/** The kind of answer an entry records, when it records one. */
function source(note: string): string | null {
  const m = /^(999|277CA|277)\b/.exec(note);
  return m ? m[1] : null;
}

export function ClaimHistory({ history, zone }: { history: ClaimHistoryEntry[]; zone: string }) {
  if (history.length === 0) return <p class="muted">No history yet.</p>;
  const rows = [...history].reverse();
  return (
    <ListTable headers={["When", "Change", "What happened"]} caption="History and acknowledgements, newest first">
      {rows.map((h, i) => {
        const from = h.from ? stateLabels[h.from] : null;
        const ack = source(h.note);
        return (
          <tr key={i} data-ack={ack ?? undefined}>
            <td class="nowrap">{stampIn(zone, h.at)}</td>
            <td class="nowrap">
              {from && from !== stateLabels[h.to] ? `${from} → ${stateLabels[h.to]}` : stateLabels[h.to]}
            </td>
            <td>
              {ack && <span class="ack-kind">{ack}</span>} {h.note}
            </td>
          </tr>
        );
      })}
    </ListTable>
  );
}
