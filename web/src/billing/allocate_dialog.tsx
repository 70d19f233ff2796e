// SPDX-License-Identifier: AGPL-3.0-or-later
// Apply the account's credit to what the patient owes (billing.post): oldest charges first, or
// an amount to one charge line chosen by hand.
import { useState } from "preact/hooks";
import { call } from "../api";
import {
  Dialog,
  FormActions,
  FormProblem,
  formatCents,
  noProblems,
  parseDollars,
  problemsOf,
  SelectField,
  TextField,
  useAction,
} from "../components";
import type { OpenLine } from "./ledger_math";

const lineField = "allocations[0].line_id";
const amountField = "allocations[0].amount_cents";

export function AllocateDialog(p: {
  accountId: number;
  creditCents: number;
  /** The lines the patient owes on. */
  lines: OpenLine[];
  patientName: (id: number) => string;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [how, setHow] = useState<"oldest" | "line">("oldest");
  const [lineId, setLineId] = useState(String(p.lines[0]?.lineId ?? ""));
  const line = p.lines.find((l) => String(l.lineId) === lineId);
  const [amount, setAmount] = useState(line ? (Math.min(line.patientCents, p.creditCents) / 100).toFixed(2) : "");
  const [problems, setProblems] = useState(noProblems);
  const [submit, busy] = useAction(async () => {
    setProblems(noProblems);
    let body: unknown = undefined;
    if (how === "line") {
      const cents = parseDollars(amount);
      const mine: Record<string, string> = {};
      if (!line) mine[lineField] = "Charge line: choose the line to pay";
      if (cents === null || cents === 0) mine[amountField] = "Amount: enter dollars and cents, such as 25.00";
      if (Object.keys(mine).length) {
        setProblems({ byField: mine, other: null, status: 422 });
        return;
      }
      body = { allocations: [{ line_id: Number(lineId), amount_cents: cents }] };
    }
    try {
      const r = await call<{ entries: { amount_cents: number }[] }>("POST", `/accounts/${p.accountId}/allocate`, {
        body,
      });
      const total = r.data.entries.reduce((s, e) => s + e.amount_cents, 0);
      p.onDone(total ? `Applied ${formatCents(total)} of credit` : "Nothing to apply: no line is owed by the patient");
    } catch (e) {
      setProblems(problemsOf(e, [lineField, amountField]));
    }
  });
  return (
    <Dialog title="Apply credit" onClose={p.onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <p>
          The account has <strong>{formatCents(p.creditCents)}</strong> of credit.
        </p>
        <SelectField
          label="Apply it"
          value={how}
          onChange={(v) => setHow(v as "oldest" | "line")}
          options={[
            { value: "oldest", label: "To the oldest charges first" },
            { value: "line", label: "To one charge line" },
          ]}
        />
        {how === "line" && (
          <div class="grid2">
            <SelectField
              label="Charge line"
              value={lineId}
              onChange={setLineId}
              options={p.lines.map((l) => ({
                value: String(l.lineId),
                label: `Line ${l.lineId} · ${p.patientName(l.patientId)} · ${formatCents(l.patientCents)} owed`,
              }))}
              error={problems.byField[lineField]}
            />
            <TextField
              label="Amount ($)"
              value={amount}
              onInput={setAmount}
              inputMode="decimal"
              error={problems.byField[amountField]}
            />
          </div>
        )}
        <FormProblem problems={problems} />
        <FormActions onCancel={p.onClose} cancel="Cancel" submit="Apply" busy={busy} />
      </form>
    </Dialog>
  );
}
