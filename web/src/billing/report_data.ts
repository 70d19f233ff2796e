// SPDX-License-Identifier: AGPL-3.0-or-later
// What the report screens share: a report read as JSON for the options chosen (the older answer
// is dropped when the options change), and the options kept in the page's address (?date=…: only
// dates and ids, never patient data) so that a report can be bookmarked and reloaded.
import { useEffect, useState } from "preact/hooks";
import { type CallOptions, get } from "../api";
import { noProblems, type Problems, problemsOf } from "../components";
import { navigate, useLocation } from "../router";

export interface ReportState<T> {
  data: T | null;
  problems: Problems;
  loading: boolean;
}

/** GET `path` with `query` as JSON; `fields` are the query's names, whose errors go beside them. */
export function useReport<T>(path: string | null, query: CallOptions["query"], fields: string[]): ReportState<T> {
  const [state, setState] = useState<ReportState<T>>({ data: null, problems: noProblems, loading: true });
  const key = JSON.stringify([path, query]);
  useEffect(() => {
    if (!path) return;
    const ctl = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    get<T>(path, query, ctl.signal)
      .then((data) => setState({ data, problems: noProblems, loading: false }))
      .catch((e) => {
        if ((e as Error).name !== "AbortError")
          setState({ data: null, problems: problemsOf(e, fields), loading: false });
      });
    return () => ctl.abort();
  }, [key]);
  return state;
}

/** The page address's query options, and a setter that replaces them (no new history entry). */
export function useSearchParams(): [URLSearchParams, (changes: Record<string, string>) => void] {
  const url = useLocation();
  const params = new URLSearchParams(url.search);
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(url.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    navigate(`${url.pathname}${qs ? `?${qs}` : ""}`, true);
  };
  return [params, set];
}
