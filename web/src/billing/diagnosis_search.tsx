// SPDX-License-Identifier: AGPL-3.0-or-later
// The diagnosis search of charge entry: ICD-10-CM codes ranked as you type (a code, a code's
// start or words of its description), picked with the arrow keys and Enter or a click. A header
// (not billable) is not added: picking it narrows the search to its more specific codes.
import { useRef, useState } from "preact/hooks";
import { useId } from "../components";
import type { CodeItem } from "./charge_types";
import { dxDisplay } from "./charge_model";
import { useCodeSearch } from "./use_code_search";

interface Props {
  /** The date of service: the release in force that day answers. */
  date: string;
  /** Codes already on the encounter (shown as added). */
  chosen: string[];
  onPick: (item: CodeItem) => void;
  /** A reason no more can be added (12 diagnoses), or null. */
  full: string | null;
  error?: string;
}

export function DiagnosisSearch({ date, chosen, onPick, full, error }: Props) {
  const id = useId("dx");
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  // The list lies over the page below it while the box has the focus (a list in the flow made
  // every keystroke lay the whole form out again).
  const [focused, setFocused] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { state, search } = useCodeSearch("icd10cm", date);
  const items = text.trim() && focused ? state.items : [];
  const open = items.length > 0;

  const type = (value: string, at?: number) => {
    setText(value);
    setActive(0);
    search(value, at);
  };
  const pick = (item: CodeItem) => {
    if (!item.billable) {
      // A header: show the codes under it instead.
      type(item.code);
      input.current?.focus();
      return;
    }
    if (chosen.includes(item.code)) return;
    onPick(item);
    type("");
    input.current?.focus();
  };
  const describedBy = [`${id}-hint`, error ? `${id}-err` : ""].filter(Boolean).join(" ");

  return (
    <div class={`field dx-search ${error ? "has-error" : ""}`}>
      <label for={`${id}-in`}>Add a diagnosis (ICD-10-CM)</label>
      <div class="dx-box">
        <input
          id={`${id}-in`}
          ref={input}
          type="search"
          {...({ role: "combobox" } as Record<string, string>)}
          aria-expanded={open}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${id}-opt-${active}` : undefined}
          aria-describedby={describedBy}
          aria-invalid={!!error}
          autocomplete="off"
          spellcheck={false}
          placeholder="Code or words: E11.9, diab mell, sprain ankle"
          disabled={!!full}
          value={text}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onInput={(e) => {
            const at = e.timeStamp > 0 && e.timeStamp <= performance.now() ? e.timeStamp : undefined;
            type((e.currentTarget as HTMLInputElement).value, at);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" && open) {
              e.preventDefault();
              setActive((a) => Math.min(items.length - 1, a + 1));
            } else if (e.key === "ArrowUp" && open) {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === "Enter") {
              // Enter never submits the form from here.
              e.preventDefault();
              if (open && items[active]) pick(items[active]);
            } else if (e.key === "Escape" && text) {
              e.preventDefault();
              e.stopPropagation();
              type("");
            }
          }}
        />
        <small id={`${id}-hint`} class="hint">
          {full ??
            (state.release
              ? `Searching ${state.release}. Arrow keys choose, Enter adds; a header opens its codes.`
              : "Type a code or words of the diagnosis. Arrow keys choose, Enter adds.")}
        </small>
        {error && (
          <small id={`${id}-err`} class="error" role="alert">
            {error}
          </small>
        )}
        <p class="sr-only" role="status" aria-live="polite">
          {text.trim() && !state.loading && state.query ? `${state.items.length} codes found` : ""}
        </p>
        {state.error && <small class="error">{state.error}</small>}
        {text.trim() && state.warnings.length > 0 && <small class="hint">{state.warnings[0].message}</small>}
        {text.trim() && !state.loading && state.query && state.items.length === 0 && !state.error && (
          <small class="hint">No ICD-10-CM code matches “{text.trim()}”.</small>
        )}
        <ul id={`${id}-list`} role="listbox" class="suggest dx-results" aria-label="Matching diagnoses">
          {items.map((c, i) => {
            const added = chosen.includes(c.code);
            return (
              <li
                key={c.code}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                aria-disabled={added || undefined}
                class={`${i === active ? "active" : ""} ${c.billable ? "" : "header"}`}
                data-code={c.code}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(c);
                }}
              >
                <span class="dx-code">{c.display || dxDisplay(c.code)}</span>
                <span class="dx-text">{c.description}</span>
                {!c.billable && <span class="dx-tag">header: choose a code under it</span>}
                {added && <span class="dx-tag">added</span>}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
