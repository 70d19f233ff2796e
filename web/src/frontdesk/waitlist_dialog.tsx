// SPDX-License-Identifier: AGPL-3.0-or-later
// Put a patient on the waitlist for the visit type, providers, dates and times of a search.
import { useState } from "preact/hooks";
import { post } from "../api";
import {
  Chips,
  Dialog,
  FormActions,
  FormProblem,
  noProblems,
  personName,
  problemsOf,
  SelectField,
  TextField,
  useAction,
  weekdayCodes,
} from "../components";
import { useApp, useLocationInfo } from "../state";
import type { Patient } from "../types";
import { PatientPicker } from "./patient_picker";

interface WaitProps {
  typeId: number;
  providerIds: number[];
  from: string;
  to: string;
  timeFrom: string;
  timeTo: string;
  onClose: () => void;
}

export function WaitlistDialog(p: WaitProps) {
  const app = useApp();
  const loc = useLocationInfo();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [days, setDays] = useState<string[]>(weekdayCodes.slice(0, 5));
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
          <Chips options={weekdayCodes.map((d) => ({ value: d, label: d }))} selected={days} onChange={setDays} />
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
