// SPDX-License-Identifier: AGPL-3.0-or-later
// The front desk's dialogs, shared by the calendar, find-and-book and the flow board: book a
// visit (for an existing or a new patient, once or as a series), an appointment's details and
// steps, check-in with the co-pay and receipt, and check-out with the follow-up.
import { useEffect, useState } from "preact/hooks";
import { call, get, newKey } from "./api";
import { dateTimeIn, localParts, localToUtc, money, parseMoney, personName, statusLabel, timeIn } from "./format";
import { type NewPatient, PatientPicker } from "./patient_picker";
import { linkClick } from "./router";
import { can, providerName, roomName, typeOf, useApp } from "./state";
import type { Appointment, Coverage, Patient, Payment } from "./types";
import {
  Alert,
  Dialog,
  Field,
  FormActions,
  FormProblem,
  noProblems,
  problemsOf,
  SelectField,
  Spinner,
  TextField,
  useAction,
} from "./ui";

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

interface CheckInSummary {
  appointment: Appointment;
  patient: Patient;
  primary_coverage: Coverage | null;
  payer_name: string | null;
  copay_due_cents: number;
  copay_paid_cents: number;
  payments: Payment[];
}

/** Check-in: confirm demographics and coverage, take the co-pay, print the receipt. */
export function CheckInDialog({
  appointmentId,
  onDone,
  onClose,
}: {
  appointmentId: number;
  onDone: () => void;
  onClose: () => void;
}) {
  const { ref, flash, user } = useApp();
  // Taking money needs payment.collect (front desk, biller, manager); a clinician checks in only.
  const takesPayment = can(user, "payment.collect");
  const [s, setS] = useState<CheckInSummary | null>(null);
  const [demo, setDemo] = useState(false);
  const [cov, setCov] = useState(false);
  const [amount, setAmount] = useState("");
  const [method, setMethod] = useState("card");
  const [reference, setReference] = useState("");
  const [problems, setProblems] = useState(noProblems);
  const [receipt, setReceipt] = useState<Payment | null>(null);
  const load = () =>
    get<CheckInSummary>(`/appointments/${appointmentId}/check-in`).then((x) => {
      setS(x);
      const due = Math.max(0, x.copay_due_cents - x.copay_paid_cents);
      setAmount(due ? (due / 100).toFixed(2) : "");
    });
  useEffect(() => {
    load().catch((e) => setProblems(problemsOf(e, [])));
  }, [appointmentId]);

  const [submit, busy] = useAction(async () => {
    if (!s) return;
    setProblems(noProblems);
    const body: Record<string, unknown> = { demographics_confirmed: demo, coverage_confirmed: cov };
    if (takesPayment && amount.trim()) {
      const cents = parseMoney(amount);
      if (cents === null) {
        setProblems({ byField: { "copay.amount_cents": "Enter an amount such as 25.00" }, other: null, status: 422 });
        return;
      }
      if (cents > 0)
        body.copay = { amount_cents: cents, method, ...(reference.trim() ? { reference: reference.trim() } : {}) };
    }
    try {
      const r = await call<Appointment & { payment?: Payment | null }>(
        "POST",
        `/appointments/${appointmentId}/check-in`,
        { body, ifMatch: s.appointment.version },
      );
      flash(`${personName(s.patient)} is checked in`);
      if (r.data.payment) setReceipt(r.data.payment);
      else onDone();
    } catch (e) {
      setProblems(
        problemsOf(e, [
          "demographics_confirmed",
          "coverage_confirmed",
          "copay.amount_cents",
          "copay.method",
          "copay.reference",
        ]),
      );
    }
  });

  if (receipt && s) {
    const loc = ref.locations.find((l) => l.id === s.appointment.location_id);
    return (
      <Dialog title="Receipt" onClose={onDone}>
        <section class="receipt" aria-label="Receipt" data-testid="receipt">
          <h3>{loc?.name}</h3>
          <p class="muted">
            {loc?.address.line1}, {loc?.address.city}, {loc?.address.state} {loc?.address.postal_code}
          </p>
          <dl class="facts">
            <dt>Receipt</dt>
            <dd>{receipt.receipt_number}</dd>
            <dt>Patient</dt>
            <dd>{personName(s.patient)}</dd>
            <dt>Received</dt>
            <dd>{dateTimeIn(loc?.time_zone ?? "UTC", receipt.received_at)}</dd>
            <dt>Co-pay</dt>
            <dd>{money(receipt.amount_cents)}</dd>
            <dt>Paid by</dt>
            <dd>
              {receipt.method}
              {receipt.reference
                ? receipt.method === "card" && /^\d{4}$/.test(receipt.reference)
                  ? ` ending ${receipt.reference}`
                  : ` ref. ${receipt.reference}`
                : ""}
            </dd>
          </dl>
        </section>
        <div class="actions no-print">
          <button type="button" onClick={() => window.print()}>
            Print receipt
          </button>
          <a class="button" href={`/api/v1/payments/${receipt.id}/receipt.pdf`} target="_blank" rel="noopener">
            PDF receipt
          </a>
          <button type="button" class="primary" onClick={onDone}>
            Done
          </button>
        </div>
      </Dialog>
    );
  }
  return (
    <Dialog title="Check in" onClose={onClose} wide>
      {!s ? (
        problems.other ? (
          <FormProblem problems={problems} />
        ) : (
          <Spinner />
        )
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h3>{personName(s.patient)}</h3>
          <dl class="facts">
            <dt>Birth date</dt>
            <dd>{s.patient.birth_date}</dd>
            <dt>Phone</dt>
            <dd>{s.patient.phone ?? "none"}</dd>
            <dt>Address</dt>
            <dd>
              {s.patient.address
                ? `${s.patient.address.line1}, ${s.patient.address.city}, ${s.patient.address.state} ${s.patient.address.postal_code}`
                : "none"}
            </dd>
            <dt>Insurance</dt>
            <dd>
              {s.primary_coverage
                ? `${s.payer_name ?? "Payer"} · member ${s.primary_coverage.member_id}${s.primary_coverage.group_number ? ` · group ${s.primary_coverage.group_number}` : ""}`
                : "Self-pay (no coverage in force on the visit date)"}
            </dd>
            <dt>Co-pay due</dt>
            <dd data-testid="copay-due">
              {money(s.copay_due_cents)}
              {s.copay_paid_cents ? ` (${money(s.copay_paid_cents)} already paid)` : ""}
            </dd>
          </dl>
          <div class="checks">
            <label>
              <input
                type="checkbox"
                checked={demo}
                onChange={(e) => setDemo((e.currentTarget as HTMLInputElement).checked)}
              />{" "}
              Demographics confirmed with the patient
            </label>
            {s.primary_coverage && (
              <label>
                <input
                  type="checkbox"
                  checked={cov}
                  onChange={(e) => setCov((e.currentTarget as HTMLInputElement).checked)}
                />{" "}
                Insurance card seen
              </label>
            )}
          </div>
          {takesPayment && (
            <fieldset>
              <legend>Co-pay</legend>
              <div class="grid3">
                <TextField
                  label="Amount ($)"
                  value={amount}
                  onInput={setAmount}
                  inputMode="decimal"
                  error={problems.byField["copay.amount_cents"]}
                />
                <SelectField
                  label="Method"
                  value={method}
                  onChange={setMethod}
                  options={["card", "cash", "check", "other"].map((m) => ({ value: m, label: statusLabel(m) }))}
                  error={problems.byField["copay.method"]}
                />
                <TextField
                  label={
                    method === "card"
                      ? "Terminal reference or card last 4 digits"
                      : method === "check"
                        ? "Check number"
                        : "Reference"
                  }
                  value={reference}
                  onInput={setReference}
                  maxLength={method === "card" ? 4 : 40}
                  inputMode={method === "card" ? "numeric" : "text"}
                  error={problems.byField["copay.reference"]}
                />
              </div>
            </fieldset>
          )}
          <FormProblem problems={problems} onReload={() => void load().then(() => setProblems(noProblems))} />
          <FormActions onCancel={onClose} cancel="Back" submit="Check in" busy={busy} />
        </form>
      )}
    </Dialog>
  );
}

