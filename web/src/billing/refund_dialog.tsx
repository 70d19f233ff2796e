// SPDX-License-Identifier: AGPL-3.0-or-later
// Give back credit from the payment it came from (billing.post), up to what the payment has not
// applied to charges; the amount is typed in dollars and sent as integer cents.
import { useEffect, useState } from "preact/hooks";
import { call, get, newKey } from "../api";
import {
  Dialog,
  FormActions,
  FormProblem,
  formatCents,
  noProblems,
  parseDollars,
  problemsOf,
  Spinner,
  TextField,
  useAction,
} from "../components";
import type { Payment } from "../types";

export function RefundDialog({
  paymentId,
  onDone,
  onClose,
}: {
  paymentId: number;
  onDone: (message: string) => void;
  onClose: () => void;
}) {
  const [payment, setPayment] = useState<Payment | null>(null);
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [problems, setProblems] = useState(noProblems);
  // One key per dialog: a retried refund gives the money back once.
  const [key] = useState(newKey);
  useEffect(() => {
    get<Payment>(`/payments/${paymentId}`)
      .then((p) => {
        setPayment(p);
        setAmount(((p.unallocated_cents ?? 0) / 100).toFixed(2));
      })
      .catch((e) => setProblems(problemsOf(e, [])));
  }, [paymentId]);

  const [submit, busy] = useAction(async () => {
    setProblems(noProblems);
    const cents = parseDollars(amount);
    if (cents === null || cents === 0) {
      setProblems({
        byField: { amount_cents: "Amount: enter dollars and cents, such as 25.00" },
        other: null,
        status: 422,
      });
      return;
    }
    try {
      await call("POST", `/payments/${paymentId}/refund`, {
        body: { amount_cents: cents, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        idempotencyKey: key,
      });
      onDone(`Refunded ${formatCents(cents)} of ${payment?.receipt_number ?? "the payment"}`);
    } catch (e) {
      setProblems(problemsOf(e, ["amount_cents", "reason"]));
    }
  });

  return (
    <Dialog title="Refund a payment" onClose={onClose}>
      {!payment ? (
        problems.other ? (
          <FormProblem problems={problems} />
        ) : (
          <Spinner />
        )
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          noValidate
        >
          <p>
            Payment {payment.receipt_number} of {formatCents(payment.amount_cents)}:{" "}
            <strong data-testid="refundable">{formatCents(payment.unallocated_cents ?? 0)}</strong> not applied to
            charges can be given back.
          </p>
          <TextField
            label="Refund amount ($)"
            value={amount}
            onInput={setAmount}
            inputMode="decimal"
            error={problems.byField.amount_cents}
            autoFocus
          />
          <TextField
            label="Reason"
            value={reason}
            onInput={setReason}
            maxLength={200}
            hint="Such as: overpayment returned, check 5120"
            error={problems.byField.reason}
          />
          <FormProblem problems={problems} />
          <FormActions onCancel={onClose} cancel="Cancel" submit="Refund" busy={busy} danger />
        </form>
      )}
    </Dialog>
  );
}
