// SPDX-License-Identifier: AGPL-3.0-or-later
// Running one action at a time, a form's buttons, and the loading line.
import { useRef, useState } from "preact/hooks";

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
