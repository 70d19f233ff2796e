// SPDX-License-Identifier: AGPL-3.0-or-later
// Billing › Charges: encounters by status (open ones first: the coding still to finish) and date
// of service, a page at a time, each opening its charge entry; and new charges without a visit.
import { useEffect, useRef, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, formatCents, ListTable, SelectField, Spinner, statusLabel, TextField } from "../components";
import { linkClick } from "../router";
import { can, providerName, useApp } from "../state";
import type { Patient } from "../types";
import type { Encounter } from "./charge_types";

const PAGE = 25;

export function ChargesScreen() {
  const { ref, user } = useApp();
  const [status, setStatus] = useState("open");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  // Cursors of the pages before this one ("" is the first page).
  const [cursors, setCursors] = useState<string[]>([""]);
  const [page, setPage] = useState<{ items: Encounter[]; next_cursor: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = useRef(new Map<number, string>());
  const [, setNamesTick] = useState(0);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => setCursors([""]), [status, from, to]);
  useEffect(() => {
    const ctl = new AbortController();
    setPage(null);
    setError(null);
    get<{ items: Encounter[]; next_cursor: string | null }>(
      "/encounters",
      {
        status: status || undefined,
        from: from || undefined,
        to: to || undefined,
        limit: PAGE,
        cursor: cursor || undefined,
      },
      ctl.signal,
    )
      .then((p) => {
        setPage(p);
        // The page's patients' names, each read once.
        const missing = [...new Set(p.items.map((e) => e.patient_id))].filter((id) => !names.current.has(id));
        for (const id of missing) {
          get<Patient>(`/patients/${id}`, undefined, ctl.signal)
            .then((x) => {
              names.current.set(id, `${x.family_name}, ${x.given_name}`);
              setNamesTick((t) => t + 1);
            })
            .catch(() => undefined);
        }
      })
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      });
    return () => ctl.abort();
  }, [status, from, to, cursor]);

  return (
    <section aria-labelledby="charges-h">
      <div class="toolbar">
        <h2 id="charges-h">Charges</h2>
        {can(user, "charge.entry") && (
          <a class="button primary" href="/billing/charges/new" onClick={linkClick}>
            New charges without a visit
          </a>
        )}
      </div>
      <div class="grid3 filters">
        <SelectField
          label="Status"
          value={status}
          onChange={setStatus}
          options={[
            { value: "open", label: "Open (not finalised)" },
            { value: "finalized", label: "Finalised" },
            { value: "voided", label: "Voided" },
            { value: "", label: "All" },
          ]}
        />
        <TextField label="Date of service from" type="date" value={from} onInput={setFrom} />
        <TextField label="Date of service to" type="date" value={to} onInput={setTo} />
      </div>
      {error && <Alert>{error}</Alert>}
      {!page && !error && <Spinner />}
      {page && page.items.length === 0 && <p>No encounters match.</p>}
      {page && page.items.length > 0 && (
        <ListTable
          caption="Encounters"
          headers={["Date of service", "Patient", "Provider", "Diagnoses", "Lines", "Total", "Status"]}
        >
          {page.items.map((e) => (
            <tr key={e.id} data-encounter={e.id}>
              <td>
                <a href={`/billing/charges/${e.id}`} onClick={linkClick}>
                  {e.date_of_service}
                  <span class="sr-only"> encounter {e.id}</span>
                </a>
              </td>
              <td>{names.current.get(e.patient_id) ?? `Patient ${e.patient_id}`}</td>
              <td>{providerName(ref, e.provider_id)}</td>
              <td>{e.diagnoses.length}</td>
              <td>{e.lines.length}</td>
              <td class="num">{formatCents(e.total_charge_cents)}</td>
              <td>
                <span class={`status s-${e.status}`}>{statusLabel(e.status)}</span>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
      {page && (cursors.length > 1 || page.next_cursor) && (
        <div class="pager" role="group" aria-label="Pages of encounters">
          <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </button>
          <span aria-live="polite">Page {cursors.length}</span>
          <button
            type="button"
            disabled={!page.next_cursor}
            onClick={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
          >
            Next
          </button>
        </div>
      )}
    </section>
  );
}
