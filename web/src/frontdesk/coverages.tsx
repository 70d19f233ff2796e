// SPDX-License-Identifier: AGPL-3.0-or-later
// A patient's insurance coverages, in order, with add and edit.
import { useEffect, useState } from "preact/hooks";
import { listAll } from "../api";
import { formatCents, ListTable, Spinner, statusLabel, todayIn } from "../components";
import { can, useApp, useLocationInfo } from "../state";
import type { Coverage, Patient } from "../types";
import { CoverageDialog, relationshipLabel } from "./coverage_dialog";
import { EligibilityCheck } from "./eligibility_check";

export function Coverages({ patient }: { patient: Patient }) {
  const { ref, user } = useApp();
  const writable = can(user, "patient.write");
  const [items, setItems] = useState<Coverage[] | null>(null);
  const [editing, setEditing] = useState<Coverage | "new" | null>(null);
  // The coverage whose eligibility is shown under the list (checked for today at this location).
  const [checking, setChecking] = useState<Coverage | null>(null);
  const today = todayIn(useLocationInfo()?.time_zone ?? "UTC");
  const payerName = (c: Coverage) => ref.payers.find((p) => p.id === c.payer_id)?.name ?? String(c.payer_id);
  const load = () => listAll<Coverage>("/coverages", { patient_id: patient.id }).then(setItems);
  useEffect(() => {
    void load();
  }, [patient.id]);
  const order = { primary: 0, secondary: 1, tertiary: 2 } as Record<string, number>;
  return (
    <section class="panel" aria-labelledby="cov-h">
      <div class="toolbar">
        <h2 id="cov-h">Insurance</h2>
        {writable && (
          <button type="button" onClick={() => setEditing("new")}>
            Add coverage
          </button>
        )}
      </div>
      {!items ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p>No insurance on file: the patient is self-pay.</p>
      ) : (
        <ListTable headers={["Order", "Payer", "Member ID", "Group", "Subscriber", "Co-pay", "In force"]} actions>
          {[...items]
            .sort((a, b) => (order[a.priority] ?? 9) - (order[b.priority] ?? 9))
            .map((c) => (
              <tr key={c.id} class={c.active === false ? "muted" : ""}>
                <td>{statusLabel(c.priority)}</td>
                <td>{ref.payers.find((p) => p.id === c.payer_id)?.name ?? c.payer_id}</td>
                <td>{c.member_id}</td>
                <td>{c.group_number ?? ""}</td>
                <td>
                  {["18", "self"].includes(c.subscriber.relationship)
                    ? "Self"
                    : `${c.subscriber.family_name ?? ""}, ${c.subscriber.given_name ?? ""} (${relationshipLabel(c.subscriber.relationship)})`}
                </td>
                <td>{formatCents(c.copay_cents)}</td>
                <td>
                  {c.effective_date} – {c.end_date ?? "open"}
                </td>
                <td>
                  {writable && (
                    <button type="button" class="link" onClick={() => setEditing(c)}>
                      Edit
                    </button>
                  )}{" "}
                  {c.active !== false && (
                    <button
                      type="button"
                      class="link"
                      aria-expanded={checking?.id === c.id}
                      onClick={() => setChecking(checking?.id === c.id ? null : c)}
                    >
                      {can(user, "patient.write") ? "Check eligibility" : "Eligibility"}
                      <span class="sr-only"> of {payerName(c)}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
        </ListTable>
      )}
      {checking && (
        <div class="eligibility-panel" aria-label={`Eligibility of ${payerName(checking)} on ${today}`} role="region">
          <h3>
            Eligibility · {payerName(checking)} ({statusLabel(checking.priority)}) on {today}
          </h3>
          <EligibilityCheck
            key={checking.id}
            coverageId={checking.id}
            serviceDate={today}
            label={`${payerName(checking)}, ${checking.priority}`}
            autoStart
          />
        </div>
      )}
      {editing && (
        <CoverageDialog
          patient={patient}
          coverage={editing === "new" ? null : editing}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}
