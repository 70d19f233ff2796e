// SPDX-License-Identifier: AGPL-3.0-or-later
// Undo an entry (billing.post). The ledger is insert-only: a reversal is a new entry with the
// exact opposite effect. A patient payment is reversed whole (a bounced check, a payment keyed
// twice): its allocations first, then the payment; any other entry by itself.
import { useState } from "preact/hooks";
import { call } from "../api";
import {
  Dialog,
  FormActions,
  FormProblem,
  formatCents,
  noProblems,
  problemsOf,
  TextField,
  useAction,
} from "../components";
import type { LedgerEntry } from "../types";
import { kindLabels } from "./ledger_math";

export function ReverseDialog({
  entry,
  payment,
  onDone,
  onClose,
}: {
  entry: LedgerEntry;
  /** Reverse the whole payment of a patient_payment entry. */
  payment: boolean;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState(noProblems);
  const [submit, busy] = useAction(async () => {
    setProblems(noProblems);
    const why = reason.trim() ? { reason: reason.trim() } : {};
    try {
      if (payment) await call("POST", `/payments/${entry.payment_id}/reverse`, { body: why });
      else await call("POST", "/ledger/entries", { body: { kind: "reversal", reverses: entry.id, ...why } });
      onDone(payment ? `Payment ${entry.payment_id} reversed` : `Entry ${entry.id} reversed`);
    } catch (e) {
      setProblems(problemsOf(e, ["reason"]));
    }
  });
  return (
    <Dialog title={payment ? "Reverse a payment" : "Reverse an entry"} onClose={onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <p>
          {payment
            ? `Payment ${entry.payment_id} of ${formatCents(entry.amount_cents)} will be undone with what it paid: the lines it paid are owed again. Its receipt stays on file.`
            : `${kindLabels[entry.kind]} ${formatCents(entry.amount_cents)} (entry ${entry.id}) will be undone by an entry with the opposite effect; both stay in the ledger.`}
        </p>
        <TextField
          label="Reason"
          value={reason}
          onInput={setReason}
          maxLength={200}
          hint={payment ? "Such as: check returned unpaid (NSF)" : "Such as: wrong adjustment code"}
          error={problems.byField.reason}
          autoFocus
        />
        <FormProblem problems={problems} />
        <FormActions onCancel={onClose} cancel="Cancel" submit="Reverse" busy={busy} danger />
      </form>
    </Dialog>
  );
}
