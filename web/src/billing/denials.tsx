// SPDX-License-Identifier: AGPL-3.0-or-later
// The denials work queue: open denials grouped by reason (CARC and remark codes), payer or age,
// with counts and amounts; the denials of a group, oldest first, with their age, due date,
// suggested action and who works them. A denial opens in a dialog to assign it, set its due
// date, add notes and resolve it (claim.submit); other roles read the queue only.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, formatCents, ListTable, SelectField, Spinner, statusLabel, todayIn } from "../components";
import { linkClick, navigate, useLocation } from "../router";
import { useApp, useLocationInfo } from "../state";
import { assigneeName, useAssignees } from "./denials_assignees";
import { DenialDialog } from "./denials_dialog";
import { DenialGroups, groupTitle } from "./denials_groups";
import {
  actionLabels,
  type Denial,
  type DenialGroup,
  type DenialQueue,
  type GroupBy,
  reasonText,
} from "./denials_types";

const LIMIT = 200;

/** The query that narrows the queue to one group. */
function groupQuery(by: GroupBy, g: DenialGroup | undefined): Record<string, string | number> {
  if (!g) return {};
  if (by === "reason") return { group: g.group ?? "", carc: g.carc ?? "" };
  if (by === "payer") return { payer_id: g.payer_id ?? 0 };
  return { age: g.age_bucket ?? g.key };
}

