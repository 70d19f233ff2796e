// SPDX-License-Identifier: AGPL-3.0-or-later
// Find and book: the first open slots for a visit type, provider(s), dates and time of day; book
// one for an existing or new patient (once or as a series), or put the patient on the waitlist.
import { useState } from "preact/hooks";
import { get, post } from "../api";
import { BookDialog } from "../dialogs";
import { addDays, dateTimeIn, localToUtc, personName, todayIn } from "../format";
import { PatientPicker } from "../patient_picker";
import { providerName, useApp, useLocationInfo } from "../state";
import type { Patient, Slot } from "../types";
import {
  Alert,
  Chips,
  Dialog,
  FormActions,
  FormProblem,
  noProblems,
  problemsOf,
  SelectField,
  TextField,
  useAction,
} from "../ui";

const weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

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

interface WaitProps {
  typeId: number;
  providerIds: number[];
  from: string;
  to: string;
  timeFrom: string;
  timeTo: string;
  onClose: () => void;
}

function WaitlistDialog(p: WaitProps) {
  const app = useApp();
  const loc = useLocationInfo();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [days, setDays] = useState<string[]>(weekdays.slice(0, 5));
  const [priority, setPriority] = useState("3");
  const [note, setNote] = useState("");
  const [problems, setProblems] = useState(noProblems);
  const [save, busy] = useAction(async () => {
    setProblems(noProblems);
    if (!patient) {
      setProblems({ byField: { patient_id: "Choose the patient" }, other: null, status: 422 });
      return;
    }
    try {
      await post("/waitlist", {
        patient_id: patient.id,
        appointment_type_id: p.typeId,
        location_id: loc!.id,
        provider_ids: p.providerIds,
        weekdays: days,
        ...(p.timeFrom ? { time_from: p.timeFrom } : {}),
        ...(p.timeTo ? { time_to: p.timeTo } : {}),
        window_from: p.from,
        window_to: p.to,
        priority: Number(priority),
        note,
      });
      app.flash(`${personName(patient)} is on the waitlist`);
      p.onClose();
    } catch (e) {
      setProblems(
        problemsOf(e, [
          "patient_id",
          "weekdays",
          "priority",
          "note",
          "time_from",
          "time_to",
          "window_from",
          "window_to",
        ]),
      );
    }
  });
  return (
    <Dialog title="Add to the waitlist" onClose={p.onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p class="muted">
          The visit type, providers, dates and times come from the search. When a matching time frees up, the patient is
          offered it on the Waitlist page.
        </p>
        <PatientPicker value={patient} onChange={setPatient} error={problems.byField.patient_id} />
        <fieldset>
          <legend>Days</legend>
          <Chips options={weekdays.map((d) => ({ value: d, label: d }))} selected={days} onChange={setDays} />
          {problems.byField.weekdays && <small class="error">{problems.byField.weekdays}</small>}
        </fieldset>
        <div class="grid2">
          <SelectField
            label="Priority"
            value={priority}
            onChange={setPriority}
            options={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: n === 1 ? "1 (most urgent)" : String(n) }))}
            error={problems.byField.priority}
          />
          <TextField label="Note" value={note} onInput={setNote} maxLength={500} error={problems.byField.note} />
        </div>
        <FormProblem problems={problems} />
        <FormActions onCancel={p.onClose} cancel="Cancel" submit="Add to waitlist" busy={busy} />
      </form>
    </Dialog>
  );
}
