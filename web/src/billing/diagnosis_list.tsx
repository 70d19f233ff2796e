// SPDX-License-Identifier: AGPL-3.0-or-later
// The encounter's diagnoses in order (the first is the primary; lines point to them by number),
// each with its server message, moved up or down or removed by keyboard or mouse.
import { dxDisplay, type DxRow } from "./charge_model";

interface Props {
  rows: DxRow[];
  errors: Record<string, string>;
  readOnly: boolean;
  onChange: (rows: DxRow[]) => void;
}

export function DiagnosisList({ rows, errors, readOnly, onChange }: Props) {
  if (rows.length === 0) return <p class="muted">No diagnosis yet.</p>;
  const move = (k: number, by: number) => {
    const next = [...rows];
    const [x] = next.splice(k, 1);
    next.splice(k + by, 0, x);
    onChange(next);
  };
  return (
    <ol class="dx-list" aria-label="Diagnoses">
      {rows.map((d, k) => {
        const err = errors[`diagnoses[${k}]`];
        const label = `${dxDisplay(d.code)}${d.description ? ` ${d.description}` : ""}`;
        return (
          <li key={d.code} class={err ? "has-error" : ""} data-dx={d.code}>
            <span class="dx-pointer" aria-hidden="true">
              {k + 1}
            </span>
            <span class="dx-code">{dxDisplay(d.code)}</span>
            <span class="dx-text">
              {d.description}
              {k === 0 && <span class="muted"> (primary)</span>}
            </span>
            {!readOnly && (
              <span class="dx-actions">
                <button
                  type="button"
                  class="icon"
                  disabled={k === 0}
                  aria-label={`Move ${label} up`}
                  onClick={() => move(k, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  class="icon"
                  disabled={k === rows.length - 1}
                  aria-label={`Move ${label} down`}
                  onClick={() => move(k, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  class="link"
                  aria-label={`Remove ${label}`}
                  onClick={() => onChange(rows.filter((_, i) => i !== k))}
                >
                  Remove
                </button>
              </span>
            )}
            {err && (
              <small class="error" role="alert">
                Diagnosis {k + 1}: {err}
              </small>
            )}
          </li>
        );
      })}
    </ol>
  );
}
