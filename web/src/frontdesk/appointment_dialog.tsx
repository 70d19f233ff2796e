// SPDX-License-Identifier: AGPL-3.0-or-later
// One appointment: who, when, its status, and the next steps the desk can take (confirm, check
// in, check out, move, no-show, cancel).
import { useEffect, useState } from "preact/hooks";
import { call, get } from "../api";
import {
  dateTimeIn,
  Dialog,
  FormActions,
  FormProblem,
  localParts,
  localToUtc,
  noProblems,
  personName,
  problemsOf,
  SelectField,
  Spinner,
  statusLabel,
  TextField,
  timeIn,
  useAction,
} from "../components";
import { linkClick } from "../router";
import { can, providerName, roomName, typeOf, useApp } from "../state";
import type { Appointment, Patient } from "../types";
import { CheckInDialog } from "./checkin_dialog";
import { CheckOutDialog } from "./checkout_dialog";

interface ApptProps {
  id: number;
  onChanged: () => void;
  onClose: () => void;
}

/** One appointment: who, when, its status, and the next steps the desk can take. */
export function AppointmentDialog({ id, onChanged, onClose }: ApptProps) {
  const { ref, flash, user } = useApp();
  const writable = can(user, "schedule.write");
  const [appt, setAppt] = useState<Appointment | null>(null);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [problems, setProblems] = useState(noProblems);
  const [mode, setMode] = useState<"view" | "cancel" | "move" | "checkin" | "checkout">("view");
  const [reason, setReason] = useState("");
  const [moveDate, setMoveDate] = useState("");
  const [moveTime, setMoveTime] = useState("");
  const [moveProvider, setMoveProvider] = useState("");
  const [scope, setScope] = useState("this");

  const load = async () => {
    const a = await get<Appointment>(`/appointments/${id}`);
    setAppt(a);
    setPatient(await get<Patient>(`/patients/${a.patient_id}`));
  };
  useEffect(() => {
    load().catch((e) => setProblems(problemsOf(e, [])));
  }, [id]);

  const loc = appt ? ref.locations.find((l) => l.id === appt.location_id) : undefined;
  const zone = loc?.time_zone ?? "UTC";

  const [step, busy] = useAction(async (path: string, body: unknown = {}) => {
    if (!appt) return;
    setProblems(noProblems);
    try {
      await call("POST", `/appointments/${appt.id}/${path}`, { body, ifMatch: appt.version });
      flash(`${statusLabel(path)}: done`);
      onChanged();
      setMode("view");
      await load();
    } catch (e) {
      setProblems(problemsOf(e, ["reason", "start", "end", "provider_id", "room_id", "scope"]));
    }
  });

  if (!appt || !patient || !loc) {
    return (
      <Dialog title="Appointment" onClose={onClose}>
        {problems.other ? <FormProblem problems={problems} /> : <Spinner />}
      </Dialog>
    );
  }
  if (mode === "checkin") {
    return (
      <CheckInDialog
        appointmentId={appt.id}
        onDone={() => {
          onChanged();
          onClose();
        }}
        onClose={() => setMode("view")}
      />
    );
  }
  if (mode === "checkout") {
    return (
      <CheckOutDialog
        appointment={appt}
        onDone={() => {
          onChanged();
          onClose();
        }}
        onClose={() => setMode("view")}
      />
    );
  }
  const type = typeOf(ref, appt.appointment_type_id);
  const holding = ["booked", "confirmed"].includes(appt.status);
  const duration = Date.parse(appt.end) - Date.parse(appt.start);
  return (
    <Dialog title={`${personName(patient)}: ${type?.name ?? "Visit"}`} onClose={onClose} wide>
      <dl class="facts">
        <dt>When</dt>
        <dd>
          {dateTimeIn(zone, appt.start)} – {timeIn(zone, appt.end)} <span class="muted">({zone})</span>
        </dd>
        <dt>Provider</dt>
        <dd>{providerName(ref, appt.provider_id)}</dd>
        <dt>Room</dt>
        <dd>{roomName(ref, appt.room_id) || "Not yet"}</dd>
        <dt>Status</dt>
        <dd>
          <span class={`status s-${appt.status}`}>{statusLabel(appt.status)}</span>
          {appt.series_id ? " · part of a series" : ""}
          {appt.overbooked ? " · overbooked" : ""}
        </dd>
        <dt>Patient</dt>
        <dd>
          {patient.birth_date} · {patient.mrn} · {patient.phone ?? "no phone"}{" "}
          <a href={`/patients/${patient.id}`} onClick={linkClick}>
            Open record
          </a>
        </dd>
        {appt.note && (
          <>
            <dt>Note</dt>
            <dd>{appt.note}</dd>
          </>
        )}
        {["arrived", "roomed", "with_provider", "checked_out"].includes(appt.status) &&
          can(user, "charge.entry", "billing.post") && (
            <>
              <dt>Charges</dt>
              <dd>
                <a
                  href={`/billing/charges/visit/${appt.id}`}
                  onClick={(e) => {
                    linkClick(e);
                    onClose();
                  }}
                >
                  Enter charges for this visit
                </a>
              </dd>
            </>
          )}
      </dl>
      <FormProblem problems={problems} onReload={() => void load().then(() => setProblems(noProblems))} />
      {mode === "cancel" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void step("cancel", appt.series_id ? { reason, scope } : { reason });
          }}
        >
          <TextField label="Reason" value={reason} onInput={setReason} error={problems.byField.reason} autoFocus />
          {appt.series_id && <ScopeField value={scope} onChange={setScope} />}
          <FormActions onCancel={() => setMode("view")} cancel="Back" submit="Cancel the visit" busy={busy} danger />
        </form>
      )}
      {mode === "move" && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const start = localToUtc(zone, moveDate, moveTime);
            const body: Record<string, unknown> = {
              start,
              end: new Date(Date.parse(start) + duration).toISOString(),
              provider_id: Number(moveProvider),
            };
            if (appt.series_id) body.scope = scope;
            void step("reschedule", body);
          }}
        >
          <div class="grid2">
            <TextField label="Date" type="date" value={moveDate} onInput={setMoveDate} error={problems.byField.start} />
            <TextField label={`Time (${zone})`} type="time" value={moveTime} onInput={setMoveTime} />
            <SelectField
              label="Provider"
              value={moveProvider}
              onChange={setMoveProvider}
              options={ref.providers
                .filter((p) => p.location_ids.includes(appt.location_id))
                .map((p) => ({ value: String(p.id), label: providerName(ref, p.id) }))}
              error={problems.byField.provider_id}
            />
            {appt.series_id && <ScopeField value={scope} onChange={setScope} />}
          </div>
          <FormActions onCancel={() => setMode("view")} cancel="Back" submit="Move" busy={busy} />
        </form>
      )}
      {mode === "view" && writable && (
        <div class="actions wrap">
          {appt.status === "booked" && (
            <button type="button" onClick={() => void step("confirm")} disabled={busy}>
              Confirm
            </button>
          )}
          {holding && (
            <button type="button" class="primary" onClick={() => setMode("checkin")}>
              Check in
            </button>
          )}
          {["arrived", "roomed", "with_provider"].includes(appt.status) && (
            <button type="button" class="primary" onClick={() => setMode("checkout")}>
              Check out
            </button>
          )}
          {holding && (
            <button
              type="button"
              onClick={() => {
                const [d, t] = localParts(zone, appt.start);
                setMoveDate(d);
                setMoveTime(t);
                setMoveProvider(String(appt.provider_id));
                setMode("move");
              }}
            >
              Move
            </button>
          )}
          {holding && Date.parse(appt.start) < Date.now() && (
            <button type="button" onClick={() => void step("no-show")} disabled={busy}>
              No-show
            </button>
          )}
          {holding && (
            <button type="button" class="danger" onClick={() => setMode("cancel")}>
              Cancel visit
            </button>
          )}
        </div>
      )}
    </Dialog>
  );
}

function ScopeField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <SelectField
      label="Which visits of the series"
      value={value}
      onChange={onChange}
      options={[
        { value: "this", label: "Only this one" },
        { value: "following", label: "This and the later ones" },
        { value: "all", label: "Every future one" },
      ]}
    />
  );
}
