// SPDX-License-Identifier: AGPL-3.0-or-later
// Add or edit one coverage: payer, member and group, co-pay, dates and the subscriber.
import { useState } from "preact/hooks";
import { call, get, newKey } from "../api";
import {
  Dialog,
  FormActions,
  FormProblem,
  noProblems,
  parseDollars,
  problemsOf,
  SelectField,
  statusLabel,
  TextField,
  todayIn,
  useAction,
} from "../components";
import { useApp, useLocationInfo } from "../state";
import type { Coverage, Patient } from "../types";

export const relationships = [
  { value: "18", label: "Self" },
  { value: "01", label: "Spouse" },
  { value: "19", label: "Child" },
  { value: "20", label: "Employee" },
  { value: "53", label: "Life partner" },
  { value: "G8", label: "Other" },
];
export function relationshipLabel(code: string): string {
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

export function CoverageDialog({
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
    const cents = parseDollars(f.copay || "0");
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