/** Check-out, optionally booking the follow-up in the same step (all or nothing). */
export function CheckOutDialog({
  appointment,
  onDone,
  onClose,
}: {
  appointment: Appointment;
  onDone: () => void;
  onClose: () => void;
}) {
  const { ref, flash } = useApp();
  const loc = ref.locations.find((l) => l.id === appointment.location_id)!;
  const zone = loc.time_zone;
  const [follow, setFollow] = useState(false);
  const [weeks, setWeeks] = useState("4");
  const [date, setDate] = useState("");
  const [time, setTime] = useState("");
  const [typeId, setTypeId] = useState(String(appointment.appointment_type_id));
  const [problems, setProblems] = useState(noProblems);
  const [suggesting, setSuggesting] = useState(false);

  // The first open slot about N weeks out with the same provider.
  const suggest = async (w: string) => {
    setSuggesting(true);
    try {
      const from = new Date(Date.now() + Number(w || "0") * 7 * 86400000).toISOString();
      const r = await get<{ items: { start: string }[] }>("/slots", {
        appointment_type_id: Number(typeId),
        location_id: appointment.location_id,
        provider_id: appointment.provider_id,
        from,
        limit: 1,
      });
      if (r.items[0]) {
        const [d, t] = localParts(zone, r.items[0].start);
        setDate(d);
        setTime(t);
      }
    } catch {
      /* the desk can type a time */
    } finally {
      setSuggesting(false);
    }
  };
  useEffect(() => {
    if (follow && !date) void suggest(weeks);
  }, [follow]);

  const [submit, busy] = useAction(async () => {
    setProblems(noProblems);
    const body: Record<string, unknown> = {};
    if (follow) {
      if (!date || !time) {
        setProblems({ byField: { "follow_up.start": "Choose the date and time" }, other: null, status: 422 });
        return;
      }
      const type = typeOf(ref, Number(typeId));
      const start = localToUtc(zone, date, time);
      body.follow_up = {
        start,
        end: new Date(Date.parse(start) + (type?.duration_minutes ?? 20) * 60000).toISOString(),
        appointment_type_id: Number(typeId),
        provider_id: appointment.provider_id,
      };
    }
    try {
      const r = await call<Appointment & { follow_up?: Appointment | null }>(
        "POST",
        `/appointments/${appointment.id}/check-out`,
        { body, ifMatch: appointment.version },
      );
      flash(
        r.data.follow_up
          ? `Checked out; follow-up booked for ${dateTimeIn(zone, r.data.follow_up.start)}`
          : "Checked out",
      );
      onDone();
    } catch (e) {
      setProblems(problemsOf(e, ["follow_up.start", "follow_up.end", "follow_up.appointment_type_id"]));
    }
  });

  return (
    <Dialog title="Check out" onClose={onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label class="check">
          <input
            type="checkbox"
            checked={follow}
            onChange={(e) => setFollow((e.currentTarget as HTMLInputElement).checked)}
          />{" "}
          Book a follow-up with {providerName(ref, appointment.provider_id)}
        </label>
        {follow && (
          <div class="grid2">
            <SelectField
              label="Visit type"
              value={typeId}
              onChange={setTypeId}
              options={ref.types.map((t) => ({ value: String(t.id), label: t.name }))}
              error={problems.byField["follow_up.appointment_type_id"]}
            />
            <Field label="In about">
              {(id) => (
                <select
                  id={id}
                  value={weeks}
                  onChange={(e) => {
                    const w = (e.currentTarget as HTMLSelectElement).value;
                    setWeeks(w);
                    void suggest(w);
                  }}
                >
                  {["1", "2", "4", "6", "12", "26", "52"].map((w) => (
                    <option key={w} value={w}>
                      {w} week{w === "1" ? "" : "s"}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField
              label="Date"
              type="date"
              value={date}
              onInput={setDate}
              error={problems.byField["follow_up.start"]}
            />
            <TextField
              label={`Time (${zone})`}
              type="time"
              value={time}
              onInput={setTime}
              error={problems.byField["follow_up.end"]}
            />
            {suggesting && <p class="muted">Finding the first open time…</p>}
          </div>
        )}
        <FormProblem problems={problems} />
        {problems.status === 409 && <p class="muted">The patient is not checked out; choose another time.</p>}
        <FormActions onCancel={onClose} cancel="Back" submit="Check out" busy={busy} />
      </form>
    </Dialog>
  );
}
