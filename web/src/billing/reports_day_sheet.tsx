// SPDX-License-Identifier: AGPL-3.0-or-later
// The day sheet: one day's charges, payments, adjustments, refunds and transfers by provider and
// by location, and the deposit by method (for the bank slip). One location, or all of them.
import {
  Alert,
  FormProblem,
  formatCents,
  ListTable,
  SelectField,
  Spinner,
  statusLabel,
  TextField,
} from "../components";
import { useApp } from "../state";
import { BarChart } from "./report_chart";
import { useReport, useSearchParams } from "./report_data";
import { ExportButtons } from "./report_export";
import { Figures, MoneyTable } from "./report_money_table";
import type { DaySheet } from "./report_types";

export function DaySheetView() {
  const { ref } = useApp();
  const [params, setParams] = useSearchParams();
  const date = params.get("date") ?? "";
  const location = params.get("location_id") ?? "";
  const query = { date, location_id: location };
  const { data, problems, loading } = useReport<DaySheet>("/reports/day-sheet", query, ["date", "location_id"]);

  return (
    <section aria-labelledby="day-sheet-h">
      <div class="toolbar">
        <h2 id="day-sheet-h">Day sheet{data ? ` for ${data.date}` : ""}</h2>
        <ExportButtons path="/reports/day-sheet" query={query} what="day sheet" />
      </div>
      <div class="grid3 report-options">
        <TextField
          label="Day"
          type="date"
          value={date}
          onInput={(v) => setParams({ date: v })}
          hint="Empty: today."
          error={problems.byField.date}
        />
        <SelectField
          label="Location"
          value={location}
          onChange={(v) => setParams({ location_id: v })}
          placeholder="All locations"
          options={ref.locations.map((l) => ({ value: String(l.id), label: l.name }))}
          error={problems.byField.location_id}
        />
      </div>
      <FormProblem problems={problems} />
      {loading && !data && <Spinner />}
      {data && (
        <>
          <Figures
            items={[
              { id: "charges", term: "Charges", cents: data.charges_cents },
              { id: "payments", term: "Payments", cents: data.payments_cents },
              { id: "adjustments", term: "Adjustments", cents: data.adjustments_cents },
              { id: "refunds", term: "Refunds", cents: data.refunds_cents },
              { id: "deposit", term: "Deposit", cents: data.deposit_total_cents },
            ]}
          />
          {data.entries === 0 ? (
            <Alert kind="info">Nothing was posted on {data.date}.</Alert>
          ) : (
            <>
              <BarChart
                title={`Charges, payments and adjustments by provider on ${data.date}`}
                categories={data.by_provider.map((p) => p.name)}
                series={[
                  { label: "Charges", values: data.by_provider.map((p) => p.charges_cents) },
                  { label: "Payments", values: data.by_provider.map((p) => p.payments_cents) },
                  { label: "Adjustments", values: data.by_provider.map((p) => p.adjustments_cents) },
                ]}
                unit="cents"
              />
              <h3>By provider</h3>
              <MoneyTable caption="By provider" nameHead="Provider" rows={data.by_provider} total={data} />
              <h3>By location</h3>
              <MoneyTable caption="By location" nameHead="Location" rows={data.by_location} total={data} />
            </>
          )}
          <h3>Deposit</h3>
          {data.deposits.length === 0 ? (
            <p>No money to deposit.</p>
          ) : (
            <ListTable caption="Deposit by method" headers={["Method", "Entries", "Amount"]}>
              {data.deposits.map((d) => (
                <tr key={d.method} data-row={d.method}>
                  <td>{statusLabel(d.method)}</td>
                  <td class="num">{d.count}</td>
                  <td class="num">{formatCents(d.amount_cents)}</td>
                </tr>
              ))}
              <tr class="total-row" data-row="total">
                <th scope="row" colSpan={2}>
                  Total
                </th>
                <td class="num">
                  <strong>{formatCents(data.deposit_total_cents)}</strong>
                </td>
              </tr>
            </ListTable>
          )}
        </>
      )}
    </section>
  );
}
