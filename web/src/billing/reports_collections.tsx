// SPDX-License-Identifier: AGPL-3.0-or-later
// Collections by payer over a period (at most 366 days; this month when no dates are chosen):
// payments and adjustments of each payer, "Patient" for what the patients paid.
import { Alert, FormProblem, Spinner, TextField } from "../components";
import { BarChart } from "./report_chart";
import { useReport, useSearchParams } from "./report_data";
import { ExportButtons } from "./report_export";
import { Figures, MoneyTable } from "./report_money_table";
import type { Collections } from "./report_types";

export function CollectionsView() {
  const [params, setParams] = useSearchParams();
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const query = { from, to };
  const { data, problems, loading } = useReport<Collections>("/reports/collections", query, ["from", "to"]);

  return (
    <section aria-labelledby="collections-h">
      <div class="toolbar">
        <h2 id="collections-h">Collections by payer{data ? `, ${data.from} to ${data.to}` : ""}</h2>
        <ExportButtons path="/reports/collections" query={query} what="collections" />
      </div>
      <div class="grid3 report-options">
        <TextField
          label="From"
          type="date"
          value={from}
          onInput={(v) => setParams({ from: v })}
          hint="Empty: the first of the month."
          error={problems.byField.from}
        />
        <TextField
          label="To"
          type="date"
          value={to}
          onInput={(v) => setParams({ to: v })}
          hint="Empty: today. At most 366 days."
          error={problems.byField.to}
        />
      </div>
      <FormProblem problems={problems} />
      {loading && !data && <Spinner />}
      {data && (
        <>
          <Figures
            items={[
              { id: "insurance", term: "Insurance payments", cents: data.insurance_payments_cents },
              { id: "patient", term: "Patient payments", cents: data.patient_payments_cents },
              { id: "adjustments", term: "Adjustments", cents: data.adjustments_cents },
              { id: "refunds", term: "Refunds", cents: data.refunds_cents },
            ]}
          />
          {data.by_payer.length === 0 ? (
            <Alert kind="info">
              Nothing was collected from {data.from} to {data.to}.
            </Alert>
          ) : (
            <>
              <BarChart
                title={`Payments and adjustments by payer, ${data.from} to ${data.to}`}
                categories={data.by_payer.map((p) => p.name)}
                series={[
                  { label: "Payments", values: data.by_payer.map((p) => p.payments_cents) },
                  { label: "Adjustments", values: data.by_payer.map((p) => p.adjustments_cents) },
                ]}
                unit="cents"
              />
              <MoneyTable
                caption="Collections by payer"
                nameHead="Payer"
                rows={data.by_payer}
                total={data}
                charges={false}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
