// SPDX-License-Identifier: AGPL-3.0-or-later
// One encounter's page under Billing › Charges: a new standalone one ("new"), the one of a visit
// ("visit/:id": opened from check-out or the appointment; a visit already coded goes to its
// encounter), or a stored one (":id"): coded while open, shown with its history once finalised,
// and corrected from there.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, dateTimeIn, formatCents, localParts, Spinner, todayIn } from "../components";
import { linkClick, navigate } from "../router";
import { can, typeOf, useApp, useLocationInfo } from "../state";
import type { Appointment, Patient } from "../types";
import { describeDiagnoses, encounterOfVisit, superbillOf } from "./charge_data";
import { ChargeForm, type Saved } from "./charge_form";
import { type Draft, draftFromEncounter, type Mode, newLine } from "./charge_model";
import type { CodeWarning, Encounter, Superbill } from "./charge_types";
import { EncounterClaims } from "./encounter_claim";
import { EncounterHistory } from "./encounter_history";
import { EncounterView } from "./encounter_view";

type Target = { kind: "new" } | { kind: "visit"; appointmentId: number } | { kind: "stored"; id: number };

interface Loaded {
  encounter: Encounter | null;
  patient: Patient | null;
  appointment: Appointment | null;
  draft: Draft;
  descriptions: Record<string, string>;
  superbill: Superbill | null;
}

const base = "/billing/charges";
let carried: { id: number; notice: string | null; warnings: CodeWarning[] } | null = null;

