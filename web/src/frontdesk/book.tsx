// SPDX-License-Identifier: AGPL-3.0-or-later
// Find and book: the first open slots for a visit type, provider(s), dates and time of day; book
// one for an existing or new patient (once or as a series), or put the patient on the waitlist.
import { useState } from "preact/hooks";
import { get } from "../api";
import {
  addDays,
  Alert,
  Chips,
  dateTimeIn,
  FormActions,
  FormProblem,
  localToUtc,
  noProblems,
  problemsOf,
  SelectField,
  TextField,
  todayIn,
  useAction,
} from "../components";
import { providerName, useApp, useLocationInfo } from "../state";
import type { Slot } from "../types";
import { BookDialog } from "./book_dialog";
import { WaitlistDialog } from "./waitlist_dialog";

export function BookPage() {
  const app = useApp();
  const { ref } = app;
  const loc = useLocationInfo();
  const zone = loc?.time_zone ?? "UTC";
  const types = ref.types.filter((t) => t.active !== false);
  const providers = ref.providers.filter((p) => p.active !== false && loc && p.location_ids.includes(loc.id));
  const [typeId, setTypeId] = useState(String(types[0]?.id ?? ""));
  const [chosen, setChosen] = useState<number[]>([]);
  const [from, setFrom] = useState(todayIn(zone));
  const [to, setTo] = useState(addDays(todayIn(zone), 28));
  const [timeFrom, setTimeFrom] = useState("");
  const [timeTo, setTimeTo] = useState("");
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [problems, setProblems] = useState(noProblems);
  const [picked, setPicked] = useState<Slot | null>(null);
  const [waitlisting, setWaitlisting] = useState(false);

  const [search, searching] = useAction(async () => {
    if (!loc) return;
    setProblems(noProblems);
    try {
      const r = await get<{ items: Slot[] }>("/slots", {
        appointment_type_id: Number(typeId),
        location_id: loc.id,
        provider_id: chosen,
        from: localToUtc(zone, from, "00:00"),
        to: localToUtc(zone, addDays(to, 1), "00:00"),
        time_from: timeFrom || undefined,
        time_to: timeTo || undefined,
        limit: 20,
      });
      setSlots(r.items);
    } catch (e) {
      setSlots(null);
      setProblems(problemsOf(e, ["appointment_type_id", "provider_id", "from", "to", "time_from", "time_to"]));
    }
  });

  if (!loc)
    return (
      <main id="main" class="page">
        <Alert>No location is set up yet.</Alert>
      </main>
    );
  return (
    <main id="main" class="page">
      <h1>Find and book</h1>
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <div class="grid3">
          <SelectField
            label="Visit type"
            value={typeId}
            onChange={setTypeId}
            options={types.map((t) => ({ value: String(t.id), label: `${t.name} (${t.duration_minutes} min)` }))}
            error={problems.byField.appointment_type_id}
          />
          <TextField label="From" type="date" value={from} onInput={setFrom} error={problems.byField.from} />
          <TextField label="To" type="date" value={to} onInput={setTo} error={problems.byField.to} />
          <TextField
            label="Not before (time)"
            type="time"
            value={timeFrom}
            onInput={setTimeFrom}
            error={problems.byField.time_from}
          />
          <TextField
            label="Not after (time)"
            type="time"
            value={timeTo}
            onInput={setTimeTo}
            error={problems.byField.time_to}
          />
        </div>
        <fieldset>
          <legend>Providers (none chosen: any at {loc.name})</legend>
          <Chips
            options={providers.map((p) => ({ value: p.id, label: providerName(ref, p.id) }))}
            selected={chosen}
            onChange={setChosen}
          />
          {problems.byField.provider_id && <small class="error">{problems.byField.provider_id}</small>}
        </fieldset>
        <FormProblem problems={problems} />
        <FormActions
          onCancel={() => setWaitlisting(true)}
          cancel="Add to waitlist"
          submit="Find open times"
          busy={searching}
        />
      </form>
      {slots && (
        <section aria-labelledby="slots-h">
          <h2 id="slots-h">{slots.length ? "First open times" : "No open times in these dates"}</h2>
          <ul class="slots">
            {slots.map((s) => (
              <li key={`${s.provider_id}-${s.start}`}>
                <button type="button" class="slot" onClick={() => setPicked(s)}>
                  <strong>{dateTimeIn(zone, s.start)}</strong>
                  <span>{providerName(ref, s.provider_id)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {picked && (
        <BookDialog
          locationId={loc.id}
          providerId={picked.provider_id}
          start={picked.start}
          typeId={Number(typeId)}
          onBooked={(a) => {
            setPicked(null);
            app.flash(a.series ? `Booked ${a.series.booked} visits` : `Booked for ${dateTimeIn(zone, a.start)}`);
            void search();
          }}
          onClose={() => setPicked(null)}
        />
      )}
      {waitlisting && (
        <WaitlistDialog
          typeId={Number(typeId)}
          providerIds={chosen}
          from={from}
          to={to}
          timeFrom={timeFrom}
          timeTo={timeTo}
          onClose={() => setWaitlisting(false)}
        />
      )}
    </main>
  );
}
