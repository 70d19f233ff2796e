// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling metrics of one location over up to 366 days: the no-show rate, utilisation of the
// providers' available hours and the wait from arrival to roomed, by provider and in all. The
// server works them out (GET /reports/scheduling); this screen shows them, charts them and
// offers the CSV and XLSX files.
import { Alert, addDays, FormProblem, ListTable, SelectField, Spinner, TextField, todayIn } from "../components";
import { providerName, useApp } from "../state";
import { BarChart } from "./report_chart";
import { useReport, useSearchParams } from "./report_data";
import { ExportButtons } from "./report_export";
import { dayCount, hours, MAX_DAYS, type MetricRow, minutes, pct, type SchedulingReport } from "./schedule_metrics";

export function SchedulingView() {
  const { ref, locationId } = useApp();
  const [params, setParams] = useSearchParams();
  const location =
    ref.locations.find((l) => l.id === Number(params.get("location_id") ?? locationId)) ?? ref.locations[0];
  const zone = location?.time_zone ?? "UTC";
  const today = todayIn(zone);
  const from = params.get("from") || addDays(today, -6);
  const to = params.get("to") || today;

  const invalid: Record<string, string> = {};
  if (to < from) invalid.to = "To: must not be before From";
  else if (dayCount(from, to) > MAX_DAYS) invalid.to = `To: at most ${MAX_DAYS} days from From`;
  const query = { from, to, location_id: location?.id ?? "" };
  const ok = location && Object.keys(invalid).length === 0;
  const { data, problems, loading } = useReport<SchedulingReport>(ok ? "/reports/scheduling" : null, query, [
    "from",
    "to",
    "location_id",
  ]);
  const current = data && data.from === from && data.to === to && data.location_id === (location?.id ?? null);
  const rows = current ? data.providers : [];
  const name = (r: MetricRow) => (r.provider_id === null ? r.provider : providerName(ref, r.provider_id));

  return (
    <section aria-labelledby="scheduling-h">
      <div class="toolbar">
        <h2 id="scheduling-h">Scheduling metrics</h2>
        {ok && <ExportButtons path="/reports/scheduling" query={query} what="scheduling metrics" />}
      </div>
      <div class="grid3 report-options">
        <TextField
          label="From"
          type="date"
          value={from}
          onInput={(v) => setParams({ from: v })}
          error={problems.byField.from}
        />
        <TextField
          label="To"
          type="date"
          value={to}
          onInput={(v) => setParams({ to: v })}
          hint={`At most ${MAX_DAYS} days.`}
          error={invalid.to ?? problems.byField.to}
        />
        <SelectField
          label="Location"
          value={String(location?.id ?? "")}
          onChange={(v) => setParams({ location_id: v })}
          options={ref.locations.map((l) => ({ value: String(l.id), label: l.name }))}
          error={problems.byField.location_id}
        />
      </div>
      <FormProblem problems={problems} />
      {ok && (loading || !current) && !problems.other && <Spinner />}
      {current && (
        <>
          <dl class="report-figures">
            <div data-testid="figure-no-show">
              <dt>No-show rate</dt>
              <dd>{pct(data.total.no_show_rate_percent)}</dd>
            </div>
            <div data-testid="figure-utilisation">
              <dt>Utilisation</dt>
              <dd>{pct(data.total.utilisation_percent)}</dd>
            </div>
            <div data-testid="figure-wait">
              <dt>Median wait, arrival to roomed</dt>
              <dd>{minutes(data.total.wait.median_minutes)}</dd>
            </div>
            <div data-testid="figure-visits">
              <dt>Visits booked</dt>
              <dd>{data.total.booked}</dd>
            </div>
          </dl>
          {rows.length === 0 ? (
            <Alert kind="info">No provider has hours or visits here in these days.</Alert>
          ) : (
            <>
              <BarChart
                title={`Utilisation and no-show rate by provider, ${from} to ${to}`}
                categories={rows.map(name)}
                series={[
                  { label: "Utilisation", values: rows.map((r) => r.utilisation_percent ?? 0) },
                  { label: "No-show rate", values: rows.map((r) => r.no_show_rate_percent ?? 0) },
                ]}
                unit="percent"
              />
              <MetricsTable rows={rows} total={data.total} name={name} />
            </>
          )}
          <p class="muted small">
            Visits booked: not cancelled. No-show rate: no-shows among the visits that have started. Utilisation: time
            booked with visits not cancelled or missed, within the available hours less blocked time, in the location's
            time zone. Wait: from check-in to roomed, where both were recorded (median and 90th percentile).
          </p>
        </>
      )}
    </section>
  );
}

function MetricsTable({ rows, total, name }: { rows: MetricRow[]; total: MetricRow; name: (r: MetricRow) => string }) {
  const cells = (r: MetricRow) => (
    <>
      <td class="num">{r.booked}</td>
      <td class="num">{r.no_shows}</td>
      <td class="num">{pct(r.no_show_rate_percent)}</td>
      <td class="num">{hours(r.available_minutes)}</td>
      <td class="num">{hours(r.booked_minutes)}</td>
      <td class="num">{pct(r.utilisation_percent)}</td>
      <td class="num">{minutes(r.wait.median_minutes)}</td>
      <td class="num">{minutes(r.wait.p90_minutes)}</td>
      <td class="num">{r.wait.count}</td>
    </>
  );
  return (
    <div class="report-scroll">
      <ListTable
        caption="Scheduling metrics by provider"
        headers={[
          "Provider",
          "Visits",
          "No-shows",
          "No-show rate",
          "Available",
          "Booked",
          "Utilisation",
          "Median wait",
          "90th percentile wait",
          "Waits measured",
        ]}
      >
        {rows.map((r) => (
          <tr key={r.provider_id} data-row={r.provider_id}>
            <td>{name(r)}</td>
            {cells(r)}
          </tr>
        ))}
        <tr class="total-row" data-row="total">
          <th scope="row">All providers</th>
          {cells(total)}
        </tr>
      </ListTable>
    </div>
  );
}
