// SPDX-License-Identifier: AGPL-3.0-or-later
// What a statement run made: the run's figures, whether this call made them, resumed a stopped
// run or found the cycle already mailed, every statement of the run (50 to a page) with its PDF,
// and the vendor's CSV. The heading takes the focus when the result arrives. An earlier run
// (`earlier`, chosen in the list of runs) shows its statements a page at a time from the server.
import { useEffect, useRef, useState } from "preact/hooks";
import { Alert, formatCents, Pager, stampIn } from "../components";
import { useLocationInfo } from "../state";
import { RunStatementPages } from "./statement_run_pages";
import { StatementTable } from "./statement_table";
import { cycleLabel, type RunResult, vendorCsvHref } from "./statement_types";

const PAGE = 50;

export function StatementRunResult({ result, earlier }: { result: RunResult; earlier?: boolean }) {
  const { run, statements } = result;
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const [page, setPage] = useState(0);
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    setPage(0);
    head.current?.focus();
  }, [result]);

  const what = earlier
    ? `Run started ${stampIn(zone, run.started_at)}.`
    : result.already_done
      ? "This cycle was mailed before: nothing new was made."
      : result.resumed
        ? `A run of this cycle had stopped: it carried on and made ${result.made_now} more.`
        : `${result.made_now} ${result.made_now === 1 ? "statement was" : "statements were"} made now.`;
  return (
    <section aria-labelledby="run-result-h" class="panel" data-run={run.id}>
      <div class="toolbar">
        <h2 id="run-result-h" ref={head} tabIndex={-1}>
          Run {run.id}: {run.statements} {run.statements === 1 ? "statement" : "statements"},{" "}
          {formatCents(run.amount_due_cents)} due
        </h2>
        {run.statements > 0 && (
          <a class="button" href={vendorCsvHref(run.id)} download>
            Download the vendor file (CSV)
          </a>
        )}
      </div>
      <p data-testid="run-summary">
        {cycleLabel(run.cycle_day)} · cycle {run.cycle_key} · dated {run.statement_date} · minimum balance{" "}
        {formatCents(run.min_balance_cents)}. {what}
      </p>
      {run.status !== "done" && (
        <Alert kind="info">
          The run is {run.status} ({run.accounts_done} of {run.accounts_total} accounts). Run the same cycle again to
          finish it.
        </Alert>
      )}
      {earlier ? (
        run.statements > 0 ? (
          <RunStatementPages key={run.id} runId={run.id} />
        ) : (
          <p>This run made no statements.</p>
        )
      ) : statements.length === 0 ? (
        <p>No account owes enough for a statement in this cycle.</p>
      ) : (
        <>
          <StatementTable
            statements={statements.slice(page * PAGE, (page + 1) * PAGE)}
            caption={`Statements of run ${run.id}`}
            withAccount
          />
          <Pager page={page} pageSize={PAGE} total={statements.length} noun="statements" onPage={setPage} />
        </>
      )}
    </section>
  );
}
