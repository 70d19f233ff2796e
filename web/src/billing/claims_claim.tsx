// SPDX-License-Identifier: AGPL-3.0-or-later
// One claim beside the queue: what it bills, its findings with a way to fix each, scrub again,
// its details, the CMS-1500, replace or void, and its history with the 999/277CA answers.
// A fix made in a dialog scrubs the claim again at once and says what is left.
import { useEffect, useRef, useState } from "preact/hooks";
import { call, get } from "../api";
import { Alert, formatCents, Spinner, stampIn, statusLabel, useAction } from "../components";
import { linkClick, navigate } from "../router";
import { can, useApp } from "../state";
import { ClaimEditDialog } from "./claims_edit_dialog";
import { ClaimHistory } from "./claims_history";
import { CorrectClaimDialog } from "./claims_correct_dialog";
import { CoverageFix } from "./claims_coverage_fix";
import { EncounterFixDialog } from "./claims_encounter_dialog";
import { FindingsList } from "./claims_findings";
import { type ClaimField, type FixTarget, focusWhenShown } from "./claims_fix";
import { type ClaimDetail, type ClaimSummary, correctable, partyName, scrubbable, stateLabels } from "./claims_types";

type Open =
  | { what: "edit"; focus?: ClaimField }
  | { what: "coverage"; label: string }
  | { what: "encounter"; target: Extract<FixTarget, { kind: "encounter" }> }
  | { what: "replace" | "void" };

/** "Scrubbed again: ..." in words, from the claim the scrub answered. */
export function scrubResult(c: ClaimSummary, again: boolean): string {
  const done = again ? "Scrubbed again" : "Scrubbed";
  if (c.state === "ready")
    return `${done}: no errors${c.warnings ? ` (${c.warnings} warning${c.warnings > 1 ? "s" : ""})` : ""}. Claim ${c.patient_control_number} is ready to batch.`;
  return `${done}: ${c.errors} error${c.errors === 1 ? "" : "s"} ${again ? "left " : ""}on claim ${c.patient_control_number}.`;
}