export function EncounterPage({ target }: { target: Target }) {
  const { ref, user, flash } = useApp();
  const here = useLocationInfo();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [warnings, setWarnings] = useState<CodeWarning[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const mayEnter = can(user, "charge.entry");
  const mayPost = can(user, "billing.post");
  const zoneOf = (locationId: number) =>
    ref.locations.find((l) => l.id === locationId)?.time_zone ?? here?.time_zone ?? "UTC";

  const load = async (): Promise<Loaded> => {
    if (target.kind === "stored") {
      const e = await get<Encounter>(`/encounters/${target.id}`);
      const [patient, descriptions, appointment] = await Promise.all([
        get<Patient>(`/patients/${e.patient_id}`),
        describeDiagnoses(e.diagnoses, e.date_of_service),
        e.appointment_id ? get<Appointment>(`/appointments/${e.appointment_id}`).catch(() => null) : null,
      ]);
      const superbill = appointment
        ? await superbillOf(appointment.appointment_type_id, e.date_of_service).catch(() => null)
        : null;
      return {
        encounter: e,
        patient,
        appointment,
        draft: draftFromEncounter(e, descriptions),
        descriptions,
        superbill,
      };
    }
    if (target.kind === "visit") {
      const a = await get<Appointment>(`/appointments/${target.appointmentId}`);
      const existing = await encounterOfVisit(a.patient_id, a.id);
      if (existing) {
        navigate(`${base}/${existing.id}`, true);
        throw new Error("moved");
      }
      const date = localParts(zoneOf(a.location_id), a.start)[0];
      const [patient, superbill] = await Promise.all([
        get<Patient>(`/patients/${a.patient_id}`),
        superbillOf(a.appointment_type_id, date).catch(() => null),
      ]);
      const draft: Draft = {
        patientId: a.patient_id,
        providerId: String(a.provider_id),
        locationId: String(a.location_id),
        date,
        appointmentId: a.id,
        diagnoses: [],
        // The visit type's superbill is the starting point; pointers are set as diagnoses come.
        lines: (superbill?.items ?? []).map((it) => newLine(it.code, "")),
      };
      if (draft.lines.length === 0) draft.lines.push(newLine("", ""));
      return { encounter: null, patient, appointment: a, draft, descriptions: {}, superbill };
    }
    const loc = here ?? ref.locations[0];
    const draft: Draft = {
      patientId: null,
      providerId: "",
      locationId: loc ? String(loc.id) : "",
      date: todayIn(loc?.time_zone ?? "UTC"),
      appointmentId: null,
      diagnoses: [],
      lines: [newLine("", "")],
    };
    return { encounter: null, patient: null, appointment: null, draft, descriptions: {}, superbill: null };
  };

  const targetKey = target.kind === "stored" ? target.id : target.kind === "visit" ? -target.appointmentId : 0;
  useEffect(() => {
    // What a save on the page of a visit or a new encounter said, carried to the stored one.
    const c = carried && target.kind === "stored" && carried.id === target.id ? carried : null;
    carried = null;
    setWarnings(c?.warnings ?? []);
    setNotice(c?.notice ?? null);
  }, [targetKey]);
  useEffect(() => {
    setData(null);
    setError(null);
    setCorrecting(false);
    load()
      .then(setData)
      .catch((e) => {
        if ((e as Error).message !== "moved") setError((e as Error).message);
      });
  }, [targetKey, tick]);

  const onSaved = (s: Saved) => {
    setCorrecting(false);
    let said: string | null;
    let warned: CodeWarning[];
    if (s.how === "saved") {
      warned = s.warnings;
      said = s.problem ? `Saved as a draft, but not finalised: ${s.problem}` : null;
      flash("Draft saved");
    } else {
      warned = s.answer.warnings;
      const posted = s.answer.entries.filter((x) => x.kind === "charge").reduce((t, x) => t + x.amount_cents, 0);
      said =
        s.how === "finalized"
          ? `Finalised: ${formatCents(posted)} posted, billed to the ${s.answer.billed_to}.`
          : `Correction ${s.encounter.corrections} posted: ${s.answer.entries.length} ledger entries.`;
      flash(s.how === "finalized" ? "Finalised" : "Correction posted");
    }
    if (target.kind === "stored" && target.id === s.encounter.id) {
      setWarnings(warned);
      setNotice(said);
      setTick((t) => t + 1);
    } else {
      carried = { id: s.encounter.id, notice: said, warnings: warned };
      navigate(`${base}/${s.encounter.id}`, true);
    }
  };

  const title =
    target.kind === "new" ? "New charges" : data?.encounter ? `Encounter ${data.encounter.id}` : "Charges for a visit";
  let body;
  if (error) body = <Alert>{error}</Alert>;
  else if (!data) body = <Spinner />;
  else {
    const e = data.encounter;
    const zone = zoneOf(e?.location_id ?? Number(data.draft.locationId));
    const a = data.appointment;
    const visit = a ? `${typeOf(ref, a.appointment_type_id)?.name ?? "Visit"} on ${dateTimeIn(zone, a.start)}` : null;
    const editable = !e || (e.status === "open" && mayEnter);
    const mode: Mode = !e ? "create" : correcting ? "correct" : "edit";
    body = (
      <>
        {notice && <Alert kind="ok">{notice}</Alert>}
        {editable || correcting ? (
          <ChargeForm
            mode={mode}
            initial={data.draft}
            encounter={e}
            patient={data.patient}
            standalone={!a && !e?.appointment_id}
            visit={visit}
            superbill={data.superbill}
            onSuperbillType={
              a
                ? null
                : (typeId, date) =>
                    void superbillOf(typeId, date)
                      .then((s) => setData((d) => (d ? { ...d, superbill: s } : d)))
                      .catch((x) => setError((x as Error).message))
            }
            warnings={warnings}
            onSaved={onSaved}
            onCancel={() => (correcting ? setCorrecting(false) : history.length > 1 ? history.back() : navigate(base))}
          />
        ) : (
          <>
            <p data-testid="charge-patient">
              {data.patient ? `${data.patient.family_name}, ${data.patient.given_name}` : ""}
              {visit ? ` · ${visit}` : ` · ${e!.date_of_service}`}
            </p>
            {warnings.length > 0 && (
              <Alert kind="info">
                {warnings.map((w) => (
                  <p key={w.code + w.message}>{w.message}</p>
                ))}
              </Alert>
            )}
            <EncounterView
              encounter={e!}
              descriptions={data.descriptions}
              zone={zone}
              onCorrect={
                e!.status === "finalized" && mayPost
                  ? () => {
                      setNotice(null);
                      setCorrecting(true);
                    }
                  : null
              }
            />
          </>
        )}
        {e && e.status === "finalized" && !correcting && <EncounterClaims encounterId={e.id} />}
        {e && e.status === "finalized" && <EncounterHistory id={e.id} zone={zone} tick={tick} />}
      </>
    );
  }
  return (
    <div class="charge-page">
      <div class="toolbar">
        <h2 class="page-title">{title}</h2>
        <a href={base} onClick={linkClick}>
          All charges
        </a>
      </div>
      {body}
    </div>
  );
}
