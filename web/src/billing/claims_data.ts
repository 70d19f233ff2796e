// SPDX-License-Identifier: AGPL-3.0-or-later
// The practice's claims for the queue: every page of GET /api/v1/claims (200 a call, oldest
// first) kept in memory, so that the tabs can count each state and switching tabs costs no
// call. A claim changed on this screen (scrubbed, batched) replaces its copy without a reload.
// Records "claims-data" when the last page has arrived (bench/ui_claims.mjs measures from there
// to the frame painted).
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { get } from "../api";
import type { ClaimState, ClaimSummary } from "./claims_types";

/** Claims at most: past this the queue shows the oldest ones and says so. */
export const CLAIMS_CAP = 50_000;

export interface ClaimsState {
  claims: ClaimSummary[];
  /** Every page has arrived. */
  complete: boolean;
  capped: boolean;
  error: string | null;
  /** How many claims of each state. */
  counts: Map<ClaimState, number>;
  /** When the last page arrived (performance.now()), until the screen has rendered it. */
  arrivedAt: { current: number };
  reload: () => void;
  /** Puts changed claims in place of their copies (new ones are added). */
  update: (changed: ClaimSummary[]) => void;
}

export function useClaims(): ClaimsState {
  const [claims, setClaims] = useState<ClaimSummary[]>([]);
  const [complete, setComplete] = useState(false);
  const [capped, setCapped] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const arrivedAt = useRef(0);

  useEffect(() => {
    const ctl = new AbortController();
    setComplete(false);
    setError(null);
    (async () => {
      const all: ClaimSummary[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: ClaimSummary[]; next_cursor: string | null } = await get(
          "/claims",
          { limit: 200, cursor: cursor ?? undefined },
          ctl.signal,
        );
        for (const c of page.items) all.push(c);
        cursor = page.next_cursor;
      } while (cursor && all.length < CLAIMS_CAP);
      arrivedAt.current = performance.now();
      performance.mark("claims-data");
      setClaims(all);
      setCapped(!!cursor);
      setComplete(true);
    })().catch((e) => {
      if ((e as Error).name !== "AbortError") setError((e as Error).message);
    });
    return () => ctl.abort();
  }, [tick]);

  const counts = useMemo(() => {
    const m = new Map<ClaimState, number>();
    for (const c of claims) m.set(c.state, (m.get(c.state) ?? 0) + 1);
    return m;
  }, [claims]);

  const update = (changed: ClaimSummary[]) =>
    setClaims((list) => {
      const byId = new Map(changed.map((c) => [c.id, c]));
      const next = list.map((c) => byId.get(c.id) ?? c);
      for (const c of list) byId.delete(c.id);
      return byId.size ? next.concat([...byId.values()]) : next;
    });

  return { claims, complete, capped, error, counts, arrivedAt, reload: () => setTick((t) => t + 1), update };
}
