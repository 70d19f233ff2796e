// SPDX-License-Identifier: AGPL-3.0-or-later
// Small building blocks: labelled fields that show the API's message for their field, modal
// dialogs on the native <dialog> (focus trap and Escape for free), and alerts.
import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api";

let fieldSeq = 0;
function useId(prefix: string) {
  const ref = useRef<string>("");
  if (!ref.current) ref.current = `${prefix}-${++fieldSeq}`;
  return ref.current;
}

/** Field errors of the last failed call, by field name; `other` holds the rest of the problem. */
export interface Problems {
  byField: Record<string, string>;
  other: string | null;
  status: number;
}
export const noProblems: Problems = { byField: {}, other: null, status: 0 };

/** Splits an error into messages for the form's fields and one for the form as a whole. */
export function problemsOf(e: unknown, fields: string[]): Problems {
  if (!(e instanceof ApiError)) return { byField: {}, other: String((e as Error)?.message ?? e), status: 0 };
  const byField: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const f of e.errors) {
    if (fields.includes(f.field)) byField[f.field] = byField[f.field] ? `${byField[f.field]}; ${f.message}` : f.message;
    else unplaced.push(`${f.field}: ${f.message}`);
  }
  const other =
    e.errors.length === 0 ? e.detail || e.title : unplaced.length ? `${e.detail} ${unplaced.join("; ")}` : null;
  return { byField, other, status: e.status };
}

interface FieldProps {
  label: string;
  error?: string;
  hint?: string;
  children: (id: string, describedBy: string | undefined, invalid: boolean) => JSX.Element;
  class?: string;
}
export function Field({ label, error, hint, children, class: cls }: FieldProps) {
  const id = useId("f");
  const described = [error ? `${id}-err` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div class={`field ${cls ?? ""} ${error ? "has-error" : ""}`}>
      <label for={id}>{label}</label>
      {children(id, described, !!error)}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <small id={`${id}-err`} class="error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

interface TextProps {
  label: string;
  value: string;
  onInput: (v: string) => void;
  error?: string;
  hint?: string;
  type?: string;
  required?: boolean;
  autoComplete?: string;
  placeholder?: string;
  name?: string;
  class?: string;
  autoFocus?: boolean;
  inputMode?: "numeric" | "text" | "tel" | "email" | "decimal" | "search";
  maxLength?: number;
}
export function TextField(p: TextProps) {
  return (
    <Field label={p.label} error={p.error} hint={p.hint} class={p.class}>
      {(id, described, invalid) => (
        <input
          id={id}
          name={p.name}
          type={(p.type ?? "text") as "text"}
          value={p.value}
          required={p.required}
          autocomplete={p.autoComplete ?? "off"}
          placeholder={p.placeholder}
          inputMode={p.inputMode}
          maxLength={p.maxLength}
          autoFocus={p.autoFocus}
          aria-invalid={invalid}
          aria-describedby={described}
          onInput={(e) => p.onInput((e.currentTarget as HTMLInputElement).value)}
        />
      )}
    </Field>
  );
}

interface SelectProps {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string }[];
  error?: string;
  required?: boolean;
  name?: string;
  class?: string;
  placeholder?: string;
}
export function SelectField(p: SelectProps) {
  return (
    <Field label={p.label} error={p.error} class={p.class}>
      {(id, described, invalid) => (
        <select
          id={id}
          name={p.name}
          value={p.value}
          required={p.required}
          aria-invalid={invalid}
          aria-describedby={described}
          onChange={(e) => p.onChange((e.currentTarget as HTMLSelectElement).value)}
        >
          {p.placeholder !== undefined && <option value="">{p.placeholder}</option>}
          {p.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Alert({ kind = "error", children }: { kind?: "error" | "info" | "ok"; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** The problem that is not about one field; a 412 offers to reload the record. */
export function FormProblem({ problems, onReload }: { problems: Problems; onReload?: () => void }) {
  if (problems.status === 412) {
    return (
      <Alert>
        Someone else changed this record while you were editing it. Your changes were not saved.{" "}
        {onReload && (
          <button type="button" class="link" onClick={onReload}>
            Reload the latest version
          </button>
        )}
      </Alert>
    );
  }
  if (!problems.other) return null;
  return <Alert>{problems.other}</Alert>;
}

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}
export function Dialog({ title, onClose, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId("dlg");
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class={wide ? "wide" : ""}
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header class="dialog-head">
        <h2 id={id}>{title}</h2>
        <button type="button" class="icon" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}

/** Runs an async action once at a time; `busy` disables the button so a double click saves once. */
export function useAction<A extends unknown[]>(fn: (...a: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const run = async (...a: A) => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      await fn(...a);
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return [run, busy] as const;
}

export function Spinner({ label = "Loading" }: { label?: string }) {
  return (
    <p class="muted" role="status">
      {label}…
    </p>
  );
}

/** A form's buttons: go back without saving, and the submit button (disabled while saving). */
export function FormActions(p: {
  onCancel: () => void;
  cancel: string;
  submit: string;
  busy?: boolean;
  danger?: boolean;
}) {
  return (
    <div class="actions">
      <button type="button" onClick={p.onCancel}>
        {p.cancel}
      </button>
      <button type="submit" class={p.danger ? "danger" : "primary"} disabled={p.busy}>
        {p.submit}
      </button>
    </div>
  );
}

/** A list table with its column headers; `actions` adds a last column for row buttons. */
export function ListTable(p: { headers: string[]; caption?: string; actions?: boolean; children: ComponentChildren }) {
  return (
    <table class="list">
      {p.caption && <caption class="sr-only">{p.caption}</caption>}
      <thead>
        <tr>
          {p.headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
          {p.actions && (
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{p.children}</tbody>
    </table>
  );
}

/** A set of checkboxes choosing several values ("chips"); `selected` keeps the order chosen. */
export function Chips<V extends string | number>(p: {
  options: { value: V; label: string }[];
  selected: V[];
  onChange: (selected: V[]) => void;
}) {
  return (
    <div class="chips">
      {p.options.map((o) => (
        <label key={String(o.value)} class="chip">
          <input
            type="checkbox"
            checked={p.selected.includes(o.value)}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              p.onChange(on ? [...p.selected, o.value] : p.selected.filter((x) => x !== o.value));
            }}
          />{" "}
          {o.label}
        </label>
      ))}
    </div>
  );
}
