// SPDX-License-Identifier: AGPL-3.0-or-later
// Statements (statement.run): run a batch with its options, see what it made (each statement's
// PDF and the vendor's CSV), and the runs so far with Resume for one that stopped. An account's
// statement history is on the account screen (account_statements.tsx).
import { useState } from "preact/hooks";
import { formatCents } from "../components";
import { useApp } from "../state";
import { StatementRunForm } from "./statement_run_form";
import { StatementRunResult } from "./statement_run_result";
import { StatementRuns } from "./statement_runs";
import type { RunResult } from "./statement_types";

export function StatementsScreen() {
  const { flash } = useApp();
  const [result, setResult] = useState<RunResult | null>(null);
  const [listKey, setListKey] = useState(0);

  const ran = (r: RunResult) => {
    setResult(r);
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
      {result && <StatementRunResult result={result} />}
      <StatementRuns key={listKey} onRun={ran} />
    </>
  );
}
