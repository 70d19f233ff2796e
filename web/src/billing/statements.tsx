// SPDX-License-Identifier: AGPL-3.0-or-later
// Statements (statement.run): run a batch with its options, see what it made (each statement's
// PDF and the vendor's CSV), and the runs so far with Resume for one that stopped and each
// earlier run's statements. An account's statement history is on the account screen
// (account_statements.tsx).
import { useState } from "preact/hooks";
import { formatCents } from "../components";
import { useApp } from "../state";
import { StatementRunForm } from "./statement_run_form";
import { StatementRunResult } from "./statement_run_result";
import { StatementRuns } from "./statement_runs";
import type { RunResult, StatementRun } from "./statement_types";

export function StatementsScreen() {
  const { flash } = useApp();
  const [result, setResult] = useState<RunResult | null>(null);
  /** The result shown is an earlier run opened from the list (its statements come page by page). */
  const [earlier, setEarlier] = useState(false);
  const [listKey, setListKey] = useState(0);

  const open = (run: StatementRun) => {
    setResult({ run, resumed: false, already_done: true, made_now: 0, statements: [] });
    setEarlier(true);
  };

  const ran = (r: RunResult) => {
    setResult(r);
    setEarlier(false);
    setListKey((k) => k + 1);
    flash(
      r.already_done
        ? `Cycle ${r.run.cycle_key} was mailed before: nothing new`
        : `Run ${r.run.id}: ${r.made_now} new ${r.made_now === 1 ? "statement" : "statements"}, ${formatCents(r.run.amount_due_cents)} due in all`,
    );
  };

  return (
    <>
      <StatementRunForm onRun={ran} />
      {result && <StatementRunResult result={result} earlier={earlier} />}
      <StatementRuns key={listKey} onRun={ran} onOpen={open} />
    </>
  );
}
