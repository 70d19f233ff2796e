// SPDX-License-Identifier: AGPL-3.0-or-later
// The balance panel of a patient's page (billing.read): what the account owes, a link to its
// ledger, and taking a payment for the patient (payment.collect), which also opens the account
// of a patient never billed.
import { useState } from "preact/hooks";
import { personName } from "../components";
import { can, useApp } from "../state";
import type { Patient } from "../types";
import { BalanceDueText, useBalance } from "./balance_due";
import { PaymentDialog } from "./payment_dialog";

export function PatientBalance({ patient }: { patient: Patient }) {
  const { user } = useApp();
  const [tick, setTick] = useState(0);
  const [paying, setPaying] = useState(false);
  const balance = useBalance(patient.id, tick);
  if (!can(user, "billing.read")) return null;
  return (
    <section class="panel" aria-labelledby="balance-h">
      <div class="toolbar">
        <h2 id="balance-h">Balance</h2>
        {can(user, "payment.collect") && (
          <button type="button" onClick={() => setPaying(true)}>
            Take a payment
          </button>
        )}
      </div>
      <p data-testid="patient-balance">
        <BalanceDueText {...balance} />
      </p>
      {paying && (
        <PaymentDialog
          patients={[{ id: patient.id, name: personName(patient) }]}
          onTaken={() => setTick((t) => t + 1)}
          onClose={() => setPaying(false)}
        />
      )}
    </section>
  );
}
