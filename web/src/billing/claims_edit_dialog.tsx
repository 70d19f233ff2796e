// SPDX-License-Identifier: AGPL-3.0-or-later
// The claim's own details (PATCH /api/v1/claims/{id}): prior authorization, referral number,
// referring provider and onset date; opened from a finding with its field focused.
import { useEffect, useRef, useState } from "preact/hooks";
import { call } from "../api";
import {
  Dialog,
  FormActions,
  FormProblem,
  noProblems,
  problemsOf,
  SelectField,
  TextField,
  useAction,
} from "../components";
import { providerName, useApp } from "../state";
import type { ClaimField } from "./claims_fix";
import { focusLabelled } from "./claims_fix";
import type { ClaimDetail, ClaimSummary } from "./claims_types";

const labels: Record<ClaimField, string> = {
  prior_authorization: "Prior authorization number",
  referral_number: "Referral number",
  referring_provider_id: "Referring provider",
  onset_date: "Onset of the condition",
};
const fields = Object.keys(labels);

export function ClaimEditDialog(p: {
  claim: ClaimDetail;
  focus?: ClaimField;
  onSaved: (c: ClaimSummary) => void;
  onClose: () => void;
}) {
  const { ref } = useApp();
  const c = p.claim;
  const [f, setF] = useState({
    prior_authorization: c.prior_authorization ?? "",
    referral_number: c.referral_number ?? "",
    referring_provider_id: c.referring_provider_id ? String(c.referring_provider_id) : "",
    onset_date: c.onset_date ?? "",
  });
  const [problems, setProblems] = useState(noProblems);
  const body = useRef<HTMLFormElement>(null);
  const set = (k: keyof typeof f) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  useEffect(() => {
    if (p.focus) setTimeout(() => focusLabelled(body.current, labels[p.focus!]));
  }, []);

  const [save, busy] = useAction(async () => {
    setProblems(noProblems);
    try {
      const r = await call<ClaimSummary>("PATCH", `/claims/${c.id}`, {
        body: {
          prior_authorization: f.prior_authorization.trim(),
          referral_number: f.referral_number.trim(),
          referring_provider_id: f.referring_provider_id ? Number(f.referring_provider_id) : null,
          onset_date: f.onset_date || null,
        },
        ifMatch: c.version,
      });
      p.onSaved(r.data);
    } catch (e) {
      setProblems(problemsOf(e, fields));
    }
  });

  return (
    <Dialog title={`Claim ${c.patient_control_number}: details`} onClose={p.onClose}>
      <form
        ref={body}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <p class="muted">These belong to the claim itself; everything else comes from the visit and its records.</p>
        <TextField
          label={labels.prior_authorization}
          value={f.prior_authorization}
          onInput={set("prior_authorization")}
          error={problems.byField.prior_authorization}
          maxLength={50}
        />
        <TextField
          label={labels.referral_number}
          value={f.referral_number}
          onInput={set("referral_number")}
          error={problems.byField.referral_number}
          maxLength={50}
        />
        <SelectField
          label={labels.referring_provider_id}
          value={f.referring_provider_id}
          onChange={set("referring_provider_id")}
          placeholder="None"
          options={ref.providers.map((x) => ({ value: String(x.id), label: providerName(ref, x.id) }))}
          error={problems.byField.referring_provider_id}
        />
        <TextField
          label={labels.onset_date}
          type="date"
          value={f.onset_date}
          onInput={set("onset_date")}
          error={problems.byField.onset_date}
        />
        <FormProblem problems={problems} />
        <FormActions onCancel={p.onClose} cancel="Cancel" submit="Save the claim" busy={busy} />
      </form>
    </Dialog>
  );
}
