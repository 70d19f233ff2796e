// SPDX-License-Identifier: AGPL-3.0-or-later
// AR aging: what is owed on charge lines as of the end of a day, by age of the date of service,
// in total and by payer (insurance and patient in the chart) or by account (a page at a time).
import { useState } from "preact/hooks";
import { Alert, FormProblem, formatCents, ListTable, SelectField, Spinner, TextField } from "../components";
import { linkClick } from "../router";
import { BarChart } from "./report_chart";
import { useReport, useSearchParams } from "./report_data";
import { ExportButtons } from "./report_export";
import type { AgingReport, AgingRow } from "./report_types";
import { type Aging, agingBuckets } from "./statement_types";

const LIMIT = 50;

function BucketCells({ a, total }: { a: Aging; total: number }) {
  return (
    <>
      {agingBuckets.map((b) => (
        <td key={b.key} class="num">
          {formatCents(a[b.key])}
        </td>
      ))}
      <td class="num">
        <strong>{formatCents(total)}</strong>
      </td>
    </>
  );
}

export function AgingReportView() {
  const [params, setParams] = useSearchParams();
  const asOf = params.get("as_of") ?? "";
  const by = params.get("by") === "account" ? "account" : "payer";
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = by === "account" ? (cursors[cursors.length - 1] ?? undefined) : undefined;
  const query = { as_of: asOf, by, limit: by === "account" ? LIMIT : undefined, cursor };
  const { data, problems, loading } = useReport<AgingReport>("/reports/ar-aging", query, ["as_of", "by"]);
  const change = (c: Record<string, string>) => {
    setCursors([null]);
    setParams(c);
  };

  const rows = data?.rows ?? [];
  const insurance = agingBuckets.map((b) =>
    rows.filter((r) => r.payer_id !== 0).reduce((s, r) => s + r.buckets[b.key], 0),
  );
  const patient = agingBuckets.map((b) =>
    rows.filter((r) => r.payer_id === 0).reduce((s, r) => s + r.buckets[b.key], 0),
  );
  return (
    <section aria-labelledby="aging-h">
      <div class="toolbar">
        <h2 id="aging-h">AR aging</h2>
        <ExportButtons
          path="/reports/ar-aging"
          query={query}
          what={by === "account" ? "AR aging, this page of accounts" : "AR aging"}
        />
      </div>
      <div class="grid3 report-options">
        <TextField
          label="As of (end of day)"
          type="date"
          value={asOf}
          onInput={(v) => change({ as_of: v })}
          hint="Empty: today."
          error={problems.byField.as_of}
        />
        <SelectField
          label="Rows"
          value={by}
          onChange={(v) => change({ by: v })}
          options={[
            { value: "payer", label: "By payer" },
            { value: "account", label: "By account" },
          ]}
          error={problems.byField.by}
        />
      </div>
      <FormProblem problems={problems} />
      {loading && !data && <Spinner />}
      {data && (
        <>
          <p class="report-total" data-testid="aging-total">
            Total receivable <strong>{formatCents(data.total_cents)}</strong> as of {data.as_of}
          </p>
          <BarChart
            title={`What is owed by age of the date of service, as of ${data.as_of}`}
            categories={agingBuckets.map((b) => b.label)}
            series={
              by === "payer"
                ? [
                    { label: "Insurance", values: insurance },
                    { label: "Patient", values: patient },
                  ]
                : [{ label: "Owed", values: agingBuckets.map((b) => data.buckets[b.key]) }]
            }
            unit="cents"
          />
          {rows.length === 0 && cursors.length === 1 ? (
            <Alert kind="info">Nothing is owed as of {data.as_of}.</Alert>
          ) : (
            <AgingTable report={data} rows={rows} by={by} />
          )}
          {by === "account" && (cursors.length > 1 || data.next_cursor) && (
            <div class="pager" role="group" aria-label="Pages of accounts">
              <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous accounts
              </button>
              <span>Page {cursors.length}</span>
              <button
                type="button"
                disabled={!data.next_cursor}
                onClick={() => data.next_cursor && setCursors([...cursors, data.next_cursor])}
              >
                Next accounts
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function AgingTable({ report, rows, by }: { report: AgingReport; rows: AgingRow[]; by: "payer" | "account" }) {
  const headers =
    by === "payer"
      ? ["Payer", ...agingBuckets.map((b) => b.label), "Total"]
      : ["Account", "Guarantor", "Insurance", "Patient", ...agingBuckets.map((b) => b.label), "Total"];
  return (
    <div class="report-scroll">
      <ListTable caption={`AR aging by ${by} as of ${report.as_of}`} headers={headers}>
        {rows.map((r) => (
          <tr key={`${r.payer_id ?? r.account_id}`} data-row={by === "payer" ? r.payer : r.account_id}>
            {by === "payer" ? (
              <td>{r.payer}</td>
            ) : (
              <>
                <td>
                  <a href={`/billing/accounts/${r.account_id}`} onClick={linkClick}>
                    A{String(r.account_id).padStart(6, "0")}
                  </a>
                </td>
                <td>{r.account}</td>
                <td class="num">{formatCents(r.insurance_cents ?? 0)}</td>
                <td class="num">{formatCents(r.patient_cents ?? 0)}</td>
              </>
            )}
            <BucketCells a={r.buckets} total={r.total_cents} />
          </tr>
        ))}
        <tr class="total-row" data-row="total">
          <th scope="row" colSpan={by === "payer" ? 1 : 4}>
            {by === "payer" ? "Total" : "All accounts"}
          </th>
          <BucketCells a={report.buckets} total={report.total_cents} />
        </tr>
      </ListTable>
    </div>
  );
}
