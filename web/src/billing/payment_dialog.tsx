// SPDX-License-Identifier: AGPL-3.0-or-later
// Take a payment for an account (payment.collect): on the balance (it pays the oldest charges
// first, the rest stays as credit) or as a prepayment (all of it stays as credit). The amount is
// typed in dollars and sent as integer cents; then the receipt, with its PDF.
import { useState } from "preact/hooks";
import { call, newKey } from "../api";
import {
  Dialog,
  FormActions,
  FormProblem,
  formatCents,
  noProblems,
  parseDollars,
  PaymentFields,
  problemsOf,
  SelectField,
  useAction,
} from "../components";
import { useApp } from "../state";
import type { Payment } from "../types";

const fields = ["patient_id", "amount_cents", "method", "reference", "kind", "allocate"];

interface Props {
  /** Who the payment can be taken under (the account's patients). */
  patients: { id: number; name: string }[];
  patientId?: number;
  onTaken: (p: Payment) => void;
  onClose: () => void;
}

export function PaymentDialog(props: Props) {
  const { flash } = useApp();
  const [patientId, setPatientId] = useState(String(props.patientId ?? props.patients[0]?.id ?? ""));
  const [kind, setKind] = useState<"balance" | "prepayment">("balance");
  const [amount, setAmount] = useState("");
  const [method, setMethod] = useState("card");
  const [reference, setReference] = useState("");
  const [problems, setProblems] = useState(noProblems);
  // One key per dialog: pressing Take again after a lost answer takes the money once.
  const [key] = useState(newKey);
  const [taken, setTaken] = useState<Payment | null>(null);

  const [submit, busy] = useAction(async () => {
    setProblems(noProblems);
    const cents = parseDollars(amount);
    const mine: Record<string, string> = {};
    if (cents === null || cents === 0) mine.amount_cents = "Amount: enter dollars and cents, such as 25.00";
    if (method === "check" && !reference.trim()) mine.reference = "Check number: enter the number on the check";
    if (Object.keys(mine).length) {
      setProblems({ byField: mine, other: null, status: 422 });
      return;
    }
    const body: Record<string, unknown> = {
      patient_id: Number(patientId),
      amount_cents: cents,
      method,
      kind: "patient_payment",
      allocate: kind === "prepayment" ? "none" : "oldest_first",
    };
    if (reference.trim()) body.reference = reference.trim();
    try {
      const p = (await call<Payment>("POST", "/payments", { body, idempotencyKey: key })).data;
      flash(`Payment ${p.receipt_number} taken: ${formatCents(p.amount_cents)}`);
      setTaken(p);
      props.onTaken(p);
    } catch (e) {
      setProblems(problemsOf(e, fields));
    }
  });

  if (taken) {
    return (
      <Dialog title="Payment taken" onClose={props.onClose}>
        <dl class="facts" data-testid="payment-receipt">
          <dt>Receipt</dt>
          <dd>{taken.receipt_number}</dd>
          <dt>Amount</dt>
          <dd>{formatCents(taken.amount_cents)}</dd>
          <dt>Kept as credit</dt>
          <dd>{formatCents(taken.unallocated_cents ?? 0)}</dd>
        </dl>
        <div class="actions">
          <a class="button" href={`/api/v1/payments/${taken.id}/receipt.pdf`} target="_blank" rel="noopener">
            Open the receipt (PDF)
          </a>
          <button type="button" class="primary" onClick={props.onClose} autoFocus>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Take a payment" onClose={props.onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <div class="grid2">
          <SelectField
            label="Paid for"
            value={patientId}
            onChange={setPatientId}
            options={props.patients.map((p) => ({ value: String(p.id), label: p.name }))}
            error={problems.byField.patient_id}
          />
          <SelectField
            label="Apply it"
            value={kind}
            onChange={(v) => setKind(v as "balance" | "prepayment")}
            options={[
              { value: "balance", label: "To the balance (oldest charges first)" },
              { value: "prepayment", label: "Prepayment (keep it all as credit)" },
            ]}
            error={problems.byField.allocate ?? problems.byField.kind}
          />
        </div>
        <PaymentFields
          amount={amount}
          setAmount={setAmount}
          method={method}
          setMethod={setMethod}
          reference={reference}
          setReference={setReference}
          autoFocus
          errors={{
            amount: problems.byField.amount_cents,
            method: problems.byField.method,
            reference: problems.byField.reference,
          }}
        />
        <FormProblem problems={problems} />
        <FormActions onCancel={props.onClose} cancel="Cancel" submit="Take the payment" busy={busy} />
      </form>
    </Dialog>
  );
}
