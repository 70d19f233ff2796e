// SPDX-License-Identifier: AGPL-3.0-or-later
// The balance a patient's guarantor owes, for the check-in dialog and the patient page: what the
// patient side owes net of credit, what the insurance still owes, and a link to the account's
// ledger. Read with billing.read; a role without it sees nothing, and a failure never blocks the
// desk (it shows as "not available").
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { formatCents } from "../components";
import { linkClick } from "../router";
import { can, useApp } from "../state";
import type { Ledger } from "../types";

/** The patient's ledger head (balances only); null while loading, without billing.read, or
 * before the patient is known (patientId 0). */
export function useBalance(patientId: number, tick = 0): { ledger: Ledger | null; failed: boolean } {
  const { user } = useApp();
  const allowed = can(user, "billing.read");
  const [ledger, setLedger] = useState<Ledger | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!allowed || !patientId) return;
    const ctl = new AbortController();
    get<Ledger>(`/patients/${patientId}/ledger`, { limit: 1 }, ctl.signal)
      .then((l) => {
        setLedger(l);
        setFailed(false);
      })
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setFailed(true);
      });
    return () => ctl.abort();
  }, [patientId, tick, allowed]);
  return { ledger, failed };
}

/** "$45.00 due" with the insurance part and credit, as a definition for a facts list. */
export function BalanceDueText({ ledger, failed }: { ledger: Ledger | null; failed: boolean }) {
  if (failed) return <>Not available right now</>;
  if (!ledger) return <>…</>;
  const b = ledger.account?.balance;
  if (!ledger.account || !b) return <>{formatCents(0)} (not billed yet)</>;
  const parts: string[] = [];
  if (b.insurance_balance_cents) parts.push(`${formatCents(b.insurance_balance_cents)} with insurance`);
  if (b.credit_cents) parts.push(`${formatCents(b.credit_cents)} credit`);
  return (
    <>
      {b.patient_due_cents < 0
        ? `${formatCents(-b.patient_due_cents)} in credit`
        : `${formatCents(b.patient_due_cents)} due from the patient`}
      {parts.length ? ` (${parts.join(", ")})` : ""}
      {" · "}
      <a href={`/billing/accounts/${ledger.account.id}`} onClick={linkClick}>
        Account ledger<span class="sr-only"> of {ledger.account.display_name}</span>
      </a>
    </>
  );
}
