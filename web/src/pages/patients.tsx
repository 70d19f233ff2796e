// SPDX-License-Identifier: AGPL-3.0-or-later
// Patients: search as you type; the registration and edit form with the API's messages beside
// each field, a possible-duplicate warning, insurance coverages, and the visit history.
import { useEffect, useState } from "preact/hooks";
import { call, get, listAll, newKey } from "../api";
import { addDays, dateTimeIn, money, parseMoney, personName, statusLabel, todayIn } from "../format";
import { usePatientSearch } from "../patient_picker";
import { linkClick, navigate } from "../router";
import { can, providerName, typeOf, useApp, useLocationInfo } from "../state";
import type { Appointment, Coverage, Patient } from "../types";
import {
  Alert,
  Dialog,
  FormActions,
  FormProblem,
  ListTable,
  noProblems,
  problemsOf,
  SelectField,
  Spinner,
  TextField,
  useAction,
} from "../ui";

export function PatientsPage() {
  const { user } = useApp();
  const [text, setText] = useState("");
  const { items, loading, error } = usePatientSearch(text, 50);
  return (
    <main id="main" class="page">
      <div class="toolbar">
        <h1>Patients</h1>
        {can(user, "patient.write") && (
          <a class="button primary" href="/patients/new" onClick={linkClick}>
            Register a patient
          </a>
        )}
      </div>
      <div class="field search">
        <label for="patient-search">Search</label>
        <input
          id="patient-search"
          type="search"
          autoFocus
          autocomplete="off"
          placeholder="Name (Family, Given), birth date, phone or MRN"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {error && <Alert>{error}</Alert>}
      {loading && <Spinner label="Searching" />}
      {text.trim().length >= 2 && !loading && items.length === 0 && !error && <p>No patient matches.</p>}
      {items.length > 0 && (
        <ListTable headers={["Name", "Birth date", "MRN", "Phone"]} caption="Matching patients">
          {items.map((p) => (
            <tr key={p.id}>
              <td>
                <a href={`/patients/${p.id}`} onClick={linkClick}>
                  {personName(p)}
                  {p.middle_name ? ` ${p.middle_name}` : ""}
                </a>
              </td>
              <td>{p.birth_date}</td>
              <td>{p.mrn}</td>
              <td>{p.phone ?? ""}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </main>
  );
}

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
      {patient && <Coverages patient={patient} />}
      {patient && <History patient={patient} />}
    </main>
  );
}

function Coverages({ patient }: { patient: Patient }) {
  const { ref, user } = useApp();
  const writable = can(user, "patient.write");
  const [items, setItems] = useState<Coverage[] | null>(null);
  const [editing, setEditing] = useState<Coverage | "new" | null>(null);
  const load = () => listAll<Coverage>("/coverages", { patient_id: patient.id }).then(setItems);
  useEffect(() => {
    void load();
  }, [patient.id]);
  const order = { primary: 0, secondary: 1, tertiary: 2 } as Record<string, number>;
  return (
    <section class="panel" aria-labelledby="cov-h">
      <div class="toolbar">
        <h2 id="cov-h">Insurance</h2>
        {writable && (
          <button type="button" onClick={() => setEditing("new")}>
            Add coverage
          </button>
        )}
      </div>
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p>No insurance on file: the patient is self-pay.</p>
      ) : (
        <ListTable headers={["Order", "Payer", "Member ID", "Group", "Subscriber", "Co-pay", "In force"]} actions>
          {[...items]
            .sort((a, b) => (order[a.priority] ?? 9) - (order[b.priority] ?? 9))
            .map((c) => (
              <tr key={c.id} class={c.active === false ? "muted" : ""}>
                <td>{statusLabel(c.priority)}</td>
                <td>{ref.payers.find((p) => p.id === c.payer_id)?.name ?? c.payer_id}</td>
                <td>{c.member_id}</td>
                <td>{c.group_number ?? ""}</td>
                <td>
                  {["18", "self"].includes(c.subscriber.relationship)
                    ? "Self"
                    : `${c.subscriber.family_name ?? ""}, ${c.subscriber.given_name ?? ""} (${relationshipLabel(c.subscriber.relationship)})`}
                </td>
                <td>{money(c.copay_cents)}</td>
                <td>
                  {c.effective_date} – {c.end_date ?? "open"}
                </td>
                <td>
                  {writable && (
                    <button type="button" class="link" onClick={() => setEditing(c)}>
                      Edit
                    </button>
                  )}
                </td>
              </tr>
            ))}
        </ListTable>
      )}
      {editing && (
        <CoverageDialog
          patient={patient}
          coverage={editing === "new" ? null : editing}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

const relationships = [
  { value: "18", label: "Self" },
  { value: "01", label: "Spouse" },
  { value: "19", label: "Child" },
  { value: "20", label: "Employee" },
  { value: "53", label: "Life partner" },
  { value: "G8", label: "Other" },
];
function relationshipLabel(code: string): string {
  return relationships.find((r) => r.value === code)?.label ?? code;
}

const coverageFields = [
  "payer_id",
  "member_id",
  "group_number",
  "plan_name",
  "priority",
  "effective_date",
  "end_date",
  "copay_cents",
  "subscriber",
  "subscriber.relationship",
  "subscriber.family_name",
  "subscriber.given_name",
  "subscriber.birth_date",
];

function CoverageDialog({
  patient,
  coverage,
  onSaved,
  onClose,
}: {
  patient: Patient;
  coverage: Coverage | null;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { ref, flash } = useApp();
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const payers = ref.payers.filter((p) => p.active !== false);
  const [current, setCurrent] = useState<Coverage | null>(coverage);
  const init = (c: Coverage | null) => ({
    payer_id: String(c?.payer_id ?? payers[0]?.id ?? ""),
    member_id: c?.member_id ?? "",
    group_number: c?.group_number ?? "",
    plan_name: c?.plan_name ?? "",
    priority: c?.priority ?? "primary",
    effective_date: c?.effective_date ?? todayIn(zone),
    end_date: c?.end_date ?? "",
    copay: c ? (c.copay_cents / 100).toFixed(2) : "0.00",
    relationship: c?.subscriber.relationship === "self" ? "18" : (c?.subscriber.relationship ?? "18"),
    sub_family: c?.subscriber.family_name ?? "",
    sub_given: c?.subscriber.given_name ?? "",
    sub_birth: c?.subscriber.birth_date ?? "",
  });
  const [f, setF] = useState(init(coverage));
  const [problems, setProblems] = useState(noProblems);
  const [key] = useState(newKey);
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const e = (k: string) => problems.byField[k];

  const [save, busy] = useAction(async () => {
    setProblems(noProblems);
    const cents = parseMoney(f.copay || "0");
    if (cents === null) {
      setProblems({ byField: { copay_cents: "Enter an amount such as 25.00" }, other: null, status: 422 });
      return;
    }
    const self = f.relationship === "18";
    const body: Record<string, unknown> = {
      patient_id: patient.id,
      payer_id: Number(f.payer_id),
      member_id: f.member_id,
      group_number: f.group_number || null,
      plan_name: f.plan_name || null,
      priority: f.priority,
      effective_date: f.effective_date,
      end_date: f.end_date || null,
      copay_cents: cents,
      subscriber: self
        ? { relationship: "18" }
        : {
            relationship: f.relationship,
            family_name: f.sub_family,
            given_name: f.sub_given,
            birth_date: f.sub_birth || undefined,
          },
    };
    try {
      if (current) await call("PATCH", `/coverages/${current.id}`, { body, ifMatch: current.version });
      else await call("POST", "/coverages", { body, idempotencyKey: key });
      flash("Coverage saved");
      onSaved();
    } catch (err) {
      setProblems(problemsOf(err, coverageFields));
    }
  });

  return (
    <Dialog title={current ? "Edit coverage" : "Add coverage"} onClose={onClose} wide>
      <form
        onSubmit={(ev) => {
          ev.preventDefault();
          void save();
        }}
        noValidate
      >
        <div class="grid3">
          <SelectField
            label="Payer"
            value={f.payer_id}
            onChange={set("payer_id")}
            options={payers.map((p) => ({ value: String(p.id), label: p.name }))}
            error={e("payer_id")}
          />
          <SelectField
            label="Order"
            value={f.priority}
            onChange={set("priority")}
            options={["primary", "secondary", "tertiary"].map((p) => ({ value: p, label: statusLabel(p) }))}
            error={e("priority")}
          />
          <TextField label="Member ID" value={f.member_id} onInput={set("member_id")} error={e("member_id")} required />
          <TextField
            label="Group number"
            value={f.group_number}
            onInput={set("group_number")}
            error={e("group_number")}
          />
          <TextField label="Plan name" value={f.plan_name} onInput={set("plan_name")} error={e("plan_name")} />
          <TextField
            label="Co-pay ($)"
            value={f.copay}
            onInput={set("copay")}
            inputMode="decimal"
            error={e("copay_cents")}
          />
          <TextField
            label="In force from"
            type="date"
            value={f.effective_date}
            onInput={set("effective_date")}
            error={e("effective_date")}
          />
          <TextField
            label="In force until"
            type="date"
            value={f.end_date}
            onInput={set("end_date")}
            error={e("end_date")}
            hint="Empty: open-ended"
          />
        </div>
        <fieldset>
          <legend>Subscriber (the insured person)</legend>
          <div class="grid3">
            <SelectField
              label="Patient's relationship to the subscriber"
              value={f.relationship}
              onChange={set("relationship")}
              options={relationships}
              error={e("subscriber.relationship") ?? e("subscriber")}
            />
            {f.relationship !== "18" && (
              <>
                <TextField
                  label="Subscriber family name"
                  value={f.sub_family}
                  onInput={set("sub_family")}
                  error={e("subscriber.family_name")}
                />
                <TextField
                  label="Subscriber given name"
                  value={f.sub_given}
                  onInput={set("sub_given")}
                  error={e("subscriber.given_name")}
                />
                <TextField
                  label="Subscriber birth date"
                  type="date"
                  value={f.sub_birth}
                  onInput={set("sub_birth")}
                  error={e("subscriber.birth_date")}
                />
              </>
            )}
          </div>
        </fieldset>
        <FormProblem
          problems={problems}
          onReload={() =>
            current &&
            void get<Coverage>(`/coverages/${current.id}`).then((c) => {
              setCurrent(c);
              setF(init(c));
              setProblems(noProblems);
            })
          }
        />
        <FormActions onCancel={onClose} cancel="Cancel" submit="Save coverage" busy={busy} />
      </form>
    </Dialog>
  );
}

function History({ patient }: { patient: Patient }) {
  const { ref } = useApp();
  const [items, setItems] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const today = todayIn("UTC");
    get<{ items: Appointment[] }>("/appointments", {
      patient_id: patient.id,
      from: `${addDays(today, -3000)}T00:00:00Z`,
      to: `${addDays(today, 600)}T00:00:00Z`,
      include_cancelled: true,
    })
      .then((r) => setItems(r.items.reverse()))
      .catch((e) => setError((e as Error).message));
  }, [patient.id]);
  return (
    <section class="panel" aria-labelledby="hist-h">
      <h2 id="hist-h">Visits</h2>
      {error && <Alert>{error}</Alert>}
      {!items && !error && <Spinner />}
      {items && items.length === 0 && <p>No visits yet.</p>}
      {items && items.length > 0 && (
        <ListTable headers={["When", "Type", "Provider", "Location", "Status"]}>
          {items.map((a) => {
            const loc = ref.locations.find((l) => l.id === a.location_id);
            return (
              <tr key={a.id}>
                <td>{dateTimeIn(loc?.time_zone ?? "UTC", a.start)}</td>
                <td>{typeOf(ref, a.appointment_type_id)?.name}</td>
                <td>{providerName(ref, a.provider_id)}</td>
                <td>{loc?.name}</td>
                <td>
                  <span class={`status s-${a.status}`}>{statusLabel(a.status)}</span>
                </td>
              </tr>
            );
          })}
        </ListTable>
      )}
      <p class="muted small">Balances appear here when billing is set up.</p>
    </section>
  );
}
