// SPDX-License-Identifier: AGPL-3.0-or-later
// Labelled form fields that show the API's message for their field, and chips (a set of
// checkboxes choosing several values).
import type { JSX } from "preact";
import { useRef } from "preact/hooks";

let fieldSeq = 0;
export function useId(prefix: string) {
  const ref = useRef<string>("");
  if (!ref.current) ref.current = `${prefix}-${++fieldSeq}`;
  return ref.current;
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
