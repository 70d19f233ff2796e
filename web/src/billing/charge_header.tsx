// SPDX-License-Identifier: AGPL-3.0-or-later
// Who, by whom, where and when an encounter is: chosen for a standalone encounter (patient,
// provider, location, date of service), or shown as the visit has them.
import { SelectField, TextField } from "../components";
import { PatientPicker } from "../frontdesk/patient_picker";
import { providerName, useApp } from "../state";
import type { Patient } from "../types";

export interface HeaderProps {
  /** Choosable (standalone) or shown (a visit's, or a stored encounter's patient). */
  editable: boolean;
  /** The patient can be chosen only before the encounter exists. */
  choosePatient: boolean;
  patient: Patient | null;
  onPatient: (p: Patient | null) => void;
  providerId: string;
  onProvider: (v: string) => void;
  locationId: string;
  onLocation: (v: string) => void;
  date: string;
  onDate: (v: string) => void;
  /** "Follow-up visit on Fri, Dec 4, 9:00 AM" for an encounter of a visit. */
  visit: string | null;
  errors: Record<string, string>;
}

export function ChargeHeader(p: HeaderProps) {
  const { ref } = useApp();
  const loc = ref.locations.find((l) => String(l.id) === p.locationId);
  if (!p.editable) {
    return (
      <dl class="facts">
        <dt>Patient</dt>
        <dd data-testid="charge-patient">
          {p.patient
            ? `${p.patient.family_name}, ${p.patient.given_name} · ${p.patient.birth_date} · ${p.patient.mrn}`
            : "…"}
        </dd>
        {p.visit && (
          <>
            <dt>Visit</dt>
            <dd>{p.visit}</dd>
          </>
        )}
        <dt>Provider</dt>
        <dd>{p.providerId ? providerName(ref, Number(p.providerId)) : ""}</dd>
        <dt>Location</dt>
        <dd>{loc?.name ?? ""}</dd>
        <dt>Date of service</dt>
        <dd data-testid="charge-date">{p.date}</dd>
      </dl>
    );
  }
  const providers = ref.providers.filter(
    (x) => !p.locationId || x.location_ids.includes(Number(p.locationId)) || String(x.id) === p.providerId,
  );
  return (
    <div class="grid2 charge-header">
      {p.choosePatient ? (
        <PatientPicker value={p.patient} onChange={p.onPatient} error={p.errors.patient_id} />
      ) : (
        <div class="field">
          <span class="label">Patient</span>
          <div class="picked">{p.patient ? `${p.patient.family_name}, ${p.patient.given_name}` : "…"}</div>
        </div>
      )}
      <TextField
        label="Date of service"
        type="date"
        value={p.date}
        onInput={p.onDate}
        error={p.errors.date_of_service}
      />
      <SelectField
        label="Location"
        value={p.locationId}
        onChange={p.onLocation}
        placeholder="Choose…"
        options={ref.locations.map((l) => ({ value: String(l.id), label: l.name }))}
        error={p.errors.location_id}
      />
      <SelectField
        label="Provider"
        value={p.providerId}
        onChange={p.onProvider}
        placeholder="Choose…"
        options={providers.map((x) => ({ value: String(x.id), label: providerName(ref, x.id) }))}
        error={p.errors.provider_id}
      />
    </div>
  );
}
