// SPDX-License-Identifier: AGPL-3.0-or-later
// The statement runs, newest first, 20 to a page (by cursor: Newer goes back through the cursors
// seen): their cycle, progress and figures, the vendor's CSV, and Resume for a run that stopped
// (the same cycle run again carries on where it got to; it never mails an account twice).
import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api";
import { Alert, formatCents, ListTable, problemsOf, Spinner, stampIn, statusLabel, useAction } from "../components";
import { useLocationInfo } from "../state";
import type { Page } from "../types";
import { cycleLabel, type RunResult, type StatementRun, vendorCsvHref } from "./statement_types";

const LIMIT = 20;

/** Remount it (a new `key`) to show a run just made. `onOpen` shows an earlier run's statements. */
export function StatementRuns({
  onRun,
  onOpen,
}: {
  onRun: (r: RunResult) => void;
  onOpen: (run: StatementRun) => void;
}) {
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<StatementRun> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const at = cursors.length - 1;

  useEffect(() => {
    const ctl = new AbortController();
    get<Page<StatementRun>>("/statement-runs", { limit: LIMIT, cursor: cursors[at] ?? undefined }, ctl.signal)
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      });
    return () => ctl.abort();
  }, [cursors, at]);

  const [resume, resuming] = useAction(async (run: StatementRun) => {
    try {
      const body: Record<string, unknown> = {
        min_balance_cents: run.min_balance_cents,
        statement_date: run.statement_date,
      };
      if (run.cycle_day !== null) body.cycle_day = run.cycle_day;
      onRun(await post<RunResult>("/statement-runs", body));
      setCursors([null]);
    } catch (e) {
      setError(problemsOf(e, []).other);
    }
  });

  return (
    <section aria-labelledby="runs-h">
      <h2 id="runs-h">Statement runs</h2>
      {error && <Alert>{error}</Alert>}
      {!page && !error && <Spinner />}
      {page && page.items.length === 0 && at === 0 && <p>No statements have been run yet.</p>}
      {page && page.items.length > 0 && (
        <ListTable
          caption="Statement runs, newest first"
          headers={["Run", "Statement date", "Cycle", "Status", "Statements", "Amount due", "Started"]}
          actions
        >
          {page.items.map((r) => (
            <tr key={r.id} data-run={r.id}>
              <td>{r.id}</td>
              <td>{r.statement_date}</td>
              <td>
                {cycleLabel(r.cycle_day)} <span class="muted small">({r.cycle_key})</span>
              </td>
              <td>
                {statusLabel(r.status)}
                {r.status !== "done" && (
                  <span class="muted small">
                    {" "}
                    · {r.accounts_done} of {r.accounts_total} accounts ({r.progress_percent}%)
                  </span>
                )}
              </td>
              <td class="num">{r.statements}</td>
              <td class="num">{formatCents(r.amount_due_cents)}</td>
              <td>{stampIn(zone, r.started_at)}</td>
              <td class="row-actions">
                {r.statements > 0 && (
                  <button type="button" onClick={() => onOpen(r)} aria-label={`Statements of run ${r.id}`}>
                    Statements
                  </button>
                )}
                {r.statements > 0 && (
                  <a href={vendorCsvHref(r.id)} download aria-label={`Vendor CSV of run ${r.id}`}>
                    Vendor CSV
                  </a>
                )}
                {r.status !== "done" && (
                  <button type="button" disabled={resuming} onClick={() => void resume(r)}>
                    Resume run {r.id}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {page && (at > 0 || page.next_cursor) && (
        <div class="pager" role="group" aria-label="Pages of statement runs">
          <button type="button" disabled={at === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
          <span>Page {at + 1}</span>
          <button
            type="button"
            disabled={!page.next_cursor}
            onClick={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
          >
            Older
          </button>
        </div>
      )}
      <p class="muted small">
        Statements opens an earlier run&apos;s statements with their PDFs; each account&apos;s statement history is on
        its account (Billing → Accounts).
      </p>
    </section>
  );
}
