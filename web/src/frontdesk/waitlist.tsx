// SPDX-License-Identifier: AGPL-3.0-or-later
// The waitlist: freed times offered to waiting patients (book or decline in one click), and who
// is waiting, most urgent first.
import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api";
import { Alert, dateTimeIn, ListTable, personName, Spinner, useAction } from "../components";
import { providerName, typeOf, useApp, useLocationInfo } from "../state";
import type { Patient, WaitlistEntry, WaitlistOffer } from "../types";

export function WaitlistPage() {
  const app = useApp();
  const { ref } = app;
  const loc = useLocationInfo();
  const [entries, setEntries] = useState<WaitlistEntry[] | null>(null);
  const [offers, setOffers] = useState<WaitlistOffer[] | null>(null);
  const [names, setNames] = useState<Record<number, Patient>>({});
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (!loc) return;
    Promise.all([
      get<{ items: WaitlistEntry[] }>("/waitlist", { location_id: loc.id }),
      get<{ items: WaitlistOffer[] }>("/waitlist-offers", { location_id: loc.id, status: "open" }),
    ])
      .then(async ([e, o]) => {
        setEntries(e.items);
        setOffers(o.items);
        const ids = [...new Set([...e.items.map((x) => x.patient_id), ...o.items.map((x) => x.patient_id)])];
        const known = { ...names };
        await Promise.all(
          ids.filter((id) => !known[id]).map(async (id) => (known[id] = await get<Patient>(`/patients/${id}`))),
        );
        setNames(known);
      })
      .catch((e) => setError((e as Error).message));
  }, [loc?.id, tick]);

  const [act, busy] = useAction(async (path: string, done: string) => {
    setError(null);
    try {
      await post(path);
      app.flash(done);
    } catch (e) {
      setError((e as Error).message);
    }
    setTick((t) => t + 1);
  });

  if (!loc)
    return (
      <main id="main" class="page">
        <Alert>No location is set up yet.</Alert>
      </main>
    );
  const zone = loc.time_zone;
  const who = (id: number) => (names[id] ? personName(names[id]) : `Patient ${id}`);
  return (
    <main id="main" class="page">
      <h1>
        Waitlist <span class="muted small">· {loc.name}</span>
      </h1>
      {error && <Alert>{error}</Alert>}
      <section class="panel" aria-labelledby="offers-h">
        <h2 id="offers-h">Times offered</h2>
        {!offers ? (
          <Spinner />
        ) : offers.length === 0 ? (
          <p>
            No open offers. When a visit is cancelled or moved, its time is offered here to the best-matching patients.
          </p>
        ) : (
          <ListTable headers={["Patient", "Time", "Provider", "Type"]} actions>
            {offers.map((o) => (
              <tr key={o.id} data-offer={o.id}>
                <td>{who(o.patient_id)}</td>
                <td>{dateTimeIn(zone, o.start)}</td>
                <td>{providerName(ref, o.provider_id)}</td>
                <td>{typeOf(ref, o.appointment_type_id)?.name}</td>
                <td class="row-actions">
                  <button
                    type="button"
                    class="primary"
                    disabled={busy}
                    onClick={() =>
                      void act(
                        `/waitlist-offers/${o.id}/book`,
                        `Booked ${who(o.patient_id)} for ${dateTimeIn(zone, o.start)}`,
                      )
                    }
                  >
                    Book
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() =>
                      void act(`/waitlist-offers/${o.id}/decline`, "Declined; offered to the next patient")
                    }
                  >
                    Decline
                  </button>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </section>
      <section class="panel" aria-labelledby="waiting-h">
        <h2 id="waiting-h">Waiting</h2>
        {!entries ? (
          <Spinner />
        ) : entries.length === 0 ? (
          <p>Nobody is waiting. Add patients from Find and book.</p>
        ) : (
          <ListTable headers={["Priority", "Patient", "Type", "Providers", "Days and times", "Dates"]} actions>
            {entries.map((w) => (
              <tr key={w.id}>
                <td>{w.priority}</td>
                <td>{who(w.patient_id)}</td>
                <td>{typeOf(ref, w.appointment_type_id)?.name}</td>
                <td>{w.provider_ids.length ? w.provider_ids.map((p) => providerName(ref, p)).join("; ") : "Any"}</td>
                <td>
                  {w.weekdays.join(" ")} {w.time_from}–{w.time_to}
                </td>
                <td>
                  {w.window_from} – {w.window_to}
                </td>
                <td>
                  <button
                    type="button"
                    class="link"
                    disabled={busy}
                    onClick={() => void act(`/waitlist/${w.id}/remove`, "Removed from the waitlist")}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </section>
    </main>
  );
}
