// SPDX-License-Identifier: AGPL-3.0-or-later
// One patient's record: the registration and edit form with the API's messages beside each
// field, a possible-duplicate warning, insurance coverages and the visit history.
import { useEffect, useState } from "preact/hooks";
import { call, get, newKey } from "../api";
import { PatientBalance } from "../billing/patient_balance";
import {
  Alert,
  FormProblem,
  noProblems,
  personName,
  problemsOf,
  SelectField,
  Spinner,
  statusLabel,
  TextField,
  useAction,
} from "../components";
import { linkClick, navigate } from "../router";
import { can, useApp } from "../state";
import type { Patient } from "../types";
import { Coverages } from "./coverages";
import { VisitHistory } from "./visit_history";

interface Form {
  family_name: string;
  given_name: string;
  middle_name: string;
  birth_date: string;
  sex: string;
  phone: string;
  email: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postal_code: string;
  preferred_language: string;
}
const empty: Form = {
  family_name: "",
  given_name: "",
  middle_name: "",
  birth_date: "",
  sex: "female",
  phone: "",
  email: "",
  line1: "",
  line2: "",
  city: "",
  state: "",
  postal_code: "",
  preferred_language: "en",
};

function toForm(p: Patient): Form {
  return {
    family_name: p.family_name,
    given_name: p.given_name,
    middle_name: p.middle_name ?? "",
    birth_date: p.birth_date,
    sex: p.sex,
    phone: p.phone ?? "",
    email: p.email ?? "",
    line1: p.address?.line1 ?? "",
    line2: p.address?.line2 ?? "",
    city: p.address?.city ?? "",
    state: p.address?.state ?? "",
    postal_code: p.address?.postal_code ?? "",
    preferred_language: p.preferred_language,
  };
}

const patientFields = [
  "family_name",
  "given_name",
  "middle_name",
  "birth_date",
  "sex",
  "phone",
  "email",
  "address",
  "address.line1",
  "address.line2",
  "address.city",
  "address.state",
  "address.postal_code",
  "preferred_language",
];

/** Possible duplicates of a registration, shown on the new record's page (kept in memory only:
 * no patient data goes into browser storage). */
let pendingDupes: NonNullable<Patient["possible_duplicates"]> = [];