export function DenialsScreen() {
  const { user } = useApp();
  const zone = useLocationInfo()?.time_zone ?? "UTC";
  const url = useLocation();
  const claimId = Number(url.searchParams.get("claim_id")) || undefined;
  const [by, setBy] = useState<GroupBy>("reason");
  const [assigned, setAssigned] = useState("");
  const [state, setState] = useState("open");
  const [selected, setSelected] = useState<string | null>(null);
  const [groups, setGroups] = useState<DenialGroup[] | null>(null);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<DenialQueue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const filters = { state, assigned_to: assigned || undefined, claim_id: claimId };
  const filterKey = JSON.stringify(filters);
  const group = groups?.find((g) => g.key === selected);
  const at = cursors.length - 1;

  useEffect(() => {
    const ctl = new AbortController();
    get<DenialQueue>("/denials", { ...filters, group_by: by, limit: 1 }, ctl.signal)
      .then((q) => {
        setGroups(q.groups ?? []);
        setError(null);
      })
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      });
    return () => ctl.abort();
  }, [by, filterKey, tick]);

  useEffect(() => {
    if (selected && !group) return; // the groups are still loading
    const ctl = new AbortController();
    get<DenialQueue>(
      "/denials",
      { ...filters, ...groupQuery(by, group), limit: LIMIT, cursor: cursors[at] ?? undefined },
      ctl.signal,
    )
      .then(setPage)
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      });
    return () => ctl.abort();
  }, [by, filterKey, group?.key, cursors, tick]);

  const choose = (key: string | null) => {
    setSelected(key);
    setCursors([null]);
  };
  const regroup = (b: GroupBy) => {
    setBy(b);
    setGroups(null);
    choose(null);
  };
  // A reason group is one set of remark codes too: the API filters by group and CARC.
  const rarcs = by === "reason" && group ? (group.rarc ?? []).join(",") : null;
  const items = page?.items.filter((d) => rarcs === null || d.rarc.join(",") === rarcs) ?? [];
  const today = todayIn(zone);
  const assignees = useAssignees();
  const who = (id: number | null) => assigneeName(id, user.user_id, assignees);

  return (
    <section aria-labelledby="denials-h">
      <div class="toolbar">
        <h2 id="denials-h">Denials work queue</h2>
        <div class="toolbar-controls">
          <div class="seg" role="group" aria-label="Group by">
            {(["reason", "payer", "age"] as const).map((b) => (
              <button key={b} type="button" aria-pressed={by === b} onClick={() => regroup(b)}>
                By {b}
              </button>
            ))}
          </div>
        </div>
      </div>
      <div class="denial-filters">
        <SelectField
          label="Assigned to"
          value={assigned}
          onChange={(v) => {
            setAssigned(v);
            choose(null);
          }}
          options={[
            { value: "", label: "Anyone or nobody" },
            { value: "me", label: "Me" },
            { value: "none", label: "Nobody" },
            ...assignees
              .filter((a) => a.id !== user.user_id)
              .map((a) => ({ value: String(a.id), label: a.display_name })),
          ]}
        />
        <SelectField
          label="State"
          value={state}
          onChange={(v) => {
            setState(v);
            choose(null);
          }}
          options={[
            { value: "open", label: "Open" },
            { value: "resolved", label: "Resolved" },
            { value: "all", label: "All" },
          ]}
        />
        {claimId && (
          <p class="denial-claim-filter">
            Claim {claimId} only.{" "}
            <button type="button" class="link" onClick={() => navigate("/billing/denials")}>
              Show every claim
            </button>
          </p>
        )}
      </div>
      {error && <Alert>{error}</Alert>}
      {!groups && !error && <Spinner />}
      {groups && groups.length === 0 && <p>No denial is waiting here. Remittances that deny a service add one.</p>}
      {groups && groups.length > 0 && <DenialGroups by={by} groups={groups} selected={selected} onSelect={choose} />}
      {groups && groups.length > 0 && page && (
        <>
          <h3 id="denial-list-h">{group ? groupTitle(by, group) : "All denials"}</h3>
          <ListTable
            caption="Denials, oldest first"
            headers={[
              "Patient",
              "Claim and line",
              "Reason",
              "Payer",
              "Denied",
              "Still owed",
              "Age",
              "Due",
              "Suggested",
              "Assigned",
            ]}
            actions
          >
            {items.map((d) => (
              <DenialRow key={d.id} d={d} today={today} who={who} onOpen={() => setOpen(d.id)} />
            ))}
          </ListTable>
          {(at > 0 || page.next_cursor) && (
            <div class="pager" role="group" aria-label="Pages of denials">
              <button type="button" disabled={at === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                Previous
              </button>
              <span>Page {at + 1}</span>
              <button
                type="button"
                disabled={!page.next_cursor}
                onClick={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
              >
                Next
              </button>
            </div>
          )}
        </>
      )}
      {open !== null && (
        <DenialDialog id={open} onChanged={() => setTick((t) => t + 1)} onClose={() => setOpen(null)} />
      )}
    </section>
  );
}

function DenialRow(p: { d: Denial; today: string; who: (id: number | null) => string; onOpen: () => void }) {
  const { d } = p;
  const overdue = d.state === "open" && d.due_on < p.today;
  return (
    <tr data-denial={d.id} class={d.state === "resolved" ? "muted" : ""}>
      <td>
        <a href={`/patients/${d.patient_id}`} onClick={linkClick}>
          {d.patient.family_name}, {d.patient.given_name}
        </a>
      </td>
      <td>
        {d.claim.patient_control_number}
        {d.line && (
          <span class="muted">
            {" "}
            · {d.line.procedure_code}
            {d.line.modifiers.length > 0 && `-${d.line.modifiers.join("-")}`}
          </span>
        )}
        <br />
        <span class="muted small">service {d.service_date}</span>
      </td>
      <td>{reasonText(d)}</td>
      <td>{d.payer_name}</td>
      <td class="num">{formatCents(d.amount_cents)}</td>
      <td class="num">{formatCents(d.still_owed_cents)}</td>
      <td class="num" data-testid="age">
        {d.age_days} {d.age_days === 1 ? "day" : "days"}
      </td>
      <td class={overdue ? "overdue" : ""}>
        {d.due_on}
        {overdue && <span class="small"> (overdue)</span>}
      </td>
      <td data-testid="suggested">
        {d.state === "open" ? actionLabels[d.suggested_action] : `Resolved: ${statusLabel(d.resolution ?? "")}`}
      </td>
      <td>{p.who(d.assigned_to)}</td>
      <td>
        <button type="button" onClick={p.onOpen}>
          Open<span class="sr-only"> the denial of {d.claim.patient_control_number}</span>
        </button>
      </td>
    </tr>
  );
}
