// SPDX-License-Identifier: AGPL-3.0-or-later
// Search-as-you-type for a patient (name, birth date, phone or MRN), or quick registration of a
// new one inside the booking form.
import { useEffect, useRef, useState } from "preact/hooks";
import { get } from "../api";
import { Field } from "../components";
import type { Page, Patient } from "../types";

export interface NewPatient {
  family_name: string;
  given_name: string;
  birth_date: string;
  sex: string;
  phone: string;
}

/** What the search box means: a date, a phone number, an MRN or a name. */
export function searchQuery(text: string): Record<string, string> {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return { birth_date: t };
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (us) return { birth_date: `${us[3]}-${us[1].padStart(2, "0")}-${us[2].padStart(2, "0")}` };
  if (/^mrn/i.test(t)) return { mrn: t.toUpperCase() };
  const digits = t.replace(/[\s().-]/g, "");
  if (/^\+?\d{7,15}$/.test(digits))
    return { phone: digits.startsWith("+") ? digits : digits.length === 10 ? `+1${digits}` : `+${digits}` };
  return { q: t };
}

export function usePatientSearch(text: string, limit = 20) {
  const [items, setItems] = useState<Patient[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const t = text.trim();
    if (t.length < 2) {
      setItems([]);
      setError(null);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      setLoading(true);
      get<Page<Patient>>("/patients", { ...searchQuery(t), limit }, ctl.signal)
        .then((p) => {
          setItems(p.items);
          setError(null);
        })
        .catch((e) => {
          if ((e as Error).name !== "AbortError") setError((e as Error).message);
        })
        .finally(() => setLoading(false));
    }, 150);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text]);
  return { items, loading, error };
}

interface Props {
  value: Patient | null;
  onChange: (p: Patient | null) => void;
  error?: string;
  allowNew?: boolean;
  newPatient?: NewPatient | null;
  onNewPatient?: (p: NewPatient | null) => void;
  newErrors?: Record<string, string>;
}

export function PatientPicker({ value, onChange, error, allowNew, newPatient, onNewPatient, newErrors = {} }: Props) {
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const { items, loading, error: searchError } = usePatientSearch(value ? "" : text, 8);
  const listId = useRef(`pp-${Math.random().toString(36).slice(2)}`).current;

  if (value) {
    return (
      <div class="field">
        <span class="label">Patient</span>
        <div class="picked">
          <strong>
            {value.family_name}, {value.given_name}
          </strong>{" "}
          <span class="muted">
            {value.birth_date} · {value.mrn}
          </span>{" "}
          <button type="button" class="link" onClick={() => onChange(null)}>
            Change
          </button>
        </div>
      </div>
    );
  }
  if (newPatient && onNewPatient) {
    const set = (k: keyof NewPatient) => (v: string) => onNewPatient({ ...newPatient, [k]: v });
    const f = (k: keyof NewPatient, label: string, type = "text", hint?: string) => (
      <Field label={label} error={newErrors[k]} hint={hint}>
        {(id, d, inv) => (
          <input
            id={id}
            type={type as "text"}
            value={newPatient[k]}
            aria-invalid={inv}
            aria-describedby={d}
            onInput={(e) => set(k)((e.currentTarget as HTMLInputElement).value)}
          />
        )}
      </Field>
    );
    return (
      <fieldset class="new-patient">
        <legend>New patient</legend>
        <div class="grid2">
          {f("family_name", "Family name")}
          {f("given_name", "Given name")}
          {f("birth_date", "Birth date", "date")}
          <Field label="Sex" error={newErrors.sex}>
            {(id, d, inv) => (
              <select
                id={id}
                value={newPatient.sex}
                aria-invalid={inv}
                aria-describedby={d}
                onChange={(e) => set("sex")((e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="female">Female</option>
                <option value="male">Male</option>
                <option value="other">Other</option>
                <option value="unknown">Unknown</option>
              </select>
            )}
          </Field>
          {f("phone", "Mobile phone", "tel", "Such as +12175550123")}
        </div>
        <button type="button" class="link" onClick={() => onNewPatient(null)}>
          Search existing patients instead
        </button>
      </fieldset>
    );
  }
  return (
    <div class={`field ${error ? "has-error" : ""}`}>
      <label for={`${listId}-in`}>Patient</label>
      <input
        id={`${listId}-in`}
        type="search"
        {...({ role: "combobox" } as Record<string, string>)}
        aria-expanded={items.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={items.length ? `${listId}-${active}` : undefined}
        aria-invalid={!!error}
        placeholder="Name, birth date, phone or MRN"
        autocomplete="off"
        value={text}
        onInput={(e) => {
          setText((e.currentTarget as HTMLInputElement).value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setActive((a) => Math.min(items.length - 1, a + 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === "Enter" && items[active]) {
            e.preventDefault();
            onChange(items[active]);
          }
        }}
      />
      {loading && <small class="muted">Searching…</small>}
      {searchError && <small class="error">{searchError}</small>}
      {error && (
        <small class="error" role="alert">
          {error}
        </small>
      )}
      <ul id={listId} role="listbox" class="suggest" aria-label="Matching patients">
        {items.map((p, i) => (
          <li
            key={p.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            class={i === active ? "active" : ""}
            onMouseDown={(e) => {
              e.preventDefault();
              onChange(p);
            }}
          >
            <strong>
              {p.family_name}, {p.given_name}
            </strong>{" "}
            <span class="muted">
              {p.birth_date} · {p.mrn}
            </span>
          </li>
        ))}
      </ul>
      {allowNew && onNewPatient && (
        <button
          type="button"
          class="link"
          onClick={() => onNewPatient({ family_name: "", given_name: "", birth_date: "", sex: "female", phone: "" })}
        >
          New patient
        </button>
      )}
    </div>
  );
}