export function ClaimPanel(p: {
  id: number;
  zone: string;
  onChanged: (changed: ClaimSummary[]) => void;
  onClose: () => void;
}) {
  const { user, ref, flash } = useApp();
  const [claim, setClaim] = useState<ClaimDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Open | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const submit = can(user, "claim.submit");

  const load = () =>
    get<ClaimDetail>(`/claims/${p.id}`)
      .then((c) => {
        setClaim(c);
        setError(null);
        return c;
      })
      .catch((e) => {
        setError((e as Error).message);
        return null;
      });
  useEffect(() => {
    setClaim(null);
    setNote(null);
    void load().then(() => heading.current?.focus());
  }, [p.id]);

  const [scrub, scrubbing] = useAction(async () => {
    try {
      const again = !!claim?.scrubbed_at;
      const r = await call<ClaimSummary>("POST", `/claims/${p.id}/scrub`);
      p.onChanged([r.data]);
      // The answer is the claim with its findings (no history): shown with the note at once,
      // the history follows.
      setClaim((c) => (c ? { ...r.data, history: c.history } : c));
      setNote(scrubResult(r.data, again));
      await load();
    } catch (e) {
      setNote(null);
      setError((e as Error).message);
    }
  });

  /** After a fix in a dialog: close it and scrub again (the fix is what the biller came for). */
  const fixed = () => {
    setOpen(null);
    if (submit && claim && scrubbable(claim.state)) void scrub();
    else {
      flash("Saved");
      void load();
    }
  };

  const onFix = (target: FixTarget) => {
    if (!claim) return;
    switch (target.kind) {
      case "claim":
        return setOpen({ what: "edit", focus: target.field });
      case "coverage":
        return setOpen({ what: "coverage", label: target.label });
      case "encounter":
        return setOpen({ what: "encounter", target });
      case "patient":
        flash(
          `Correct ${target.what}, save, then come back to claim ${claim.patient_control_number} and scrub it again.`,
        );
        navigate(`/patients/${claim.patient_id}`);
        focusWhenShown(target.label);
        return;
    }
  };

  if (error && !claim)
    return (
      <section class="panel claim-panel" aria-label="Claim">
        <Alert>{error}</Alert>
        <button type="button" onClick={p.onClose}>
          Close
        </button>
      </section>
    );
  if (!claim)
    return (
      <section class="panel claim-panel" aria-label="Claim">
        <Spinner />
      </section>
    );
  const content = claim.claim;
  const patientName = content ? partyName(content.patient?.name ?? content.subscriber.name) : "";
  const payer = ref.payers.find((x) => x.id === claim.payer_id);
  return (
    <section class="panel claim-panel" aria-labelledby="claim-h" data-testid="claim-panel">
      <div class="toolbar">
        <h2 id="claim-h" tabIndex={-1} ref={heading}>
          Claim {claim.patient_control_number}{" "}
          <span class={`status s-${claim.state}`} data-testid="claim-state">
            {stateLabels[claim.state]}
          </span>
        </h2>
        <button type="button" onClick={p.onClose}>
          Back to the list
        </button>
      </div>
      {note && (
        <Alert kind={claim.state === "ready" ? "ok" : "info"}>
          <span data-testid="scrub-note">{note}</span>
        </Alert>
      )}
      {error && <Alert>{error}</Alert>}
      <dl class="facts">
        <dt>Patient</dt>
        <dd>
          <a href={`/patients/${claim.patient_id}`} onClick={linkClick}>
            {patientName || `Patient ${claim.patient_id}`}
          </a>
        </dd>
        <dt>Payer</dt>
        <dd>
          {content?.payer.name || payer?.name || `Payer ${claim.payer_id}`} ({statusLabel(claim.responsibility)})
        </dd>
        <dt>Service date</dt>
        <dd>{claim.service_date}</dd>
        <dt>Billed</dt>
        <dd>
          {formatCents(claim.total_cents)}
          {content && ` for ${content.lines.map((l) => l.procedure_code).join(", ")}`}
        </dd>
        {claim.frequency !== "original" && (
          <>
            <dt>Kind</dt>
            <dd>
              {claim.frequency === "replacement" ? "Replacement" : "Void"}
              {claim.replaces_claim_id && (
                <>
                  {" "}
                  of{" "}
                  <a href={`/billing/claims/${claim.replaces_claim_id}`} onClick={linkClick}>
                    claim {claim.replaces_claim_id}
                  </a>
                </>
              )}
            </dd>
          </>
        )}
        {claim.payer_claim_number && (
          <>
            <dt>Payer's number</dt>
            <dd>{claim.payer_claim_number}</dd>
          </>
        )}
        {claim.batch_id && (
          <>
            <dt>Batch</dt>
            <dd>
              <a href={`/billing/claims/batches/${claim.batch_id}`} onClick={linkClick}>
                Batch {claim.batch_id}
              </a>
            </dd>
          </>
        )}
        <dt>Scrubbed</dt>
        <dd>{claim.scrubbed_at ? stampIn(p.zone, claim.scrubbed_at) : "Not yet"}</dd>
      </dl>
      <div class="actions wrap">
        {submit && scrubbable(claim.state) && (
          <button type="button" class="primary" onClick={() => void scrub()} disabled={scrubbing}>
            {scrubbing ? "Scrubbing…" : claim.scrubbed_at ? "Scrub again" : "Scrub"}
          </button>
        )}
        {submit && scrubbable(claim.state) && (
          <button type="button" onClick={() => setOpen({ what: "edit" })}>
            Claim details
          </button>
        )}
        <a class="button" href={`/api/v1/claims/${claim.id}/cms1500.pdf`} target="_blank" rel="noopener">
          CMS-1500 (PDF)
        </a>
        {submit && correctable(claim.state) && (
          <>
            <button type="button" onClick={() => setOpen({ what: "replace" })}>
              Replace…
            </button>
            <button type="button" onClick={() => setOpen({ what: "void" })}>
              Void…
            </button>
          </>
        )}
      </div>
      {claim.status_note && claim.state !== "ready" && <p class="status-note">{claim.status_note}</p>}
      <h3>Findings</h3>
      <FindingsList claim={claim} onFix={(_, t) => onFix(t)} />
      <h3>History and acknowledgements</h3>
      <ClaimHistory history={claim.history ?? []} zone={p.zone} />

      {open?.what === "edit" && (
        <ClaimEditDialog claim={claim} focus={open.focus} onSaved={fixed} onClose={() => setOpen(null)} />
      )}
      {open?.what === "coverage" && (
        <CoverageFix
          patientId={claim.patient_id}
          coverageId={claim.coverage_id}
          label={open.label}
          onSaved={fixed}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.what === "encounter" && (
        <EncounterFixDialog
          encounterId={claim.encounter_id}
          focus={open.target.focus}
          onSaved={fixed}
          onClose={() => setOpen(null)}
        />
      )}
      {(open?.what === "replace" || open?.what === "void") && (
        <CorrectClaimDialog
          claim={claim}
          action={open.what}
          onClose={() => setOpen(null)}
          onDone={(made) => {
            setOpen(null);
            p.onChanged([{ ...claim, state: "corrected" }, made]);
            flash(`Claim ${made.patient_control_number} made (${made.frequency}); scrub it and batch it.`);
            navigate(`/billing/claims/${made.id}`);
          }}
        />
      )}
    </section>
  );
}
