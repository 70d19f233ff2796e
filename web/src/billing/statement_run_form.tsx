// SPDX-License-Identifier: AGPL-3.0-or-later
// The options of a statement run: which cycle (one cycle day, or every account), the smallest
// balance worth a statement, and the statement date (today unless a past date is chosen). A
// mistake is named beside its field, before sending or by the server.
import { useState } from "preact/hooks";
import { post } from "../api";
import {
  FormProblem,
  noProblems,
  parseDollars,
  type Problems,
  problemsOf,
  SelectField,
  TextField,
  todayIn,
  useAction,
} from "../components";
import { useLocationInfo } from "../state";
import type { RunRequest, RunResult } from "./statement_types";

const fields = ["cycle_day", "min_balance_cents", "statement_date"];

export function StatementRunForm({ onRun }: { onRun: (r: RunResult) => void }) {
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const today = todayIn(zone);
  const [cycle, setCycle] = useState("");
  const [minBalance, setMinBalance] = useState("0.00");
  const [date, setDate] = useState(today);
  const [problems, setProblems] = useState<Problems>(noProblems);

  const [run, busy] = useAction(async () => {
    const byField: Record<string, string> = {};
    const min = minBalance.trim() === "" ? 0 : parseDollars(minBalance);
    if (min === null) byField.min_balance_cents = "Minimum balance: enter dollars and cents, such as 5.00";
    if (date && date > today) byField.statement_date = `Statement date: cannot be after today (${today})`;
    if (Object.keys(byField).length) {
      setProblems({ byField, other: null, status: 0 });
      return;
    }
    const body: RunRequest = { min_balance_cents: min ?? 0 };
    if (cycle) body.cycle_day = Number(cycle);
    if (date) body.statement_date = date;
    try {
      const result = await post<RunResult>("/statement-runs", body);
      setProblems(noProblems);
      onRun(result);
    } catch (e) {
      setProblems(problemsOf(e, fields));
    }
  });

  return (
    <form
      aria-labelledby="run-h"
      class="panel"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
    >
      <h2 id="run-h">Run statements</h2>
      <p class="muted small">
        One statement per guarantor account that owes at least the minimum; an account whose lines all wait on insurance
        gets none. A cycle is mailed once: running it again makes nothing new, and a run that stopped carries on where
        it got to.
      </p>
      <div class="grid3">
        <SelectField
          label="Cycle"
          value={cycle}
          onChange={setCycle}
          placeholder="Every account"
          options={Array.from({ length: 28 }, (_, i) => ({ value: String(i + 1), label: `Cycle day ${i + 1}` }))}
          error={problems.byField.cycle_day}
        />
        <TextField
          label="Minimum balance ($)"
          value={minBalance}
          onInput={setMinBalance}
          inputMode="decimal"
          error={problems.byField.min_balance_cents}
        />
        <TextField
          label="Statement date"
          type="date"
          value={date}
          onInput={setDate}
          error={problems.byField.statement_date}
          hint="Dates the statements and chooses the cycle's month."
        />
      </div>
      <FormProblem problems={problems} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Running…" : "Run statements"}
        </button>
      </div>
    </form>
  );
}
