// SPDX-License-Identifier: AGPL-3.0-or-later
// The entries of an account's ledger, newest first, 100 to a page (an account of thousands of
// entries renders one page), with what each changed; a line or payment link narrows the list to
// its entries. Page Up and Page Down turn pages while the table has focus.
import { useEffect, useMemo, useState } from "preact/hooks";
import { formatCents, formatChange, Pager, stampIn } from "../components";
import type { LedgerEntry } from "../types";
import {
  type Drill,
  drillSum,
  drillSumText,
  drillTitle,
  inDrill,
  insuranceChange,
  kindLabels,
  reversedIds,
} from "./ledger_math";

export const LEDGER_PAGE = 100;

/** What a row's buttons ask the screen to do. */
export type EntryAction = { what: "refund" | "reverse-payment" | "reverse-entry"; entry: LedgerEntry };

interface Props {
  entries: LedgerEntry[];
  complete: boolean;
  drill: Drill;
  setDrill: (d: Drill) => void;
  patientName: (id: number) => string;
  /** A column of whose line or payment each entry is (accounts paying for several patients). */
  showPatient: boolean;
  zone: string;
  /** payment.collect: the receipt links. */
  receipts: boolean;
  /** billing.post: refund and reverse. */
  post: boolean;
  onAction: (a: EntryAction) => void;
}

export function LedgerTable(p: Props) {
  const [page, setPage] = useState(0);
  const shown = useMemo(() => p.entries.filter((e) => inDrill(e, p.drill)), [p.entries, p.drill]);
  const reversed = useMemo(() => reversedIds(p.entries), [p.entries]);
  const sum = useMemo(() => drillSum(p.entries, p.drill), [p.entries, p.drill]);
  const pages = Math.max(1, Math.ceil(shown.length / LEDGER_PAGE));
  useEffect(() => setPage(0), [p.drill]);
  const at = Math.min(page, pages - 1);
  const rows = shown.slice(at * LEDGER_PAGE, (at + 1) * LEDGER_PAGE);

  const onKey = (e: KeyboardEvent) => {
    const to = { PageUp: at - 1, PageDown: at + 1, Home: 0, End: pages - 1 }[e.key];
    if (to === undefined || e.target !== e.currentTarget) return;
    e.preventDefault();
    setPage(Math.max(0, Math.min(pages - 1, to)));
  };

  return (
    <section class="panel" aria-labelledby="ledger-h">
      <div class="toolbar">
        <h3 id="ledger-h">{drillTitle(p.drill)}</h3>
        {p.drill.by !== "all" && (
          <button type="button" onClick={() => p.setDrill({ by: "all" })}>
            Show every entry
          </button>
        )}
      </div>
      <p class="muted" data-testid="drill-sum" aria-live="polite">
        {shown.length.toLocaleString("en-US")} {shown.length === 1 ? "entry" : "entries"}.{" "}
        {p.complete ? drillSumText(p.drill, sum) : "Loading the older entries…"}
      </p>
      <div
        class="ledger-scroll"
        tabIndex={0}
        role="region"
        aria-label="Ledger entries (Page Up and Page Down change the page)"
        onKeyDown={onKey}
      >
        <table class="list ledger">
          <thead>
            <tr>
              <th scope="col">Posted</th>
              {p.showPatient && <th scope="col">Patient</th>}
              <th scope="col">Entry</th>
              <th scope="col">Line or payment</th>
              <th scope="col" class="num">
                Amount
              </th>
              <th scope="col" class="num">
                Insurance owes
              </th>
              <th scope="col" class="num">
                Patient owes
              </th>
              <th scope="col" class="num">
                Credit
              </th>
              <th scope="col">Note</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <Row key={e.id} e={e} reversed={reversed.has(e.id)} {...p} />
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={at} pageSize={LEDGER_PAGE} total={shown.length} noun="entries" onPage={setPage} />
    </section>
  );
}

function Row({ e, reversed, ...p }: Props & { e: LedgerEntry; reversed: boolean }) {
  const places = e.from && e.to ? ` (${e.from} → ${e.to})` : e.from ? ` (${e.from})` : e.to ? ` (to ${e.to})` : "";
  const payment = e.kind === "patient_payment" && e.payment_id !== null;
  const canReverse = p.post && !reversed && e.kind !== "reversal";
  return (
    <tr data-entry={e.id} data-kind={e.kind} class={reversed ? "muted" : ""}>
      <td>{stampIn(p.zone, e.posted_at)}</td>
      {p.showPatient && <td>{p.patientName(e.patient_id)}</td>}
      <td>
        {kindLabels[e.kind]}
        {places}
        {reversed && <span class="small"> · reversed</span>}
      </td>
      <td>
        {e.line_id !== null ? (
          <button type="button" class="link" onClick={() => p.setDrill({ by: "line", id: e.line_id! })}>
            Line {e.line_id}
          </button>
        ) : e.payment_id !== null ? (
          <button type="button" class="link" onClick={() => p.setDrill({ by: "payment", id: e.payment_id! })}>
            Payment {e.payment_id}
          </button>
        ) : null}
      </td>
      <td class="num">{formatCents(e.amount_cents)}</td>
      <td class="num">{formatChange(insuranceChange(e))}</td>
      <td class="num">{formatChange(e.effect.patient_cents)}</td>
      <td class="num">{formatChange(e.effect.credit_cents)}</td>
      <td class="note">{e.reason ?? (e.reverses !== null ? `Undoes entry ${e.reverses}` : "")}</td>
      <td class="row-actions">
        {payment && p.receipts && (
          <a href={`/api/v1/payments/${e.payment_id}/receipt.pdf`} target="_blank" rel="noopener">
            Receipt<span class="sr-only"> of payment {e.payment_id} (PDF)</span>
          </a>
        )}
        {payment && canReverse && (
          <button type="button" class="link" onClick={() => p.onAction({ what: "refund", entry: e })}>
            Refund<span class="sr-only"> payment {e.payment_id}</span>
          </button>
        )}
        {canReverse && (
          <button
            type="button"
            class="link"
            onClick={() => p.onAction({ what: payment ? "reverse-payment" : "reverse-entry", entry: e })}
          >
            Reverse<span class="sr-only"> entry {e.id}</span>
          </button>
        )}
      </td>
    </tr>
  );
}
