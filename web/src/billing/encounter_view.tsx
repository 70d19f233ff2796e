// SPDX-License-Identifier: AGPL-3.0-or-later
// A finalised or voided encounter as it stands (or an open one for a role that may not code):
// its diagnoses and lines with their charges, who it was billed to, and the way to a correction.
import { formatCents, ListTable, stampIn, statusLabel } from "../components";
import { dxDisplay } from "./charge_model";
import type { Encounter } from "./charge_types";

interface Props {
  encounter: Encounter;
  descriptions: Record<string, string>;
  zone: string;
  /** The "Correct" action, when the role may correct and the encounter is finalised. */
  onCorrect: (() => void) | null;
}

export function EncounterView({ encounter: e, descriptions, zone, onCorrect }: Props) {
  return (
    <section class="panel" aria-labelledby="enc-view">
      <div class="toolbar">
        <h2 id="enc-view">
          Charges <span class={`status s-${e.status}`}>{statusLabel(e.status)}</span>
        </h2>
        {onCorrect && (
          <button type="button" class="primary" onClick={onCorrect}>
            Correct
          </button>
        )}
      </div>
      {e.finalized_at && (
        <p class="muted">
          Finalised {stampIn(zone, e.finalized_at)}
          {e.corrections ? ` · corrected ${e.corrections} time${e.corrections === 1 ? "" : "s"}` : ""}
        </p>
      )}
      <h3>Diagnoses</h3>
      <ol class="dx-list" aria-label="Diagnoses">
        {e.diagnoses.map((d, k) => (
          <li key={d} data-dx={d}>
            <span class="dx-pointer" aria-hidden="true">
              {k + 1}
            </span>
            <span class="dx-code">{dxDisplay(d)}</span>
            <span class="dx-text">{descriptions[d] ?? ""}</span>
          </li>
        ))}
      </ol>
      <h3>Procedures</h3>
      <ListTable caption="Charge lines" headers={["#", "Code", "Modifiers", "Units", "Diagnoses", "Charge"]}>
        {e.lines.map((l) => (
          <tr key={l.id} data-line={l.line_number}>
            <td>{l.line_number}</td>
            <td>{l.code}</td>
            <td>{l.modifiers.join(" ")}</td>
            <td>{l.units}</td>
            <td>{l.diagnosis_pointers.join(", ")}</td>
            <td class="num">
              {formatCents(l.charge_cents)}
              {l.fee_from_schedule ? <span class="muted small"> schedule</span> : null}
            </td>
          </tr>
        ))}
        <tr>
          <th scope="row" colSpan={5}>
            Total
          </th>
          <td class="num" data-testid="encounter-total">
            {formatCents(e.total_charge_cents)}
          </td>
        </tr>
      </ListTable>
    </section>
  );
}
