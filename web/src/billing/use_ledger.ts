// SPDX-License-Identifier: AGPL-3.0-or-later
// An account's whole ledger: the first page (200 entries, newest first) shows at once with the
// balances, the later pages follow by cursor, so that drill-downs and their sums cover every
// entry. Records "ledger-data" when the last page has arrived (bench/ui_ledger.mjs measures from
// there to the frame painted).
import { useEffect, useRef, useState } from "preact/hooks";
import { get } from "../api";
import type { Ledger, LedgerEntry } from "../types";

export interface LedgerState {
  head: Ledger | null;
  entries: LedgerEntry[];
  /** Every page has arrived. */
  complete: boolean;
  /** Stopped at LEDGER_CAP entries with older ones left. */
  capped: boolean;
  error: string | null;
  /** When the last page arrived (performance.now()), until the screen has rendered it. */
  arrivedAt: { current: number };
}

/** Entries at most: an account past this shows its newest ones and says so. */
export const LEDGER_CAP = 20_000;

export function useLedger(accountId: number, tick: number): LedgerState {
  const [state, setState] = useState<Omit<LedgerState, "arrivedAt">>({
    head: null,
    entries: [],
    complete: false,
    capped: false,
    error: null,
  });
  const arrivedAt = useRef(0);
  useEffect(() => {
    const ctl = new AbortController();
    const path = `/accounts/${accountId}/ledger`;
    (async () => {
      let page = await get<Ledger>(path, { limit: 200 }, ctl.signal);
      const head = page;
      let entries = page.entries;
      const more = () => !!page.next_cursor && entries.length < LEDGER_CAP;
      const publish = () => {
        const done = !more();
        if (done) {
          arrivedAt.current = performance.now();
          performance.mark("ledger-data");
        }
        setState({ head, entries, complete: done, capped: done && !!page.next_cursor, error: null });
      };
      publish();
      while (more()) {
        page = await get<Ledger>(path, { limit: 200, cursor: page.next_cursor ?? undefined }, ctl.signal);
        entries = entries.concat(page.entries);
        publish();
      }
    })().catch((e) => {
      if ((e as Error).name !== "AbortError") setState((s) => ({ ...s, error: (e as Error).message }));
    });
    return () => ctl.abort();
  }, [accountId, tick]);
  return { ...state, arrivedAt };
}
