// SPDX-License-Identifier: AGPL-3.0-or-later
// The queue's table: one page of the chosen tab's claims (the page the server sent), each with
// its patient's name, and a checkbox on each claim that may still be scrubbed or batched. Page Up, Page Down and Home turn
// pages while the table has focus (pages are reached one after another, so there is no End).
import { formatCents, Pager, stampIn } from "../components";
import { linkClick } from "../router";
import { CLAIMS_PAGE } from "./claims_data";
import { type ClaimSummary, scrubbable, stateLabels } from "./claims_types";

interface Props {
  /** The page's claims. */
  rows: ClaimSummary[];
  page: number;
  /** The tab's claims in all (the pager's "of"); null for a search's matches (not counted:
   * the pages go on while the server has more). */
  total: number | null;
  hasNext: boolean;
  onPage: (page: number) => void;
  /** The user may scrub and batch: the checkboxes show. */
  selectable: boolean;
  selected: Set<number>;
  setSelected: (s: Set<number>) => void;
  payerName: (id: number) => string;
  zone: string;
  openId: number | null;
  /** The tab's name, for the table's caption. */
  caption: string;
}

function findingsText(c: ClaimSummary): string {
  const parts = [];
  if (c.errors) parts.push(`${c.errors} error${c.errors > 1 ? "s" : ""}`);
  if (c.warnings) parts.push(`${c.warnings} warning${c.warnings > 1 ? "s" : ""}`);
  if (parts.length) return parts.join(", ");
  return c.scrubbed_at ? "None" : "Not scrubbed";
}

export function ClaimsTable(p: Props) {
  const shown = p.rows;
  const choosable = shown.filter((c) => scrubbable(c.state));
  const allOnPage = choosable.length > 0 && choosable.every((c) => p.selected.has(c.id));

  const toggle = (id: number, on: boolean) => {
    const s = new Set(p.selected);
    if (on) s.add(id);
    else s.delete(id);
    p.setSelected(s);
  };
  const togglePage = (on: boolean) => {
    const s = new Set(p.selected);
    for (const c of choosable) {
      if (on) s.add(c.id);
      else s.delete(c.id);
    }
    p.setSelected(s);
  };
  const onKey = (e: KeyboardEvent) => {
    const to = { PageUp: p.page - 1, PageDown: p.page + 1, Home: 0 }[e.key];
    if (to === undefined || e.target !== e.currentTarget) return;
    e.preventDefault();
    p.onPage(to);
  };

  if (p.rows.length === 0 && p.page === 0)
    return <p class="muted">{p.total === null ? "No claims match the search in this tab." : "No claims here."}</p>;
  return (
    <>
      <div
        class="claims-scroll"
        tabIndex={0}
        role="region"
        aria-label="Claims (Page Up and Page Down change the page)"
        onKeyDown={onKey}
      >
        <table class="list claims">
          <caption class="sr-only">{p.caption}</caption>
          <thead>
            <tr>
              {p.selectable && (
                <th scope="col" class="check">
                  <input
                    type="checkbox"
                    aria-label="Select every claim on this page that can be scrubbed or batched"
                    checked={allOnPage}
                    disabled={choosable.length === 0}
                    onChange={(e) => togglePage((e.currentTarget as HTMLInputElement).checked)}
                  />
                </th>
              )}
              <th scope="col" class="c-claim">
                Claim
              </th>
              <th scope="col" class="c-date">
                Service date
              </th>
              <th scope="col">Patient</th>
              <th scope="col">Payer</th>
              <th scope="col" class="num c-billed">
                Billed
              </th>
              <th scope="col" class="c-state">
                State
              </th>
              <th scope="col" class="c-findings">
                Findings
              </th>
              <th scope="col" class="c-updated">
                Updated
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id} data-claim={c.patient_control_number} class={c.id === p.openId ? "open" : undefined}>
                {p.selectable && (
                  <td class="check">
                    {scrubbable(c.state) && (
                      <input
                        type="checkbox"
                        aria-label={`Select claim ${c.patient_control_number}`}
                        checked={p.selected.has(c.id)}
                        onChange={(e) => toggle(c.id, (e.currentTarget as HTMLInputElement).checked)}
                      />
                    )}
                  </td>
                )}
                <td>
                  <a
                    href={`/billing/claims/${c.id}`}
                    onClick={linkClick}
                    aria-current={c.id === p.openId ? "true" : undefined}
                  >
                    {c.patient_control_number}
                  </a>
                  {c.frequency !== "original" && <span class="muted small"> {c.frequency}</span>}
                </td>
                <td class="nowrap">{c.service_date}</td>
                <td>{c.patient_name ?? `Patient ${c.patient_id}`}</td>
                <td>{p.payerName(c.payer_id)}</td>
                <td class="num">{formatCents(c.total_cents)}</td>
                <td>
                  <span class={`status s-${c.state}`}>{stateLabels[c.state]}</span>
                </td>
                <td class={c.errors ? "has-errors" : undefined}>
                  {findingsText(c)}
                  {c.status_note && (c.state === "rejected" || c.state === "denied") && (
                    <span class="claim-note small">{c.status_note}</span>
                  )}
                </td>
                <td class="nowrap c-updated">{stampIn(p.zone, c.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.total !== null ? (
        <Pager page={p.page} pageSize={CLAIMS_PAGE} total={p.total} noun="claims" onPage={p.onPage} />
      ) : (
        (p.page > 0 || p.hasNext) && (
          <div class="pager" role="group" aria-label="Pages of matching claims">
            <button type="button" onClick={() => p.onPage(p.page - 1)} disabled={p.page === 0}>
              Previous
            </button>
            <span aria-live="polite">
              Matching claims {(p.page * CLAIMS_PAGE + 1).toLocaleString("en-US")}–
              {(p.page * CLAIMS_PAGE + shown.length).toLocaleString("en-US")}
            </span>
            <button type="button" onClick={() => p.onPage(p.page + 1)} disabled={!p.hasNext}>
              Next
            </button>
          </div>
        )
      )}
    </>
  );
}
