// SPDX-License-Identifier: AGPL-3.0-or-later
// The money of a report by provider, location or payer, with the report's total as the last row
// (the day sheet and collections), and the summary figures above a report.
import { formatCents, ListTable } from "../components";
import type { MoneyTotals, NamedTotals } from "./report_types";

type Column = { head: string; cents: (t: MoneyTotals) => number };

const columns: Column[] = [
  { head: "Charges", cents: (t) => t.charges_cents },
  { head: "Insurance payments", cents: (t) => t.insurance_payments_cents },
  { head: "Patient payments", cents: (t) => t.patient_payments_cents },
  { head: "Contractual adjustments", cents: (t) => t.contractual_adjustments_cents },
  { head: "Write-offs", cents: (t) => t.write_offs_cents },
  { head: "Refunds", cents: (t) => t.refunds_cents },
  { head: "Transfers", cents: (t) => t.transfers_cents },
];

export function MoneyTable(p: {
  caption: string;
  nameHead: string;
  rows: NamedTotals[];
  total: MoneyTotals;
  /** Collections have no charges column. */
  charges?: boolean;
}) {
  const cols = p.charges === false ? columns.slice(1) : columns;
  return (
    <div class="report-scroll">
      <ListTable caption={p.caption} headers={[p.nameHead, ...cols.map((c) => c.head), "Entries"]}>
        {p.rows.map((r, i) => (
          <tr key={i} data-row={r.name}>
            <td>{r.name}</td>
            {cols.map((c) => (
              <td key={c.head} class="num">
                {formatCents(c.cents(r))}
              </td>
            ))}
            <td class="num">{r.entries}</td>
          </tr>
        ))}
        <tr class="total-row" data-row="total">
          <th scope="row">Total</th>
          {cols.map((c) => (
            <td key={c.head} class="num">
              <strong>{formatCents(c.cents(p.total))}</strong>
            </td>
          ))}
          <td class="num">{p.total.entries}</td>
        </tr>
      </ListTable>
    </div>
  );
}

/** The headline figures of a report as a list of term and amount; `testid` names each for tests. */
export function Figures({ items }: { items: { term: string; cents: number; id: string }[] }) {
  return (
    <dl class="report-figures">
      {items.map((f) => (
        <div key={f.id} data-testid={`figure-${f.id}`}>
          <dt>{f.term}</dt>
          <dd>{formatCents(f.cents)}</dd>
        </div>
      ))}
    </dl>
  );
}
