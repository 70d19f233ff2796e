// SPDX-License-Identifier: AGPL-3.0-or-later
// A claim's findings in plain English, each with where it is fixed and a button that opens that
// record with the field focused (or, for the practice set-up, who may change it).
import { linkClick } from "../router";
import { can, useApp } from "../state";
import { findingText, type FixTarget, fixFor } from "./claims_fix";
import type { ClaimDetail, Finding } from "./claims_types";

/** The permission a fix needs (the server checks it again). */
function fixPermission(t: FixTarget): string | null {
  switch (t.kind) {
    case "claim":
      return "claim.submit";
    case "coverage":
    case "patient":
      return "patient.write";
    case "encounter":
      return "billing.post";
    case "admin":
      return "practice.admin";
    default:
      return null;
  }
}

const adminNames = { practice: "Practice", payers: "Payers", providers: "Providers", locations: "Locations" };

function FixAction({ target, onFix }: { target: FixTarget; onFix: () => void }) {
  const { user } = useApp();
  const perm = fixPermission(target);
  if (target.kind === "none") return null;
  if (target.kind === "practice")
    return <span class="muted">An administrator changes {target.what} in the clearinghouse's settings.</span>;
  if (target.kind === "admin") {
    if (!perm || !can(user, perm))
      return (
        <span class="muted">
          A manager corrects {target.what} under Admin → {adminNames[target.section]}.
        </span>
      );
    return (
      <a href={`/admin/${target.section}`} onClick={linkClick}>
        Fix {target.what} (Admin → {adminNames[target.section]})
      </a>
    );
  }
  if (perm && !can(user, perm)) return <span class="muted">Your role cannot change {target.what}.</span>;
  return (
    <button type="button" class="link" onClick={onFix}>
      Fix {target.what}
    </button>
  );
}

export function FindingsList(p: { claim: ClaimDetail; onFix: (f: Finding, t: FixTarget) => void }) {
  const findings = p.claim.findings;
  if (findings.length === 0)
    return (
      <p class="muted" data-testid="no-findings">
        {p.claim.scrubbed_at ? "No findings: the scrubber found nothing to fix." : "Not scrubbed yet."}
      </p>
    );
  return (
    <ul class="findings" aria-label="Findings">
      {findings.map((f, i) => {
        const target = fixFor(f.field, p.claim.claim);
        return (
          <li key={i} class={`finding f-${f.severity}`} data-field={f.field}>
            <span class={`sev sev-${f.severity}`}>{f.severity === "error" ? "Error" : "Warning"}</span>
            <div>
              <p class="finding-message">{findingText(f.message, target)}</p>
              <p class="finding-fix">
                {target.what && target.kind !== "none" && <span class="sr-only">Where: </span>}
                <FixAction target={target} onFix={() => p.onFix(f, target)} />
                {target.kind === "none" && target.what && <span class="muted">About {target.what}.</span>}
              </p>
              {f.segment && <p class="muted small">837P: {f.segment}</p>}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
