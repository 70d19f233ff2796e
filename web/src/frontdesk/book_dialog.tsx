// SPDX-License-Identifier: AGPL-3.0-or-later
// Book a visit for an existing or a new patient, once or as a series.
import { useState } from "preact/hooks";
import { call, newKey } from "../api";
import {
  Alert,
  Dialog,
  FormActions,
  FormProblem,
  localParts,
  localToUtc,
  noProblems,
  personName,
  problemsOf,
  SelectField,
  TextField,
  useAction,
} from "../components";
import { providerName, typeOf, useApp } from "../state";
import type { Appointment, Patient } from "../types";
import { type NewPatient, PatientPicker } from "./patient_picker";

const apptFields = ["patient_id", "provider_id", "appointment_type_id", "start", "end", "room_id", "rrule", "note"];
const patientFields = ["family_name", "given_name", "birth_date", "sex", "phone"];

const repeatRules: Record<string, (n: number) => string> = {
  none: () => "",
  weekly: (n) => `FREQ=WEEKLY;COUNT=${n}`,
  biweekly: (n) => `FREQ=WEEKLY;INTERVAL=2;COUNT=${n}`,
  monthly: (n) => `FREQ=MONTHLY;COUNT=${n}`,
};

interface BookProps {
  locationId: number;
  providerId: number;
  start: string;
  typeId?: number;
  roomId?: number | null;
  patient?: Patient | null;
  onBooked: (a: Appointment) => void;
  onClose: () => void;
}

export function BookDialog(props: BookProps) {
  const { ref } = useApp();
  const loc = ref.locations.find((l) => l.id === props.locationId)!;
  const zone = loc.time_zone;
  const [d0, t0] = localParts(zone, props.start);
  const [patient, setPatient] = useState<Patient | null>(props.patient ?? null);
  const [fresh, setFresh] = useState<NewPatient | null>(null);
  const [providerId, setProviderId] = useState(String(props.providerId));
  const types = ref.types.filter((t) => t.active !== false);
  const [typeId, setTypeId] = useState(String(props.typeId ?? types[0]?.id ?? ""));
  const [date, setDate] = useState(d0);
  const [time, setTime] = useState(t0);
  const [roomId, setRoomId] = useState(props.roomId ? String(props.roomId) : "");
  const [note, setNote] = useState("");
  const [repeat, setRepeat] = useState("none");
  const [count, setCount] = useState("6");
  const [problems, setProblems] = useState(noProblems);
  const [patientProblems, setPatientProblems] = useState<Record<string, string>>({});
  const [patientKey] = useState(newKey);
  const [bookingKey] = useState(newKey);
  const [created, setCreated] = useState<Patient | null>(null);
  const type = typeOf(ref, Number(typeId));
  const rooms = ref.rooms.filter((r) => r.location_id === props.locationId && r.active !== false);
  const providers = ref.providers.filter((p) => p.active !== false && p.location_ids.includes(props.locationId));

  const [book, busy] = useAction(async () => {
    setProblems(noProblems);
    setPatientProblems({});
    let who = patient ?? created;
    if (!who && fresh) {
      try {
        const body = {
          family_name: fresh.family_name,
          given_name: fresh.given_name,
          birth_date: fresh.birth_date,
          sex: fresh.sex,
          phone: fresh.phone.trim() || null,
        };
        // The same key for this dialog: pressing Book again does not register the patient twice.
        who = (await call<Patient>("POST", "/patients", { body, idempotencyKey: patientKey })).data;
        setCreated(who);
      } catch (e) {
        const p = problemsOf(e, patientFields);
        setPatientProblems(p.byField);
        setProblems({ ...p, byField: {} });
        return;
      }
    }
    if (!who) {
      setProblems({ byField: { patient_id: "Choose a patient or register a new one" }, other: null, status: 422 });
      return;
    }
    const start = localToUtc(zone, date, time);
    const minutes = type?.duration_minutes ?? 15;
    const end = new Date(Date.parse(start) + minutes * 60000).toISOString();
    const body: Record<string, unknown> = {
      patient_id: who.id,
      provider_id: Number(providerId),
      location_id: props.locationId,
      appointment_type_id: Number(typeId),
      start,
      end,
      note,
    };
    if (roomId) body.room_id = Number(roomId);
    const rule = repeatRules[repeat](Number(count) || 1);
    if (rule) {
      body.rrule = rule;
      body.skip_conflicts = true;
    }
    try {
      // One key per dialog: a retried Book books once (a failed attempt stores nothing).
      const a = (await call<Appointment>("POST", "/appointments", { body, idempotencyKey: bookingKey })).data;
      props.onBooked(a);
    } catch (e) {
      setProblems(problemsOf(e, apptFields));
    }
  });

  return (
    <Dialog title="Book a visit" onClose={props.onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void book();
        }}
      >
        {created && !patient && (
          <Alert kind="info">
            Registered {personName(created)} ({created.mrn}).
            {created.possible_duplicates?.length ? " This may be a duplicate of an existing record." : ""}
          </Alert>
        )}
        {!created && (
          <PatientPicker
            value={patient}
            onChange={setPatient}
            error={problems.byField.patient_id}
            allowNew
            newPatient={fresh}
            onNewPatient={setFresh}
            newErrors={patientProblems}
          />
        )}
        <div class="grid2">
          <SelectField
            label="Visit type"
            value={typeId}
            onChange={setTypeId}
            options={types.map((t) => ({ value: String(t.id), label: `${t.name} (${t.duration_minutes} min)` }))}
            error={problems.byField.appointment_type_id}
          />
          <SelectField
            label="Provider"
            value={providerId}
            onChange={setProviderId}
            options={providers.map((p) => ({ value: String(p.id), label: providerName(ref, p.id) }))}
            error={problems.byField.provider_id}
          />
          <TextField label="Date" type="date" value={date} onInput={setDate} error={problems.byField.start} required />
          <TextField
            label={`Time (${zone})`}
            type="time"
            value={time}
            onInput={setTime}
            error={problems.byField.end}
            required
          />
          <SelectField
            label="Room"
            value={roomId}
            onChange={setRoomId}
            placeholder="Assign at rooming"
            options={rooms.map((r) => ({ value: String(r.id), label: r.name }))}
            error={problems.byField.room_id}
          />
          <SelectField
            label="Repeat"
            value={repeat}
            onChange={setRepeat}
            options={[
              { value: "none", label: "Does not repeat" },
              { value: "weekly", label: "Every week" },
              { value: "biweekly", label: "Every 2 weeks" },
              { value: "monthly", label: "Every month" },
            ]}
            error={problems.byField.rrule}
          />
          {repeat !== "none" && (
            <TextField label="Number of visits" type="number" value={count} onInput={setCount} inputMode="numeric" />
          )}
        </div>
        <TextField label="Note" value={note} onInput={setNote} maxLength={500} error={problems.byField.note} />
        <FormProblem problems={problems} />
        <FormActions onCancel={props.onClose} cancel="Cancel" submit="Book" busy={busy} />
      </form>
    </Dialog>
  );
}
