// SPDX-License-Identifier: AGPL-3.0-or-later
// Check-in: confirm demographics and coverage, take the co-pay, print the receipt.
import { useEffect, useState } from "preact/hooks";
import { call, get } from "../api";
import { BalanceDueText, useBalance } from "../billing/balance_due";
import {
  dateTimeIn,
  Dialog,
  FormActions,
  formatCents,
  FormProblem,
  localParts,
  noProblems,
  parseDollars,
  personName,
  problemsOf,
  PaymentFields,
  Spinner,
  useAction,
} from "../components";
import { can, useApp } from "../state";
import type { Appointment, Coverage, Patient, Payment } from "../types";
import { EligibilityCheck } from "./eligibility_check";

interface CheckInSummary {
  appointment: Appointment;
  patient: Patient;
  primary_coverage: Coverage | null;
  payer_name: string | null;
  copay_due_cents: number;
  copay_paid_cents: number;
  payments: Payment[];
}

/** Check-in: confirm demographics and coverage, take the co-pay, print the receipt. */
export function CheckInDialog({
  appointmentId,
  onDone,
  onClose,
}: {
  appointmentId: number;
  onDone: () => void;
  onClose: () => void;
}) {
  const { ref, flash, user } = useApp();
  // Taking money needs payment.collect (front desk, biller, manager); a clinician checks in only.
  const takesPayment = can(user, "payment.collect");
  const [s, setS] = useState<CheckInSummary | null>(null);
  // What the account owes besides today's co-pay (billing.read). Not needed to check in: a
  // failure only says so.
  const showsBalance = can(user, "billing.read");
  const balance = useBalance(s?.patient.id ?? 0);
  const [demo, setDemo] = useState(false);
  const [cov, setCov] = useState(false);
  const [amount, setAmount] = useState("");
  const [method, setMethod] = useState("card");
  const [reference, setReference] = useState("");
  const [problems, setProblems] = useState(noProblems);
  const [receipt, setReceipt] = useState<Payment | null>(null);
  const load = () =>
    get<CheckInSummary>(`/appointments/${appointmentId}/check-in`).then((x) => {
      setS(x);
      const due = Math.max(0, x.copay_due_cents - x.copay_paid_cents);
      setAmount(due ? (due / 100).toFixed(2) : "");
    });
  useEffect(() => {
    load().catch((e) => setProblems(problemsOf(e, [])));
  }, [appointmentId]);

  const [submit, busy] = useAction(async () => {
    if (!s) return;
    setProblems(noProblems);
    const body: Record<string, unknown> = { demographics_confirmed: demo, coverage_confirmed: cov };
    if (takesPayment && amount.trim()) {
      const cents = parseDollars(amount);
      if (cents === null) {
        setProblems({ byField: { "copay.amount_cents": "Enter an amount such as 25.00" }, other: null, status: 422 });
        return;
      }
      if (cents > 0)
        body.copay = { amount_cents: cents, method, ...(reference.trim() ? { reference: reference.trim() } : {}) };
    }
    try {
      const r = await call<Appointment & { payment?: Payment | null }>(
        "POST",
        `/appointments/${appointmentId}/check-in`,
        { body, ifMatch: s.appointment.version },
      );
      flash(`${personName(s.patient)} is checked in`);
      if (r.data.payment) setReceipt(r.data.payment);
      else onDone();
    } catch (e) {
      setProblems(
        problemsOf(e, [
          "demographics_confirmed",
          "coverage_confirmed",
          "copay.amount_cents",
          "copay.method",
          "copay.reference",
        ]),
      );
    }
  });

  if (receipt && s) {
    const loc = ref.locations.find((l) => l.id === s.appointment.location_id);
    return (
      <Dialog title="Receipt" onClose={onDone}>
        <section class="receipt" aria-label="Receipt" data-testid="receipt">
          <h3>{loc?.name}</h3>
          <p class="muted">
            {loc?.address.line1}, {loc?.address.city}, {loc?.address.state} {loc?.address.postal_code}
          </p>
          <dl class="facts">
            <dt>Receipt</dt>
            <dd>{receipt.receipt_number}</dd>
            <dt>Patient</dt>
            <dd>{personName(s.patient)}</dd>
            <dt>Received</dt>
            <dd>{dateTimeIn(loc?.time_zone ?? "UTC", receipt.received_at)}</dd>
            <dt>Co-pay</dt>
            <dd>{formatCents(receipt.amount_cents)}</dd>
            <dt>Paid by</dt>
            <dd>
              {receipt.method}
              {receipt.reference
                ? receipt.method === "card" && /^\d{4}$/.test(receipt.reference)
                  ? ` ending ${receipt.reference}`
                  : ` ref. ${receipt.reference}`
                : ""}
            </dd>
          </dl>
        </section>
        <div class="actions no-print">
          <button type="button" onClick={() => window.print()}>
            Print receipt
          </button>
          <a class="button" href={`/api/v1/payments/${receipt.id}/receipt.pdf`} target="_blank" rel="noopener">
            PDF receipt
          </a>
          <button type="button" class="primary" onClick={onDone}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Check in" onClose={onClose} wide>
      {!s ? (
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
        >
          <h3>{personName(s.patient)}</h3>
          <dl class="facts">
            <dt>Birth date</dt>
            <dd>{s.patient.birth_date}</dd>
            <dt>Phone</dt>
            <dd>{s.patient.phone ?? "none"}</dd>
            <dt>Address</dt>
            <dd>
              {s.patient.address
                ? `${s.patient.address.line1}, ${s.patient.address.city}, ${s.patient.address.state} ${s.patient.address.postal_code}`
                : "none"}
            </dd>
            <dt>Insurance</dt>
            <dd>
              {s.primary_coverage
                ? `${s.payer_name ?? "Payer"} · member ${s.primary_coverage.member_id}${s.primary_coverage.group_number ? ` · group ${s.primary_coverage.group_number}` : ""}`
                : "Self-pay (no coverage in force on the visit date)"}
              {s.primary_coverage && (
                <EligibilityCheck
                  coverageId={s.primary_coverage.id}
                  serviceDate={
                    localParts(
                      ref.locations.find((l) => l.id === s.appointment.location_id)?.time_zone ?? "UTC",
                      s.appointment.start,
                    )[0]
                  }
                  providerId={s.appointment.provider_id}
                  label={s.payer_name ?? "the insurance"}
                  onCopay={takesPayment ? (c) => setAmount((c / 100).toFixed(2)) : undefined}
                />
              )}
            </dd>
            <dt>Co-pay due</dt>
            <dd data-testid="copay-due">
              {formatCents(s.copay_due_cents)}
              {s.copay_paid_cents ? ` (${formatCents(s.copay_paid_cents)} already paid)` : ""}
            </dd>
            {showsBalance && (
              <>
                <dt>Account balance</dt>
                <dd data-testid="balance-due">
                  <BalanceDueText {...balance} />
                </dd>
              </>
            )}
          </dl>
          <div class="checks">
            <label>
              <input
                type="checkbox"
                checked={demo}
                onChange={(e) => setDemo((e.currentTarget as HTMLInputElement).checked)}
              />{" "}
              Demographics confirmed with the patient
            </label>
            {s.primary_coverage && (
              <label>
                <input
                  type="checkbox"
                  checked={cov}
                  onChange={(e) => setCov((e.currentTarget as HTMLInputElement).checked)}
                />{" "}
                Insurance card seen
              </label>
            )}
          </div>
          {takesPayment && (
            <fieldset>
              <legend>Co-pay</legend>
              <PaymentFields
                amount={amount}
                setAmount={setAmount}
                method={method}
                setMethod={setMethod}
                reference={reference}
                setReference={setReference}
                cardMaxLength={4}
                errors={{
                  amount: problems.byField["copay.amount_cents"],
                  method: problems.byField["copay.method"],
                  reference: problems.byField["copay.reference"],
                }}
              />
            </fieldset>
          )}
          <FormProblem problems={problems} onReload={() => void load().then(() => setProblems(noProblems))} />
          <FormActions onCancel={onClose} cancel="Back" submit="Check in" busy={busy} />
        </form>
      )}
    </Dialog>
  );
}
