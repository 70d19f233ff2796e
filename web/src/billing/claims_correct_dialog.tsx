// SPDX-License-Identifier: AGPL-3.0-or-later
// Replacing (frequency 7) or voiding (frequency 8) a claim the payer has: the new claim is made
// from the visit as it is now, with the payer's claim number; the old one becomes corrected.
import { useState } from "preact/hooks";
import { call } from "../api";
import { Dialog, FormActions, FormProblem, noProblems, problemsOf, useAction } from "../components";
import type { ClaimSummary } from "./claims_types";

export function CorrectClaimDialog(p: {
  claim: ClaimSummary;
  action: "replace" | "void";
  onDone: (made: ClaimSummary) => void;
  onClose: () => void;
}) {
  const [problems, setProblems] = useState(noProblems);
  const replace = p.action === "replace";
  const [run, busy] = useAction(async () => {
    setProblems(noProblems);
    try {
      p.onDone((await call<ClaimSummary>("POST", `/claims/${p.claim.id}/${p.action}`)).data);
    } catch (e) {
      setProblems(problemsOf(e, []));
    }
  });
  return (
    <Dialog title={`${replace ? "Replace" : "Void"} claim ${p.claim.patient_control_number}`} onClose={p.onClose}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <p>
          {replace
            ? "A replacement claim is made from the visit as it is now (correct the charges first), with the payer's claim number. "
            : "A void claim tells the payer to cancel this claim. "}
          This claim becomes <strong>corrected</strong>; the new one is scrubbed and batched like any other.
        </p>
        {!p.claim.payer_claim_number && (
          <p class="muted">
            The payer has not given its claim number yet; the payer may not find the claim without it.
          </p>
        )}
        <FormProblem problems={problems} />
        <FormActions
          onCancel={p.onClose}
          cancel="Keep the claim"
          submit={replace ? "Make the replacement claim" : "Make the void claim"}
          busy={busy}
          danger={!replace}
        />
      </form>
    </Dialog>
  );
}