export function PatientPage({ id }: { id: number | null }) {
  const app = useApp();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [form, setForm] = useState<Form>(empty);
  const [problems, setProblems] = useState(noProblems);
  const [dupes, setDupes] = useState<Patient["possible_duplicates"]>([]);
  const [key, setKey] = useState(newKey);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = async () => {
    if (id === null) return;
    const p = await get<Patient>(`/patients/${id}`);
    setPatient(p);
    setForm(toForm(p));
  };
  useEffect(() => {
    setPatient(null);
    setForm(empty);
    setProblems(noProblems);
    setKey(newKey());
    load().catch((e) => setLoadError((e as Error).message));
  }, [id]);

  const set = (k: keyof Form) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const err = (k: string) => problems.byField[k];

  const [save, saving] = useAction(async () => {
    setProblems(noProblems);
    const hasAddress = form.line1 || form.city || form.state || form.postal_code;
    const body: Record<string, unknown> = {
      family_name: form.family_name,
      given_name: form.given_name,
      middle_name: form.middle_name || null,
      birth_date: form.birth_date,
      sex: form.sex,
      phone: form.phone.trim() || null,
      email: form.email.trim() || null,
      address: hasAddress
        ? {
            line1: form.line1,
            line2: form.line2 || null,
            city: form.city,
            state: form.state,
            postal_code: form.postal_code,
          }
        : null,
      preferred_language: form.preferred_language || "en",
    };
    try {
      if (patient) {
        const r = await call<Patient>("PATCH", `/patients/${patient.id}`, { body, ifMatch: patient.version });
        setPatient(r.data);
        setForm(toForm(r.data));
        app.flash("Saved");
      } else {
        // One key per form: saving twice registers the patient once.
        const r = await call<Patient>("POST", "/patients", { body, idempotencyKey: key });
        pendingDupes = r.data.possible_duplicates ?? [];
        app.flash(`Registered ${personName(r.data)} (${r.data.mrn})`);
        navigate(`/patients/${r.data.id}`, true);
      }
    } catch (e) {
      setProblems(problemsOf(e, patientFields));
    }
  });

  useEffect(() => {
    if (pendingDupes.length && id !== null) {
      setDupes(pendingDupes);
      pendingDupes = [];
    }
  }, [id]);

  if (loadError)
    return (
      <main id="main" class="page">
        <Alert>{loadError}</Alert>
      </main>
    );
  if (id !== null && !patient)
    return (
      <main id="main" class="page">
        <Spinner />
      </main>
    );
  return (
    <main id="main" class="page">
      <div class="toolbar">
        <h1>{patient ? personName(patient) : "Register a patient"}</h1>
        {patient && <span class="muted">{patient.mrn}</span>}
      </div>
      {dupes && dupes.length > 0 && (
        <Alert kind="info">
          <strong>Possible duplicate.</strong> This registration looks like{" "}
          {dupes.map((d, i) => (
            <span key={d.id}>
              {i > 0 && ", "}
              <a href={`/patients/${d.id}`} onClick={linkClick}>
                {d.mrn}
              </a>{" "}
              ({d.reason})
            </span>
          ))}
          . Check before booking; a manager can merge the records.
        </Alert>
      )}
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <fieldset>
          <legend>Demographics</legend>
          <div class="grid3">
            <TextField
              label="Family name"
              value={form.family_name}
              onInput={set("family_name")}
              error={err("family_name")}
              required
            />
            <TextField
              label="Given name"
              value={form.given_name}
              onInput={set("given_name")}
              error={err("given_name")}
              required
            />
            <TextField
              label="Middle name"
              value={form.middle_name}
              onInput={set("middle_name")}
              error={err("middle_name")}
            />
            <TextField
              label="Birth date"
              type="date"
              value={form.birth_date}
              onInput={set("birth_date")}
              error={err("birth_date")}
              required
            />
            <SelectField
              label="Sex"
              value={form.sex}
              onChange={set("sex")}
              options={["female", "male", "other", "unknown"].map((s) => ({ value: s, label: statusLabel(s) }))}
              error={err("sex")}
            />
            <TextField
              label="Preferred language"
              value={form.preferred_language}
              onInput={set("preferred_language")}
              error={err("preferred_language")}
              hint="Such as en, es"
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Contact</legend>
          <div class="grid3">
            <TextField
              label="Phone"
              type="tel"
              value={form.phone}
              onInput={set("phone")}
              error={err("phone")}
              hint="Such as +12175550123"
            />
            <TextField label="Email" type="email" value={form.email} onInput={set("email")} error={err("email")} />
          </div>
          <div class="grid3">
            <TextField
              label="Address"
              value={form.line1}
              onInput={set("line1")}
              error={err("address.line1") ?? err("address")}
            />
            <TextField label="Address line 2" value={form.line2} onInput={set("line2")} error={err("address.line2")} />
            <TextField label="City" value={form.city} onInput={set("city")} error={err("address.city")} />
            <TextField
              label="State"
              value={form.state}
              onInput={set("state")}
              error={err("address.state")}
              maxLength={2}
            />
            <TextField
              label="ZIP code"
              value={form.postal_code}
              onInput={set("postal_code")}
              error={err("address.postal_code")}
            />
          </div>
        </fieldset>
        <FormProblem
          problems={problems}
          onReload={() =>
            void load().then(() => {
              setProblems(noProblems);
              app.flash("Reloaded the latest version");
            })
          }
        />
        {can(app.user, "patient.write") && (
          <div class="actions">
            <button type="submit" class="primary" disabled={saving}>
              {patient ? "Save changes" : "Register"}
            </button>
          </div>
        )}
      </form>
      {patient && <PatientBalance patient={patient} />}
      {patient && <Coverages patient={patient} />}
      {patient && <VisitHistory patient={patient} />}
    </main>
  );
}
