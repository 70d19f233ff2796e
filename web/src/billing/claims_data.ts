// SPDX-License-Identifier: AGPL-3.0-or-later
// The claim queue's data: the count of each state from GET /api/v1/claims/counts (one grouped
// query, no claim read) and one page of the chosen tab's claims (GET /api/v1/claims, 50 a call,
// oldest first: the claims waiting longest). Pages are reached by the API's cursors, so Next
// and Previous move one page at a time. A claim changed on this screen (scrubbed, batched)
// replaces its copy on the page and moves between the counts at once; the counts are then read
// again. A search (`q`: a patient, as the patient search takes one, or the start of a claim
// number) narrows the tab's pages on the server. Records "claims-data" when the tab's page has
// arrived (bench/ui_claims.mjs measures from there to the frame painted).
import { useEffect, useRef, useState } from "preact/hooks";
import { get } from "../api";
import type { ClaimState, ClaimSummary } from "./claims_types";

export type Tab = ClaimState | "all";

/** Claims to a page of the queue. */
export const CLAIMS_PAGE = 50;

/** GET /api/v1/claims/counts. */
export interface ClaimCounts {
  counts: Record<ClaimState, number>;
  with_findings: number;
  total: number;
}

interface Page {
  tab: Tab;
  query: string;
  page: number;
  tick: number;
  items: ClaimSummary[];
  next: string | null;
}

export interface ClaimsState {
  counts: ClaimCounts | null;
  /** The tab shown: the one asked for, or the opening one once the counts are in. */
  tab: Tab | null;
  /** The page of the tab's claims shown (empty until it has arrived). */
  claims: ClaimSummary[];
  /** The tab's current page has arrived. */
  complete: boolean;
  page: number;
  hasNext: boolean;
  setPage: (page: number) => void;
  error: string | null;
  /** How many claims of the state (of every state for "all"). */
  count: (tab: Tab) => number;
  /** A claim seen on this screen, by id (for the selection, which outlives the page). */
  known: (id: number) => ClaimSummary | undefined;
  /** When the page arrived (performance.now()), until the screen has rendered it. */
  arrivedAt: { current: number };
  reload: () => void;
  /** Puts changed claims in place of their copies and moves them between the counts. */
  update: (changed: ClaimSummary[]) => void;
  /** Up to `cap` claims of the state, oldest first (for "select all"); remembered as known. */
  loadState: (state: ClaimState, cap: number) => Promise<ClaimSummary[]>;
}

const hasFindings = (c: ClaimSummary) => c.errors > 0 || c.warnings > 0;

/** The queue's data for `asked` (null: the tab `open` chooses, once, from the first counts),
 * narrowed to the claims `query` finds when it is not empty. */
export function useClaims(asked: Tab | null, open: (count: (t: Tab) => number) => Tab, query: string): ClaimsState {
  const [counts, setCounts] = useState<ClaimCounts | null>(null);
  const [shown, setShown] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // The page asked for, with the cursors that reach each page of its tab.
  const [at, setAt] = useState({ tab: null as Tab | null, query: "", tick: 0, page: 0 });
  const cursors = useRef<(string | undefined)[]>([undefined]);
  const seen = useRef(new Map<number, ClaimSummary>());
  const countsSeq = useRef(0);
  const arrivedAt = useRef(0);
  const opened = useRef<Tab | null>(null);
  const count = (t: Tab) => (!counts ? 0 : t === "all" ? counts.total : (counts.counts[t] ?? 0));
  if (counts && opened.current === null) opened.current = open(count);
  const tab = asked ?? opened.current;
  const page = at.tab === tab && at.query === query && at.tick === tick ? at.page : 0;

  const fail = (e: unknown) => {
    if ((e as Error).name !== "AbortError") setError((e as Error).message);
  };
  // Only the latest reading counts: one begun before a change must not undo it.
  const readCounts = (signal?: AbortSignal) => {
    const seq = ++countsSeq.current;
    return get<ClaimCounts>("/claims/counts", undefined, signal).then((c) => {
      if (seq === countsSeq.current) setCounts(c);
    });
  };

  useEffect(() => {
    const ctl = new AbortController();
    setError(null);
    readCounts(ctl.signal).catch(fail);
    return () => ctl.abort();
  }, [tick]);

  useEffect(() => {
    if (tab === null) return;
    if (page === 0) cursors.current = [undefined];
    const ctl = new AbortController();
    get<{ items: ClaimSummary[]; next_cursor: string | null }>(
      "/claims",
      {
        limit: CLAIMS_PAGE,
        state: tab === "all" ? undefined : tab,
        q: query || undefined,
        cursor: cursors.current[page],
      },
      ctl.signal,
    )
      .then((r) => {
        for (const c of r.items) seen.current.set(c.id, c);
        cursors.current[page + 1] = r.next_cursor ?? undefined;
        arrivedAt.current = performance.now();
        performance.mark("claims-data");
        setShown({ tab, query, page, tick, items: r.items, next: r.next_cursor });
      })
      .catch(fail);
    return () => ctl.abort();
  }, [tab, query, page, tick]);

  const complete = !!shown && shown.tab === tab && shown.query === query && shown.page === page && shown.tick === tick;

  const update = (changed: ClaimSummary[]) => {
    setCounts((c) => {
      if (!c) return c;
      const next = { ...c, counts: { ...c.counts } };
      for (const n of changed) {
        const old = seen.current.get(n.id);
        if (!old) continue; // new or unseen: the counts read below tell
        next.counts[old.state]--;
        next.counts[n.state]++;
        next.with_findings += Number(hasFindings(n)) - Number(hasFindings(old));
      }
      return next;
    });
    for (const n of changed) seen.current.set(n.id, n);
    setShown((s) => {
      if (!s) return s;
      const byId = new Map(changed.map((c) => [c.id, c]));
      return { ...s, items: s.items.map((c) => byId.get(c.id) ?? c) };
    });
    readCounts().catch(fail);
  };

  const loadState = async (state: ClaimState, cap: number) => {
    const out: ClaimSummary[] = [];
    let cursor: string | null = null;
    do {
      const r: { items: ClaimSummary[]; next_cursor: string | null } = await get("/claims", {
        state,
        limit: 200,
        cursor: cursor ?? undefined,
      });
      for (const c of r.items) {
        seen.current.set(c.id, c);
        if (out.length < cap) out.push(c);
      }
      cursor = r.next_cursor;
    } while (cursor && out.length < cap);
    return out;
  };

  return {
    counts,
    claims: complete ? shown.items : [],
    complete,
    page,
    hasNext: complete && !!shown.next,
    setPage: (p) => {
      if (p < 0 || (p > page && !(complete && shown.next)) || p > cursors.current.length - 1) return;
      setAt({ tab, query, tick, page: p });
    },
    error,
    tab,
    count,
    known: (id) => seen.current.get(id),
    arrivedAt,
    reload: () => {
      seen.current.clear();
      setTick((t) => t + 1);
    },
    update,
    loadState,
  };
}
