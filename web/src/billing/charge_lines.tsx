// SPDX-License-Identifier: AGPL-3.0-or-later
// The procedure lines of charge entry: code, modifiers, units, diagnosis pointers and the charge
// (empty takes the standard fee schedule's, shown beside it), with a drug (NDC), place of service
// and line date under "Details". Each input shows the message for its own field
// ("lines[2].units"), from the checks before sending or from the server.
import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { formatCents } from "../components";
import { chargeHint, type FeeBook, lineCharge, type LineDraft, newLine } from "./charge_model";

interface Props {
  lines: LineDraft[];
  date: string;
  fees: FeeBook;
  errors: Record<string, string>;
  readOnly: boolean;
  /** Codes offered in the code inputs (the visit type's superbill). */
  suggestions: { code: string; description: string }[];
  onChange: (lines: LineDraft[]) => void;
}

interface InputAttrs {
  list?: string;
  maxLength?: number;
  class?: string;
  placeholder?: string;
  inputMode?: "numeric" | "decimal";
  type?: "date";
}

const detailFields = ["ndc.code", "ndc.unit", "ndc.quantity", "place_of_service", "date_of_service"];

const ndcUnits = [
  { value: "", label: "None" },
  { value: "ML", label: "ML millilitre" },
  { value: "ME", label: "ME milligram" },
  { value: "GR", label: "GR gram" },
  { value: "UN", label: "UN unit" },
  { value: "F2", label: "F2 international unit" },
];

export function ChargeLines({ lines, date, fees, errors, readOnly, suggestions, onChange }: Props) {
  const [details, setDetails] = useState<Set<number>>(new Set());
  const set = (k: number, patch: Partial<LineDraft>) =>
    onChange(lines.map((l, i) => (i === k ? { ...l, ...patch } : l)));
  const total = lines.reduce((t, l) => t + (lineCharge(l, fees, date).cents ?? 0), 0);
  const listId = "charge-code-options";

  /** One input of line k with its hidden label and its field's message. */
  const cell = (
    k: number,
    name: string,
    label: string,
    input: (id: string, describedBy: string | undefined, invalid: boolean) => JSX.Element,
    hint?: string,
  ) => {
    const id = `line-${lines[k].key}-${name.replace(/\W/g, "-")}`;
    const err = errors[`lines[${k}].${name}`];
    const described = [hint ? `${id}-hint` : "", err ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined;
    return (
      <div class={`cell ${err ? "has-error" : ""}`}>
        {detailFields.includes(name) ? (
          <label for={id}>
            <span class="sr-only">Line {k + 1} </span>
            {label.replace(/^./, (x) => x.toUpperCase())}
          </label>
        ) : (
          <label for={id} class="sr-only">
            Line {k + 1} {label}
          </label>
        )}
        {input(id, described, !!err)}
        {hint && (
          <small id={`${id}-hint`} class="hint">
            {hint}
          </small>
        )}
        {err && (
          <small id={`${id}-err`} class="error" role="alert">
            {label}: {err}
          </small>
        )}
      </div>
    );
  };
  const text = (k: number, key: keyof LineDraft, name: string, label: string, extra: InputAttrs = {}, hint?: string) =>
    cell(
      k,
      name,
      label,
      (id, d, inv) => (
        <input
          id={id}
          value={lines[k][key] as string}
          readOnly={readOnly}
          aria-invalid={inv}
          aria-describedby={d}
          autocomplete="off"
          onInput={(e) => set(k, { [key]: (e.currentTarget as HTMLInputElement).value })}
          {...(extra as Record<string, unknown>)}
        />
      ),
      hint,
    );

  return (
    <div class="charge-lines">
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s.code} value={s.code}>
            {s.description}
          </option>
        ))}
      </datalist>
      {errors.lines && (
        <p class="error" role="alert">
          Lines: {errors.lines}
        </p>
      )}
      <table class="list charge-table">
        <caption class="sr-only">Procedure lines</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Code</th>
            <th scope="col">Modifiers</th>
            <th scope="col">Units</th>
            <th scope="col">Diagnoses</th>
            <th scope="col" class="num">
              Charge ($)
            </th>
            <th scope="col">
              <span class="sr-only">Line actions</span>
            </th>
          </tr>
        </thead>
        {lines.map((l, k) => {
          const c = lineCharge(l, fees, date);
          const more = details.has(l.key) || !!(l.ndcCode || l.pos || l.date);
          const moreErr = detailFields.some((n) => errors[`lines[${k}].${n}`]);
          return (
            <tbody key={l.key} data-line={k + 1}>
              <tr>
                <td>{k + 1}</td>
                <td>{text(k, "code", "code", "code", { list: listId, maxLength: 5, class: "code-in" })}</td>
                <td>{text(k, "modifiers", "modifiers", "modifiers", { class: "mod-in" })}</td>
                <td>{text(k, "units", "units", "units", { inputMode: "numeric", class: "units-in" })}</td>
                <td>{text(k, "pointers", "diagnosis_pointers", "diagnosis pointers", { class: "ptr-in" })}</td>
                <td class="num">
                  {text(
                    k,
                    "charge",
                    "charge_cents",
                    "charge",
                    { inputMode: "decimal", class: "fee-in" },
                    l.charge.trim() ? undefined : chargeHint(c) || undefined,
                  )}
                </td>
                <td class="row-actions">
                  <button
                    type="button"
                    class="link"
                    aria-expanded={more || moreErr}
                    onClick={() => {
                      const next = new Set(details);
                      if (next.has(l.key)) next.delete(l.key);
                      else next.add(l.key);
                      setDetails(next);
                    }}
                  >
                    Details<span class="sr-only"> of line {k + 1}</span>
                  </button>
                  {!readOnly && (
                    <button
                      type="button"
                      class="link"
                      onClick={() => onChange(lines.filter((_, i) => i !== k))}
                      aria-label={`Remove line ${k + 1}${l.code ? ` (${l.code})` : ""}`}
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
              {(more || moreErr) && (
                <tr class="line-details">
                  <td />
                  <td colSpan={6}>
                    <div class="detail-grid">
                      {text(k, "ndcCode", "ndc.code", "drug NDC (5-4-2)", {})}
                      {cell(k, "ndc.unit", "NDC unit", (id, d, inv) => (
                        <select
                          id={id}
                          value={l.ndcUnit}
                          disabled={readOnly}
                          aria-invalid={inv}
                          aria-describedby={d}
                          onChange={(e) => set(k, { ndcUnit: (e.currentTarget as HTMLSelectElement).value })}
                        >
                          {ndcUnits.map((u) => (
                            <option key={u.value} value={u.value}>
                              {u.label}
                            </option>
                          ))}
                        </select>
                      ))}
                      {text(k, "ndcQuantity", "ndc.quantity", "NDC quantity", { inputMode: "decimal" })}
                      {text(k, "pos", "place_of_service", "place of service", { maxLength: 2 })}
                      {text(k, "date", "date_of_service", "line date", { type: "date" })}
                    </div>
                  </td>
                </tr>
              )}
            </tbody>
          );
        })}
        <tfoot>
          <tr>
            <th scope="row" colSpan={5}>
              Total
            </th>
            <td class="num" data-testid="charge-total">
              {formatCents(total)}
            </td>
            <td />
          </tr>
        </tfoot>
      </table>
      {!readOnly && (
        <button
          type="button"
          onClick={() => {
            const l = newLine();
            onChange([...lines, l]);
            setTimeout(() => document.getElementById(`line-${l.key}-code`)?.focus(), 0);
          }}
        >
          Add a line
        </button>
      )}
    </div>
  );
}
