// SPDX-License-Identifier: AGPL-3.0-or-later
// Exceptions to the templates: blocked time (time off, holidays, meetings) at the location.
import { useEffect, useState } from "preact/hooks";
import { call, get, post } from "../api";
import {
  dateTimeIn,
  FormProblem,
  ListTable,
  localToUtc,
  noProblems,
  problemsOf,
  SelectField,
  Spinner,
  TextField,
  todayIn,
  useAction,
} from "../components";
import { providerName, useApp, useLocationInfo } from "../state";
import type { Json } from "./resource_spec";

/** Exceptions to the templates: blocked time (time off, holidays, meetings) at the location. */
export function BlocksAdmin() {
  const { ref, flash } = useApp();
  const loc = useLocationInfo();
  const zone = loc?.time_zone ?? "UTC";
  const [items, setItems] = useState<Json[] | null>(null);
  const [problems, setProblems] = useState(noProblems);
  const [f, setF] = useState({
    provider_id: "",
    date: todayIn(zone),
    from: "12:00",
    to: "13:00",
    to_date: todayIn(zone),
    reason: "",
  });
  const load = () => {
    const from = new Date(Date.now() - 86400000).toISOString();
    const to = new Date(Date.now() + 41 * 86400000).toISOString();
    return get<{ items: Json[] }>("/schedule-blocks", { location_id: loc?.id, from, to }).then((r) =>
      setItems(r.items),
    );
  };
  useEffect(() => {
    void load().catch((e) => setProblems(problemsOf(e, [])));
  }, [loc?.id]);
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const [add, busy] = useAction(async () => {
    setProblems(noProblems);
    try {
      await post("/schedule-blocks", {
        ...(f.provider_id ? { provider_id: Number(f.provider_id) } : {}),
        location_id: loc?.id,
        start: localToUtc(zone, f.date, f.from),
        end: localToUtc(zone, f.to_date, f.to),
        reason: f.reason,
      });
      flash("Time blocked");
      await load();
    } catch (e) {
      setProblems(problemsOf(e, ["provider_id", "start", "end", "reason"]));
    }
  });
  const [remove] = useAction(async (id: unknown) => {
    try {
      await call("DELETE", `/schedule-blocks/${id}`);
      await load();
    } catch (e) {
      setProblems(problemsOf(e, []));
    }
  });
  return (
    <section aria-labelledby="blocks-h">
      <h2 id="blocks-h">Exceptions: blocked time at {loc?.name}</h2>
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <div class="grid3">
          <SelectField
            label="Provider"
            value={f.provider_id}
            onChange={set("provider_id")}
            placeholder="Whole location"
            options={ref.providers
              .filter((p) => loc && p.location_ids.includes(loc.id))
              .map((p) => ({ value: String(p.id), label: providerName(ref, p.id) }))}
            error={problems.byField.provider_id}
          />
          <TextField
            label="From date"
            type="date"
            value={f.date}
            onInput={set("date")}
            error={problems.byField.start}
          />
          <TextField label={`From time (${zone})`} type="time" value={f.from} onInput={set("from")} />
          <TextField
            label="Until date"
            type="date"
            value={f.to_date}
            onInput={set("to_date")}
            error={problems.byField.end}
          />
          <TextField label={`Until time (${zone})`} type="time" value={f.to} onInput={set("to")} />
          <TextField label="Reason" value={f.reason} onInput={set("reason")} error={problems.byField.reason} />
        </div>
        <FormProblem problems={problems} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            Block this time
          </button>
        </div>
      </form>
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p>No blocked time in the next six weeks.</p>
      ) : (
        <ListTable headers={["From", "Until", "Provider", "Reason"]} actions>
          {items.map((b) => (
            <tr key={String(b.id)}>
              <td>{dateTimeIn(zone, String(b.start))}</td>
              <td>{dateTimeIn(zone, String(b.end))}</td>
              <td>{b.provider_id ? providerName(ref, Number(b.provider_id)) : "Whole location"}</td>
              <td>{String(b.reason ?? "")}</td>
              <td>
                <button type="button" class="link" onClick={() => void remove(b.id)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
