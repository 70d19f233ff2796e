// SPDX-License-Identifier: AGPL-3.0-or-later
// Scheduling metrics of one location over up to 42 days (the calendar API's longest range): the
// no-show rate, utilisation of the providers' available hours and the wait from arrival to
// roomed, by provider and in all. No report endpoint computes them: they are worked out here from
// the appointments, availability rules and blocks (schedule_metrics.ts says how).
import { useEffect, useMemo, useState } from "preact/hooks";
import { get, listAll } from "../api";
import {
  addDays,
  Alert,
  FormProblem,
  ListTable,
  localToUtc,
  noProblems,
  type Problems,
  problemsOf,
  SelectField,
  Spinner,
  TextField,
  todayIn,
} from "../components";
import { providerName, useApp } from "../state";
import type { AvailabilityRule, Page } from "../types";
import { BarChart } from "./report_chart";
import { useSearchParams } from "./report_data";
import {
  type Block,
  daysOf,
  median,
  type MetricRow,
  percent,
  scheduleMetrics,
  type TimedAppointment,
  totalOf,
} from "./schedule_metrics";

const MAX_DAYS = 42;

interface Loaded {
  key: string;
  appointments: TimedAppointment[];
  rules: AvailabilityRule[];
  blocks: Block[];
  at: number;
}

const pct = (v: number | null) => (v === null ? "—" : `${v}%`);
const minutes = (v: number | null) => (v === null ? "—" : `${Math.round(v)} min`);
const hours = (m: number) => `${(Math.round(m / 6) / 10).toLocaleString("en-US")} h`;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function SchedulingView() {
  const { ref, locationId } = useApp();
  const [params, setParams] = useSearchParams();
  const location =
    ref.locations.find((l) => l.id === Number(params.get("location_id") ?? locationId)) ?? ref.locations[0];
  const zone = location?.time_zone ?? "UTC";
  const today = todayIn(zone);
  const from = params.get("from") || addDays(today, -6);
  const to = params.get("to") || today;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problems, setProblems] = useState<Problems>(noProblems);

  const days = daysOf(from, to).length;
  const invalid: Record<string, string> = {};
  if (to < from) invalid.to = "To: must not be before From";
  else if (days > MAX_DAYS) invalid.to = `To: at most ${MAX_DAYS} days from From`;
  const key = JSON.stringify([location?.id, from, to]);

  useEffect(() => {
    if (!location || Object.keys(invalid).length) return;
    const ctl = new AbortController();
    const range = { from: localToUtc(zone, from, "00:00"), to: localToUtc(zone, addDays(to, 1), "00:00") };
    Promise.all([
      get<Page<TimedAppointment>>(
        "/appointments",
        { ...range, location_id: location.id, include_cancelled: true },
        ctl.signal,
      ),
      listAll<AvailabilityRule>("/availability-rules"),
      get<Page<Block>>("/schedule-blocks", range, ctl.signal),
    ])
      .then(([appointments, rules, blocks]) => {
        setLoaded({ key, appointments: appointments.items, rules, blocks: blocks.items, at: Date.now() });
        setProblems(noProblems);
      })
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setProblems(problemsOf(e, ["from", "to", "location_id"]));
      });
    return () => ctl.abort();
  }, [key, Object.keys(invalid).length]);

  const rows = useMemo(
    () =>
      loaded && location ? scheduleMetrics({ zone, locationId: location.id, from, to, ...loaded, now: loaded.at }) : [],
    [loaded],
  );
  const total = totalOf(rows);
  const current = loaded?.key === key;
  const name = (r: MetricRow) => providerName(ref, r.providerId);

  return (
    <section aria-labelledby="scheduling-h">
      <h2 id="scheduling-h">Scheduling metrics</h2>
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
      {!current && !problems.other && !invalid.to && <Spinner />}
      {current && (
        <>
          <dl class="report-figures">
            <div data-testid="figure-no-show">
              <dt>No-show rate</dt>
              <dd>{pct(percent(total.noShows, total.started))}</dd>
            </div>
            <div data-testid="figure-utilisation">
              <dt>Utilisation</dt>
              <dd>{pct(percent(total.bookedMinutes, total.availableMinutes))}</dd>
            </div>
            <div data-testid="figure-wait">
              <dt>Median wait, arrival to roomed</dt>
              <dd>{minutes(median(total.waits))}</dd>
            </div>
            <div data-testid="figure-visits">
              <dt>Visits</dt>
              <dd>{total.appointments}</dd>
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
                  { label: "Utilisation", values: rows.map((r) => percent(r.bookedMinutes, r.availableMinutes) ?? 0) },
                  { label: "No-show rate", values: rows.map((r) => percent(r.noShows, r.started) ?? 0) },
                ]}
                unit="percent"
              />
              <MetricsTable rows={rows} total={total} name={name} />
            </>
          )}
          <p class="muted small">
            Worked out from the calendar in the browser (no file export). No-show rate: no-shows among the visits that
            have started, cancelled ones left out. Utilisation: time booked with visits not cancelled or missed, within
            the available hours less blocked time. Wait: from check-in to roomed, where both were recorded.
          </p>
        </>
      )}
    </section>
  );
}

function MetricsTable({ rows, total, name }: { rows: MetricRow[]; total: MetricRow; name: (r: MetricRow) => string }) {
  const cells = (r: MetricRow) => (
    <>
      <td class="num">{r.appointments}</td>
      <td class="num">{r.noShows}</td>
      <td class="num">{pct(percent(r.noShows, r.started))}</td>
      <td class="num">{hours(r.availableMinutes)}</td>
      <td class="num">{hours(r.bookedMinutes)}</td>
      <td class="num">{pct(percent(r.bookedMinutes, r.availableMinutes))}</td>
      <td class="num">{minutes(median(r.waits))}</td>
      <td class="num">{minutes(mean(r.waits))}</td>
      <td class="num">{r.waits.length}</td>
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
          "Average wait",
          "Waits measured",
        ]}
      >
        {rows.map((r) => (
          <tr key={r.providerId} data-row={r.providerId}>
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
