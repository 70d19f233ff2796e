// SPDX-License-Identifier: AGPL-3.0-or-later
// One remittance taken in: its payer, payment and totals, and each of its claims, posted or
// not and why, with the denials each left in the work queue.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, formatCents, ListTable, Pager, Spinner, stampIn } from "../components";
import { linkClick } from "../router";
import { useLocationInfo } from "../state";
import { type RemittanceDetail, claimStatusText } from "./era_types";

const PAGE = 100;

export function RemittanceScreen({ id }: { id: number }) {
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const [detail, setDetail] = useState<RemittanceDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [page, setPage] = useState(0);
  useEffect(() => {
    setDetail(null);
    setPage(0);
    get<RemittanceDetail>(`/remittances/${id}`)
      .then(setDetail)
      .catch((e) => setError((e as Error).message));
  }, [id]);

  if (error) return <Alert>{error}</Alert>;
  if (!detail) return <Spinner />;
  const r = detail.remittance;
  const notPosted = detail.claims.filter((c) => !c.posted).length;
  return (
    <section aria-labelledby="remittance-h" data-remittance={r.id}>
      <p>
        <a href="/billing/remittances" onClick={linkClick}>
          ← ERA posting
        </a>
      </p>
      <h2 id="remittance-h">
        {r.payer_name} · trace {r.trace_number}
      </h2>
      <dl class="facts">
        <dt>Payment</dt>
        <dd>
          {formatCents(r.payment_cents)} {r.payment_method && <span class="muted">({r.payment_method})</span>}
          {r.payment_date && ` of ${r.payment_date}`}
        </dd>
        <dt>Claims posted</dt>
        <dd data-testid="remittance-posted">
          {r.posted_claims} of {r.claims} ({formatCents(r.posted_cents)} paid on them)
          {notPosted > 0 && `; ${notPosted} not posted`}
        </dd>
        {r.provider_adjustment_cents !== 0 && (
          <>
            <dt>Provider adjustments</dt>
            <dd>{formatCents(r.provider_adjustment_cents)}</dd>
          </>
        )}
        <dt>Taken in</dt>
        <dd>{stampIn(zone, r.created_at)}</dd>
      </dl>
      <ListTable
        caption="Claims of the remittance"
        headers={["#", "Claim", "Payer's decision", "Charge", "Paid", "Patient resp.", "Payer's claim no.", "Posted"]}
        actions
      >
        {detail.claims.slice(page * PAGE, (page + 1) * PAGE).map((c) => (
          <tr key={c.position} data-claim={c.claim}>
            <td>{c.position}</td>
            <td>
              {c.claim_id ? (
                <a href={`/billing/claims/${c.claim_id}`} onClick={linkClick}>
                  {c.claim}
                </a>
              ) : (
                c.claim
              )}
            </td>
            <td>{claimStatusText(c.status)}</td>
            <td class="num">{formatCents(c.charge_cents)}</td>
            <td class="num">{formatCents(c.paid_cents)}</td>
            <td class="num">{formatCents(c.patient_responsibility_cents)}</td>
            <td>{c.payer_claim_number}</td>
            <td class="note">{c.posted ? "Posted" : `Not posted: ${c.reason}`}</td>
            <td>
              {c.claim_id && (
                <a href={`/billing/denials?claim_id=${c.claim_id}`} onClick={linkClick}>
                  Denials<span class="sr-only"> of claim {c.claim}</span>
                </a>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
      <Pager page={page} pageSize={PAGE} total={detail.claims.length} noun="claims" onPage={setPage} />
    </section>
  );
}
