// SPDX-License-Identifier: AGPL-3.0-or-later
// Today's patients at the location by step, with how long each has waited in it, kept live by
// the server's event stream (one connection; no polling). One click checks a patient in (with
// the co-pay and receipt), rooms them, starts the visit, or checks them out.
import { useEffect, useState } from "preact/hooks";
import { call, get } from "../api";
import { Alert, timeIn, useAction } from "../components";
import { can, useApp, useLocationInfo } from "../state";
import type { Appointment, Board, BoardItem } from "../types";
import { CheckInDialog } from "./checkin_dialog";
import { CheckOutDialog } from "./checkout_dialog";
import { RoomDialog } from "./room_dialog";

const lanes: { title: string; statuses: string[] }[] = [
  { title: "Expected", statuses: ["booked", "confirmed"] },
  { title: "Waiting room", statuses: ["arrived"] },
  { title: "In a room", statuses: ["roomed"] },
  { title: "With provider", statuses: ["with_provider"] },
];

export function FlowBoardPage() {
  const app = useApp();
  const writable = can(app.user, "schedule.write");
  const loc = useLocationInfo();
  const [board, setBoard] = useState<Board | null>(null);
  const [live, setLive] = useState<"connecting" | "live" | "paused">("connecting");
  const [error, setError] = useState<string | null>(null);
  const [checkIn, setCheckIn] = useState<number | null>(null);
  const [checkOut, setCheckOut] = useState<Appointment | null>(null);
  const [rooming, setRooming] = useState<BoardItem | null>(null);
  const [streamTick, setStreamTick] = useState(0);

  useEffect(() => {
    if (!loc) return;
    setLive("connecting");
    let retry: ReturnType<typeof setTimeout> | undefined;
    const es = new EventSource(`/api/v1/flow-board/stream?location_id=${loc.id}`);
    es.addEventListener("board", (e) => {
      setBoard(JSON.parse((e as MessageEvent).data));
      setLive("live");
    });
    es.onerror = () => {
      // The browser reconnects by itself after the server ends a stream; a refused stream
      // (signed out, no permission) stays closed: read once, which also asks to sign in again.
      if (es.readyState === EventSource.CLOSED) {
        setLive("paused");
        get<Board>("/flow-board", { location_id: loc.id })
          .then((b) => {
            setBoard(b);
            // Try the stream again in a while (the server may be at its limit of streams).
            retry = setTimeout(() => setStreamTick((t) => t + 1), 10_000);
          })
          .catch((err) => setError((err as Error).message));
      }
    };
    return () => {
      es.close();
      clearTimeout(retry);
    };
  }, [loc?.id, streamTick]);

  const [step, busy] = useAction(async (it: BoardItem, path: string, body: unknown = {}) => {
    setError(null);
    try {
      await call("POST", `/appointments/${it.appointment_id}/${path}`, { body, ifMatch: it.version });
    } catch (e) {
      setError((e as Error).message);
    }
  });
  const openCheckOut = async (it: BoardItem) => {
    try {
      setCheckOut(await get<Appointment>(`/appointments/${it.appointment_id}`));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  if (!loc)
    return (
      <main id="main" class="page">
        <Alert>No location is set up yet.</Alert>
      </main>
    );
  const zone = board?.time_zone ?? loc.time_zone;
  return (
    <main id="main" class="page">
      <div class="toolbar">
        <h1>
          Flow board <span class="muted small">· {loc.name}</span>
        </h1>
        <span class={`live live-${live}`} role="status">
          {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Live updates paused"}
        </span>
      </div>
      {error && <Alert>{error}</Alert>}
      <div class="lanes">
        {lanes.map((lane) => {
          const items = (board?.items ?? []).filter((i) => lane.statuses.includes(i.status));
          return (
            <section key={lane.title} class="lane" aria-labelledby={`lane-${lane.statuses[0]}`}>
              <h2 id={`lane-${lane.statuses[0]}`}>
                {lane.title} <span class="count">{items.length}</span>
              </h2>
              <ul>
                {items.map((it) => (
                  <li key={it.appointment_id} class="card" data-appointment={it.appointment_id}>
                    <div class="card-head">
                      <strong>{it.patient_name}</strong>
                      <span class="muted">{timeIn(zone, it.start)}</span>
                    </div>
                    <div class="muted small">
                      {it.provider_name}
                      {it.room_name ? ` · ${it.room_name}` : ""}
                      {it.walk_in ? " · walk-in" : ""}
                    </div>
                    {it.minutes_in_step !== null && (
                      <div class={`wait ${it.minutes_in_step >= 15 ? "long" : ""}`}>
                        {it.minutes_in_step} min {it.status === "arrived" ? "waiting" : "in this step"}
                      </div>
                    )}
                    {writable && (
                      <div class="card-actions">
                        {["booked", "confirmed"].includes(it.status) && (
                          <button type="button" class="primary" onClick={() => setCheckIn(it.appointment_id)}>
                            Check in
                          </button>
                        )}
                        {it.status === "arrived" && (
                          <button type="button" onClick={() => setRooming(it)}>
                            Room
                          </button>
                        )}
                        {it.status === "roomed" && (
                          <button type="button" onClick={() => void step(it, "start")} disabled={busy}>
                            Provider in
                          </button>
                        )}
                        {["arrived", "roomed", "with_provider"].includes(it.status) && (
                          <button type="button" onClick={() => void openCheckOut(it)}>
                            Check out
                          </button>
                        )}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {checkIn !== null && (
        <CheckInDialog appointmentId={checkIn} onDone={() => setCheckIn(null)} onClose={() => setCheckIn(null)} />
      )}
      {checkOut && (
        <CheckOutDialog appointment={checkOut} onDone={() => setCheckOut(null)} onClose={() => setCheckOut(null)} />
      )}
      {rooming && (
        <RoomDialog
          item={rooming}
          onRoom={async (roomId) => {
            await step(rooming, "room", { room_id: roomId });
            setRooming(null);
            app.flash(`${rooming.patient_name} is roomed`);
          }}
          onClose={() => setRooming(null)}
        />
      )}
    </main>
  );
}
