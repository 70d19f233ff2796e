// SPDX-License-Identifier: AGPL-3.0-or-later
// Check-out, optionally booking the follow-up in the same step.
import { useEffect, useState } from "preact/hooks";
import { call, get } from "../api";
import {
  dateTimeIn,
  Dialog,
  Field,
  FormActions,
  FormProblem,
  localParts,
  localToUtc,
  noProblems,
  problemsOf,
  SelectField,
  TextField,
  useAction,
} from "../components";
import { navigate } from "../router";
import { can, providerName, typeOf, useApp } from "../state";
import type { Appointment } from "../types";

export function CheckOutDialog({
  appointment,
  onDone,
  onClose,
}: {
  appointment: Appointment;
  onDone: () => void;
  onClose: () => void;
}) {
  const { ref, flash, user } = useApp();
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

  // "Finish and enter charges" checks out and goes on to the visit's charge entry (charge.entry).
  const [submit, busy] = useAction(async (thenCharges: boolean) => {
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
      if (thenCharges) navigate(`/billing/charges/visit/${appointment.id}`);
    } catch (e) {
      setProblems(problemsOf(e, ["follow_up.start", "follow_up.end", "follow_up.appointment_type_id"]));
    }
  });

  return (
    <Dialog title="Check out" onClose={onClose} wide>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit((e as SubmitEvent).submitter?.dataset.charges === "1");
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
        {can(user, "charge.entry") && (
          <div class="actions">
            <button type="submit" disabled={busy} data-charges="1">
              Finish and enter charges
            </button>
          </div>
        )}
      </form>
    </Dialog>
  );
}
