// SPDX-License-Identifier: AGPL-3.0-or-later
// A table of statements: number, dates, who it went to, the amounts, and the PDF as mailed (in a
// new tab: the server forbids framing its files). Used by a run's result and an account's history.
import { formatCents, ListTable } from "../components";
import { linkClick } from "../router";
import { type Statement, statementPdfHref } from "./statement_types";

export function StatementTable(p: {
  statements: Statement[];
  caption: string;
  /** Show the guarantor and a link to the account (a run lists many accounts). */
  withAccount?: boolean;
}) {
  const headers = [
    "Statement",
    "Date",
    ...(p.withAccount ? ["Guarantor", "Account"] : []),
    "Amount due",
    "Insurance pending",
    "Oldest (days)",
    "Due by",
  ];
  return (
    <ListTable caption={p.caption} headers={headers} actions>
      {p.statements.map((s) => (
        <tr key={s.id} data-statement={s.id}>
          <td>{s.statement_number}</td>
          <td>{s.statement_date}</td>
          {p.withAccount && <td>{s.guarantor}</td>}
          {p.withAccount && (
            <td>
              <a href={`/billing/accounts/${s.account_id}`} onClick={linkClick}>
                A{String(s.account_id).padStart(6, "0")}
              </a>
            </td>
          )}
          <td class="num">{formatCents(s.amount_due_cents)}</td>
          <td class="num">{s.insurance_pending_cents ? formatCents(s.insurance_pending_cents) : ""}</td>
          <td class="num">{s.oldest_days}</td>
          <td>{s.due_date}</td>
          <td>
            <a
              href={statementPdfHref(s.id)}
              target="_blank"
              rel="noopener"
              aria-label={`PDF of statement ${s.statement_number} (opens a new tab)`}
            >
              PDF
            </a>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
