// SPDX-License-Identifier: AGPL-3.0-or-later
// One guarantor account: who it pays for, its balances by who owes them (each opens the entries
// that make it up), and every ledger entry; take a payment or prepayment, apply credit, refund,
// reverse, and open receipts; below, the statements mailed to it. What a role may not do is not
// offered (the server checks anyway).
import { useEffect, useLayoutEffect, useMemo, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, Spinner } from "../components";
import { linkClick } from "../router";
import { can, useApp, useLocationInfo } from "../state";
import type { GuarantorAccount, LedgerEntry } from "../types";
import { AccountStatements } from "./account_statements";
import { AllocateDialog } from "./allocate_dialog";
import { BalanceCards } from "./balance_cards";
import { type Drill, lineBalances } from "./ledger_math";
import { type EntryAction, LedgerTable } from "./ledger_table";
import { PaymentDialog } from "./payment_dialog";
import { RefundDialog } from "./refund_dialog";
import { ReverseDialog } from "./reverse_dialog";
import { LEDGER_CAP, useLedger } from "./use_ledger";

type Open = { what: "pay" } | { what: "allocate" } | EntryAction | null;

export function AccountScreen({ id }: { id: number }) {
  const { user, flash } = useApp();
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const [tick, setTick] = useState(0);
  const [account, setAccount] = useState<GuarantorAccount | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<Drill>({ by: "all" });
  const [open, setOpen] = useState<Open>(null);
  const ledger = useLedger(id, tick);
  const mayPost = can(user, "billing.post");
  const mayCollect = can(user, "payment.collect");

  useEffect(() => {
    get<GuarantorAccount>(`/accounts/${id}`)
      .then(setAccount)
      .catch((e) => setError((e as Error).message));
  }, [id, tick]);
  useEffect(() => setDrill({ by: "all" }), [id]);

  // "Renders within 100 ms of data arrival": from the last page of entries to the frame painted
  // (bench/ui_ledger.mjs reads "ledger-render").
  useLayoutEffect(() => {
    const t0 = ledger.arrivedAt.current;
    if (!ledger.complete || !t0) return;
    ledger.arrivedAt.current = 0;
    performance.measure("ledger-commit", { start: t0, end: performance.now() });
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure("ledger-render", { start: t0, end: performance.now() }), 0),
    );
  }, [ledger.entries, ledger.complete]);

  const names = useMemo(() => {
    const m = new Map<number, string>();
    for (const p of account?.members ?? []) m.set(p.patient_id, `${p.family_name}, ${p.given_name}`);
    return m;
  }, [account]);
  const patientName = (pid: number) => names.get(pid) ?? `Patient ${pid}`;
  const owed = useMemo(() => lineBalances(ledger.entries).filter((l) => l.patientCents > 0), [ledger.entries]);

  const done = (message: string) => {
    setOpen(null);
    flash(message);
    setTick((t) => t + 1);
  };

  if (error) return <Alert>{error}</Alert>;
  if (!account || !ledger.head) return ledger.error ? <Alert>{ledger.error}</Alert> : <Spinner />;
  const balance = ledger.head.account?.balance ?? account.balance;
  const members = account.members ?? [];
  return (
    <section aria-labelledby="account-h" data-account={account.id}>
      <div class="toolbar">
        <h2 id="account-h">
          {account.display_name} <span class="muted small">· account {account.id}</span>
        </h2>
        <div class="toolbar-controls">
          {mayCollect && members.length > 0 && (
            <button type="button" class="primary" onClick={() => setOpen({ what: "pay" })}>
              Take a payment
            </button>
          )}
          {mayPost && (balance?.credit_cents ?? 0) > 0 && (
            <button type="button" onClick={() => setOpen({ what: "allocate" })}>
              Apply credit
            </button>
          )}
        </div>
      </div>
      <p>
        Pays for{" "}
        {members.map((m, i) => (
          <span key={m.patient_id}>
            {i > 0 && ", "}
            <a href={`/patients/${m.patient_id}`} onClick={linkClick}>
              {m.family_name}, {m.given_name}
            </a>{" "}
            <span class="muted small">({m.mrn})</span>
          </span>
        ))}
        {members.length === 0 && "nobody now"}.
      </p>
      {balance && (
        <BalanceCards
          balance={balance}
          entries={ledger.entries}
          complete={ledger.complete}
          drill={drill}
          setDrill={setDrill}
        />
      )}
      {ledger.error && <Alert>{ledger.error}</Alert>}
      {ledger.capped && (
        <Alert kind="info">
          This account has more than {LEDGER_CAP.toLocaleString("en-US")} entries: the newest are shown, and the sums
          cover them only. The reports give the whole ledger.
        </Alert>
      )}
      <LedgerTable
        entries={ledger.entries}
        complete={ledger.complete}
        drill={drill}
        setDrill={setDrill}
        patientName={patientName}
        showPatient={members.length > 1 || ledger.entries.some((e) => !names.has(e.patient_id))}
        zone={zone}
        receipts={mayCollect}
        post={mayPost}
        onAction={setOpen}
      />
      <AccountStatements accountId={account.id} />
      {open?.what === "pay" && (
        <PaymentDialog
          patients={members.map((m) => ({ id: m.patient_id, name: `${m.family_name}, ${m.given_name}` }))}
          onTaken={() => setTick((t) => t + 1)}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.what === "allocate" && (
        <AllocateDialog
          accountId={account.id}
          creditCents={balance?.credit_cents ?? 0}
          lines={owed}
          patientName={patientName}
          onDone={done}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.what === "refund" && (
        <RefundDialog paymentId={paymentOf(open.entry)} onDone={done} onClose={() => setOpen(null)} />
      )}
      {(open?.what === "reverse-payment" || open?.what === "reverse-entry") && (
        <ReverseDialog
          entry={open.entry}
          payment={open.what === "reverse-payment"}
          onDone={done}
          onClose={() => setOpen(null)}
        />
      )}
    </section>
  );
}

function paymentOf(e: LedgerEntry): number {
  return e.payment_id ?? 0;
}
