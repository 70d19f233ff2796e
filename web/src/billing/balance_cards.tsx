// SPDX-License-Identifier: AGPL-3.0-or-later
// An account's balances by who owes them: the patient side, each insurance, the credit, and
// what the guarantor owes net of credit. Each is a button that narrows the ledger below to the
// entries that make it up.
import { formatCents } from "../components";
import type { AccountBalance, LedgerEntry } from "../types";
import type { Drill } from "./ledger_math";

function placeTotals(entries: LedgerEntry[]) {
  const t = { primary: 0, secondary: 0, tertiary: 0 };
  for (const e of entries) {
    t.primary += e.effect.primary_cents;
    t.secondary += e.effect.secondary_cents;
    t.tertiary += e.effect.tertiary_cents;
  }
  return t;
}

export function BalanceCards(p: {
  balance: AccountBalance;
  entries: LedgerEntry[];
  complete: boolean;
  drill: Drill;
  setDrill: (d: Drill) => void;
}) {
  const b = p.balance;
  const places = p.complete ? placeTotals(p.entries) : null;
  const split = places
    ? (["primary", "secondary", "tertiary"] as const)
        .filter((k) => places[k] !== 0)
        .map((k) => `${k} ${formatCents(places[k])}`)
        .join(" · ")
    : "";
  const card = (by: "patient" | "insurance" | "credit" | "due", label: string, cents: number, note: string) => (
    <li>
      <button
        type="button"
        class="balance-card"
        aria-pressed={p.drill.by === by}
        data-testid={`balance-${by}`}
        onClick={() => p.setDrill({ by })}
      >
        <span class="balance-label">{label}</span>
        <strong class="balance-amount">{formatCents(cents)}</strong>
        {note && <span class="balance-note">{note}</span>}
      </button>
    </li>
  );
  return (
    <ul class="balance-cards" aria-label="Balances (each shows its entries)">
      {card(
        "due",
        b.patient_due_cents < 0 ? "In credit" : "Due from the guarantor",
        Math.abs(b.patient_due_cents),
        "patient owes minus credit",
      )}
      {card("patient", "Patient owes", b.patient_balance_cents, "on charges")}
      {card("insurance", "Insurance owes", b.insurance_balance_cents, split)}
      {card("credit", "Credit", b.credit_cents, "paid, not yet applied")}
    </ul>
  );
}
