// SPDX-License-Identifier: AGPL-3.0-or-later
// A patient's visits, latest first, at every location.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { addDays, Alert, dateTimeIn, ListTable, Spinner, statusLabel, todayIn } from "../components";
import { providerName, typeOf, useApp } from "../state";
import type { Appointment, Patient } from "../types";

export function VisitHistory({ patient }: { patient: Patient }) {
  const { ref } = useApp();
  const [items, setItems] = useState<Appointment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const today = todayIn("UTC");
    get<{ items: Appointment[] }>("/appointments", {
      patient_id: patient.id,
      from: `${addDays(today, -3000)}T00:00:00Z`,
      to: `${addDays(today, 600)}T00:00:00Z`,
      include_cancelled: true,
    })
      .then((r) => setItems(r.items.reverse()))
      .catch((e) => setError((e as Error).message));
  }, [patient.id]);
  return (
    <section class="panel" aria-labelledby="hist-h">
      <h2 id="hist-h">Visits</h2>
      {error && <Alert>{error}</Alert>}
      {!items && !error && <Spinner />}
      {items && items.length === 0 && <p>No visits yet.</p>}
      {items && items.length > 0 && (
        <ListTable headers={["When", "Type", "Provider", "Location", "Status"]}>
          {items.map((a) => {
            const loc = ref.locations.find((l) => l.id === a.location_id);
            return (
              <tr key={a.id}>
                <td>{dateTimeIn(loc?.time_zone ?? "UTC", a.start)}</td>
                <td>{typeOf(ref, a.appointment_type_id)?.name}</td>
                <td>{providerName(ref, a.provider_id)}</td>
                <td>{loc?.name}</td>
                <td>
                  <span class={`status s-${a.status}`}>{statusLabel(a.status)}</span>
                </td>
              </tr>
            );
          })}
        </ListTable>
      )}
    </section>
  );
}
