// SPDX-License-Identifier: AGPL-3.0-or-later
// A posting report, for the preview (dry run) and after posting alike: per ERA of the file its
// payer, trace and payment, the totals (paid, contractual, patient responsibility, denied), the
// claims matched with our lines as the server matched them (how, and what each got), the claims
// that cannot be posted and why, and the provider adjustments (PLB).
import { Fragment } from "preact";
import { useState } from "preact/hooks";
import { Alert, formatCents, ListTable, Pager, statusLabel } from "../components";
import { linkClick } from "../router";
import {
  claimStatusText,
  type MatchedBy,
  type PostedClaim,
  type PostingReport,
  type RemittanceSummary,
} from "./era_types";

const PAGE = 50;

const MATCHED_BY: Record<MatchedBy, string> = {
  control_number: "our line number (REF*6R)",
  code_modifiers: "code and modifiers",
  code_charge: "code and charge",
  code: "code",
  bundle: "code (one payer line for several of ours)",
  split: "code (the payer split our line)",
};

const MOVED_TO: Record<string, string> = {
  secondary: "to the secondary",
  tertiary: "to the tertiary",
  patient: "to the patient",
};

function LineRows({ claim }: { claim: PostedClaim }) {
  return (
    <tr class="era-lines">
      <td colSpan={9}>
        <table class="list era-line-table">
          <caption class="sr-only">Our lines of claim {claim.claim} and what the payer's lines posted to them</caption>
          <thead>
            <tr>
              <th scope="col">Procedure</th>
              <th scope="col">Our line</th>
              <th scope="col">Matched by</th>
              <th scope="col" class="num">
                Paid
              </th>
              <th scope="col" class="num">
                Contractual
              </th>
              <th scope="col" class="num">
                Patient resp.
              </th>
              <th scope="col" class="num">
                Denied
              </th>
            </tr>
          </thead>
          <tbody>
            {claim.lines.map((l) => (
              <tr key={l.line_id} data-line={l.code}>
                <td>
                  {l.code}
                  {l.modifiers.length > 0 && ` (${l.modifiers.join(", ")})`}
                </td>
                <td>L{l.line_id}</td>
                <td>{MATCHED_BY[l.matched_by] ?? l.matched_by}</td>
                <td class="num">{formatCents(l.paid_cents)}</td>
                <td class="num">{formatCents(l.contractual_cents)}</td>
                <td class="num">
                  {formatCents(l.patient_responsibility_cents)}
                  {l.moved_to && ` ${MOVED_TO[l.moved_to] ?? l.moved_to}`}
                </td>
                <td class="num">
                  {formatCents(l.denied_cents)}
                  {l.denial_codes.length > 0 && ` ${l.denial_codes.join(", ")}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </td>
    </tr>
  );
}

function PostedTable({ era, claims }: { era: RemittanceSummary; claims: PostedClaim[] }) {
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<Set<number>>(new Set());
  const first = page * PAGE;
  const toggle = (i: number) => {
    const next = new Set(open);
    if (next.has(i)) next.delete(i);
    else next.add(i);
    setOpen(next);
  };
  return (
    <>
      <ListTable
        caption={`Claims matched in the ERA of ${era.payer_name}`}
        headers={[
          "Claim",
          "Payer's decision",
          "Paid",
          "Contractual",
          "Patient resp.",
          "Denied",
          "Claim becomes",
          "Notes",
        ]}
        actions
      >
        {claims.slice(first, first + PAGE).map((c, k) => {
          const i = first + k;
          const lines = c.lines ?? [];
          return (
            <Fragment key={i}>
              <tr data-claim={c.claim}>
                <td>
                  <a href={`/billing/claims/${c.claim_id}`} onClick={linkClick}>
                    {c.claim}
                  </a>
                </td>
                <td>{claimStatusText(c.status)}</td>
                <td class="num">{formatCents(c.paid_cents)}</td>
                <td class="num">{formatCents(c.contractual_cents)}</td>
                <td class="num">{formatCents(c.patient_responsibility_cents)}</td>
                <td class="num">{formatCents(c.denied_cents)}</td>
                <td>
                  <span class={`status st-${c.state}`}>{statusLabel(c.state)}</span>
                </td>
                <td class="note">{c.notes.join("; ")}</td>
                <td>
                  {lines.length > 0 && (
                    <button type="button" class="link" aria-expanded={open.has(i)} onClick={() => toggle(i)}>
                      {open.has(i) ? "Hide" : "Show"} {lines.length} {lines.length === 1 ? "line" : "lines"}
                      <span class="sr-only"> of claim {c.claim}</span>
                    </button>
                  )}
                </td>
              </tr>
              {lines.length > 0 && open.has(i) && <LineRows claim={c} />}
            </Fragment>
          );
        })}
      </ListTable>
      <Pager page={page} pageSize={PAGE} total={claims.length} noun="claims" onPage={setPage} />
    </>
  );
}

function Figure({ id, label, cents, note }: { id: string; label: string; cents: number; note?: string }) {
  return (
    <div class="era-figure" data-testid={`era-${id}`}>
      <dt>{label}</dt>
      <dd>
        <strong>{formatCents(cents)}</strong>
        {note && <span class="muted small"> {note}</span>}
      </dd>
    </div>
  );
}

function EraSection({ report, era }: { report: PostingReport; era: RemittanceSummary }) {
  const posted = report.posted.filter((c) => c.remittance === era.index);
  const notPosted = report.not_posted.filter((c) => c.remittance === era.index);
  const headingId = `era-${era.index}-h`;
  const plbTotal = era.provider_adjustments.reduce((s, p) => s + p.amount_cents, 0);
  return (
    <section class="panel era-section" aria-labelledby={headingId} data-era={era.index}>
      <h3 id={headingId}>
        {era.payer_name} <span class="muted small">({era.payer_key})</span> · trace {era.trace_number}
        {era.payment_date && <span class="muted small"> · paid {era.payment_date}</span>}
      </h3>
      {era.duplicate && (
        <Alert kind="info">
          This ERA was taken in before
          {era.id > 0 && (
            <>
              {" "}
              (
              <a href={`/billing/remittances/${era.id}`} onClick={linkClick}>
                remittance {era.id}
              </a>
              )
            </>
          )}
          : nothing of it {report.dry_run ? "would be" : "was"} posted again.
        </Alert>
      )}
      <dl class="era-figures">
        <Figure id="payment" label="Payment (BPR)" cents={era.payment_cents} />
        <Figure id="paid" label="Paid on claims" cents={era.paid_cents} />
        <Figure id="contractual" label="Contractual adjustments" cents={era.contractual_cents} note="written off" />
        <Figure
          id="patient"
          label="Patient responsibility"
          cents={era.patient_responsibility_cents}
          note="to the next insurance or the patient"
        />
        <Figure id="denied" label="Denied" cents={era.denied_cents} note="left owed, to the denials queue" />
        {era.provider_adjustments.length > 0 && <Figure id="plb" label="Provider adjustments" cents={plbTotal} />}
      </dl>
      <p data-testid="era-counts">
        {report.dry_run ? "Would post" : "Posted"} {era.posted_claims} of {era.claims} claims
        {era.not_posted_claims > 0 && `; ${era.not_posted_claims} cannot be posted`}
        {" · "}
        {era.entries} ledger entries · {era.denials} {era.denials === 1 ? "denial" : "denials"} to the work queue
      </p>
      {posted.length > 0 && (
        <>
          <h4>Claims matched</h4>
          <PostedTable era={era} claims={posted} />
        </>
      )}
      {notPosted.length > 0 && (
        <>
          <h4 id={`${headingId}-np`}>Not posted</h4>
          <p class="muted">
            These claims stay as they are; the rest of the ERA posts. Fix the reason, then post the file again.
          </p>
          <ListTable headers={["Claim", "Place in the ERA", "Reason"]} caption="Claims that cannot be posted">
            {notPosted.map((c) => (
              <tr key={`${c.position}-${c.claim}`} data-not-posted={c.claim}>
                <td>{c.claim}</td>
                <td>{c.position}</td>
                <td class="note">{c.reason}</td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
      {era.provider_adjustments.length > 0 && (
        <>
          <h4>Provider adjustments (PLB)</h4>
          <ListTable headers={["Reason", "Reference", "Provider", "Amount"]} caption="Provider adjustments">
            {era.provider_adjustments.map((p, i) => (
              <tr key={i} data-plb={p.reason}>
                <td>{p.reason}</td>
                <td>{p.reference}</td>
                <td>{p.provider}</td>
                <td class="num">{formatCents(p.amount_cents)}</td>
              </tr>
            ))}
          </ListTable>
          <p class="muted small">
            Provider adjustments belong to no claim: they are kept with the remittance for the practice's books.
          </p>
        </>
      )}
    </section>
  );
}

/** The whole report, each posted claim with our lines as the server matched them. */
export function EraReport({ report }: { report: PostingReport }) {
  return (
    <>
      {report.remittances.map((era) => (
        <EraSection key={era.index} report={report} era={era} />
      ))}
    </>
  );
}
