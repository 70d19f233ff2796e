// SPDX-License-Identifier: AGPL-3.0-or-later
// Search-as-you-type over a code set (GET /api/v1/codes). Every keystroke asks at once: the
// server answers a search of the full ICD-10-CM in well under a millisecond, so a timer would
// only add delay. What keeps the list right is that a newer keystroke aborts the request before
// it, and an answer is shown only if it is for the latest query, so results never arrive out of
// order. Answers are remembered per query, so backspacing shows the earlier list at once.
//
// "Results within 50 ms of a keystroke" is recorded as performance measures from the keystroke
// (the input event's time stamp) to the list committed ("dx-search-commit") and to the frame
// painted ("dx-search-render": the task after the next animation frame), which
// bench/ui_dx_search.mjs reads.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { get } from "../api";
import type { CodeItem, CodeSearchAnswer, CodeWarning } from "./charge_types";

export interface CodeSearchState {
  /** The query the items answer ("" before the first). */
  query: string;
  items: CodeItem[];
  warnings: CodeWarning[];
  release: string | null;
  loading: boolean;
  error: string | null;
}

const empty: CodeSearchState = { query: "", items: [], warnings: [], release: null, loading: false, error: null };
const CACHE_SIZE = 200;

/** `system` is "icd10cm", "hcpcs"...; `date` (YYYY-MM-DD, or "") picks the release in force. */
export function useCodeSearch(system: string, date: string, limit = 20) {
  const [state, setState] = useState<CodeSearchState>(empty);
  const latest = useRef(0);
  const inFlight = useRef<AbortController | null>(null);
  const cache = useRef(new Map<string, CodeSearchAnswer>());
  // The keystroke whose answer is waiting to be painted (ms on the performance clock).
  const typedAt = useRef(0);

  useEffect(() => () => inFlight.current?.abort(), []);
  useEffect(() => cache.current.clear(), [system, date]);

  const show = (query: string, a: CodeSearchAnswer) =>
    setState({
      query,
      items: a.items,
      warnings: a.warnings,
      release: a.release?.label ?? null,
      loading: false,
      error: null,
    });

  /** Searches `text`; `at` is the keystroke's time on the performance clock. */
  const search = (text: string, at = performance.now()) => {
    const query = text.trim().replace(/\s+/g, " ");
    const seq = ++latest.current;
    inFlight.current?.abort();
    inFlight.current = null;
    if (!query) {
      typedAt.current = 0;
      setState(empty);
      return;
    }
    typedAt.current = at;
    const key = query.toLowerCase();
    const known = cache.current.get(key);
    if (known) {
      show(query, known);
      return;
    }
    const ctl = new AbortController();
    inFlight.current = ctl;
    setState((s) => ({ ...s, loading: true }));
    get<CodeSearchAnswer>("/codes", { system, q: query, date: date || undefined, limit }, ctl.signal)
      .then((a) => {
        performance.mark("dx-search-data");
        if (cache.current.size >= CACHE_SIZE) cache.current.delete(cache.current.keys().next().value as string);
        cache.current.set(key, a);
        if (seq === latest.current) show(query, a);
      })
      .catch((e) => {
        if ((e as Error).name === "AbortError" || seq !== latest.current) return;
        typedAt.current = 0;
        setState((s) => ({ ...s, loading: false, error: (e as Error).message }));
      })
      .finally(() => {
        if (inFlight.current === ctl) inFlight.current = null;
      });
  };

  useLayoutEffect(() => {
    const t0 = typedAt.current;
    if (!t0 || state.loading || !state.query) return;
    typedAt.current = 0;
    performance.measure("dx-search-commit", { start: t0, end: performance.now() });
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure("dx-search-render", { start: t0, end: performance.now() }), 0),
    );
  }, [state]);

  return { state, search };
}
