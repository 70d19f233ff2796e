// SPDX-License-Identifier: AGPL-3.0-or-later
// The calendar: a day with a column per provider (or per room) at the desk's location, or a week
// of one provider. Times are the location's wall-clock times. Click an empty place to book; drag
// a visit to move it (to another time or column) or its lower edge to change its length; a
// conflict comes back as the server's reason. From the keyboard: arrows move the cursor, Enter
// books or opens, Alt+arrows move the visit under the cursor, PageUp/PageDown change the day.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, call, get } from "../api";
import { AppointmentDialog, BookDialog } from "../dialogs";
import { addDays, label12, localMinutes, localToUtc, longDate, statusLabel, todayIn } from "../format";
import { providerName, typeOf, useApp, useLocationInfo } from "../state";
import type { Calendar, CalendarItem } from "../types";
import { Alert } from "../ui";

const PX_PER_MIN = 1.6;
const SNAP = 5;

interface Column {
  key: string;
  label: string;
  date: string;
  providerId: number;
  roomId: number | null;
}

interface Drag {
  id: number;
  kind: "move" | "resize";
  x0: number;
  y0: number;
  moved: boolean;
  dMin: number;
  col: number;
  startCol: number;
}

export function CalendarPage() {
  const app = useApp();
  const { ref } = app;
  const loc = useLocationInfo();
  const zone = loc?.time_zone ?? "UTC";
  const params = new URL(location.href).searchParams;
  const [view, setView] = useState<"day" | "week">((params.get("view") as "day" | "week") ?? "day");
  const [date, setDate] = useState(params.get("date") ?? todayIn(zone));
  const [by, setBy] = useState<"providers" | "rooms">("providers");
  const locProviders = ref.providers.filter((p) => p.active !== false && loc && p.location_ids.includes(loc.id));
  const [weekProvider, setWeekProvider] = useState<number>(locProviders[0]?.id ?? 0);
  const [cal, setCal] = useState<Calendar | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [booking, setBooking] = useState<{ providerId: number; roomId: number | null; start: string } | null>(null);
  const [opened, setOpened] = useState<number | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const [cursor, setCursor] = useState({ col: 0, min: 9 * 60 });
  const [reloadTick, setReloadTick] = useState(0);
  const gridRef = useRef<HTMLDivElement>(null);
  const arrived = useRef(0);

  useEffect(() => {
    if (!loc) return;
    const ctl = new AbortController();
    setError(null);
    const provider = view === "week" ? weekProvider : undefined;
    get<Calendar>("/calendar", { location_id: loc.id, view, date, provider_id: provider || undefined }, ctl.signal)
      .then((c) => {
        arrived.current = performance.now();
        performance.mark("calendar-data");
        setCal(c);
      })
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      });
    return () => ctl.abort();
  }, [loc?.id, view, date, weekProvider, reloadTick]);

  // "Renders within 100 ms of data arrival": measured from the answer to the next frame after
  // the DOM is committed (bench/ui reads these measures).
  useLayoutEffect(() => {
    if (!cal || !arrived.current) return;
    const t0 = arrived.current;
    arrived.current = 0;
    requestAnimationFrame(() => {
      performance.measure("calendar-render", { start: t0, end: performance.now() });
    });
  }, [cal]);

  const columns: Column[] = useMemo(() => {
    if (!cal || !loc) return [];
    if (view === "week") {
      return cal.days.map((d) => ({
        key: d.date,
        label: new Date(d.date + "T12:00:00Z").toLocaleDateString("en-US", { timeZone: "UTC", weekday: "short", month: "short", day: "numeric" }),
        date: d.date,
        providerId: weekProvider,
        roomId: null,
      }));
    }
    if (by === "rooms") {
      const rooms = ref.rooms.filter((r) => r.location_id === loc.id && r.active !== false);
      const cols: Column[] = rooms.map((r) => ({ key: `r${r.id}`, label: r.name, date, providerId: 0, roomId: r.id }));
      cols.push({ key: "r0", label: "No room yet", date, providerId: 0, roomId: null });
      return cols;
    }
    const ids = new Set(locProviders.map((p) => p.id));
    for (const it of cal.items) ids.add(it.provider_id);
    return [...ids].map((id) => ({ key: `p${id}`, label: providerName(ref, id), date, providerId: id, roomId: null }));
  }, [cal, view, by, loc?.id, weekProvider, date]);

  const colOf = (it: CalendarItem): number => {
    if (view === "week") return columns.findIndex((c) => c.date === it.local_start.slice(0, 10));
    if (by === "rooms") return columns.findIndex((c) => c.roomId === (it.room_id ?? null));
    return columns.findIndex((c) => c.providerId === it.provider_id);
  };

  const [dayStart, dayEnd] = useMemo(() => {
    let s = 7 * 60;
    let e = 19 * 60;
    for (const it of cal?.items ?? []) {
      s = Math.min(s, Math.floor(localMinutes(it.local_start) / 60) * 60);
      const endM = it.local_end.slice(0, 10) === it.local_start.slice(0, 10) ? localMinutes(it.local_end) : 24 * 60;
      e = Math.max(e, Math.ceil(endM / 60) * 60);
    }
    return [s, e];
  }, [cal]);

  const byCol = useMemo(() => {
    const out: CalendarItem[][] = columns.map(() => []);
    for (const it of cal?.items ?? []) {
      const c = colOf(it);
      if (c >= 0) out[c].push(it);
    }
    return out;
  }, [cal, columns]);

  const itemAt = (col: number, min: number) =>
    byCol[col]?.find((it) => localMinutes(it.local_start) <= min && min < localMinutes(it.local_start) + durationMin(it));

  const reload = () => setReloadTick((t) => t + 1);

  async function move(it: CalendarItem, col: Column, startMin: number, lengthMin: number) {
    setConflict(null);
    const start = localToUtc(zone, col.date, hhmmOf(startMin));
    const end = new Date(Date.parse(start) + lengthMin * 60000).toISOString();
    const body: Record<string, unknown> = { start, end };
    if (view === "day" && by === "providers") body.provider_id = col.providerId;
    if (view === "day" && by === "rooms" && col.roomId) body.room_id = col.roomId;
    try {
      await call("POST", `/appointments/${it.id}/reschedule`, { body, ifMatch: it.version });
      app.flash(`Moved ${it.patient_name} to ${label12(startMin)}`);
    } catch (e) {
      const err = e as ApiError;
      const why = err.errors?.length ? err.errors.map((f) => f.message).join("; ") : err.detail || err.title;
      setConflict(
        err.status === 412
          ? "Someone else changed this visit a moment ago; the calendar now shows the latest version."
          : `Not moved: ${why}`,
      );
    }
    reload();
  }

  // Pointer dragging: move (body) or resize (lower edge), snapped to 5 minutes.
  const onPointerDown = (e: PointerEvent, it: CalendarItem, kind: "move" | "resize") => {
    if (e.button !== 0 || !["booked", "confirmed"].includes(it.status)) return;
    e.stopPropagation();
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    const c = colOf(it);
    setDrag({ id: it.id, kind, x0: e.clientX, y0: e.clientY, moved: false, dMin: 0, col: c, startCol: c });
  };
  const onPointerMove = (e: PointerEvent) => {
    if (!drag) return;
    const dy = e.clientY - drag.y0;
    const dx = e.clientX - drag.x0;
    const moved = drag.moved || Math.abs(dy) > 4 || Math.abs(dx) > 4;
    const dMin = Math.round(dy / PX_PER_MIN / SNAP) * SNAP;
    let col = drag.col;
    if (drag.kind === "move" && gridRef.current) {
      const cols = gridRef.current.querySelectorAll<HTMLElement>(".cal-col");
      cols.forEach((el, i) => {
        const r = el.getBoundingClientRect();
        if (e.clientX >= r.left && e.clientX < r.right) col = i;
      });
    }
    setDrag({ ...drag, moved, dMin, col });
  };
  const onPointerUp = (it: CalendarItem) => {
    const d = drag;
    setDrag(null);
    if (!d) return;
    if (!d.moved) {
      setOpened(it.id);
      return;
    }
    const s = localMinutes(it.local_start);
    const len = durationMin(it);
    if (d.kind === "resize") {
      const newLen = Math.max(SNAP, len + d.dMin);
      if (newLen !== len) void move(it, columns[d.startCol], s, newLen);
    } else if (d.dMin !== 0 || d.col !== d.startCol) {
      void move(it, columns[d.col], s + d.dMin, len);
    }
  };

  const onColumnClick = (e: MouseEvent, col: number) => {
    if ((e.target as HTMLElement).closest(".appt")) return;
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const min = dayStart + Math.floor((e.clientY - r.top) / PX_PER_MIN / 15) * 15;
    openAt(col, min);
  };
  const openAt = (col: number, min: number) => {
    const c = columns[col];
    if (!c || !loc) return;
    const existing = itemAt(col, min);
    if (existing) {
      setOpened(existing.id);
      return;
    }
    const providerId = c.providerId || locProviders[0]?.id || 0;
    setBooking({ providerId, roomId: c.roomId, start: localToUtc(zone, c.date, hhmmOf(min)) });
  };

  const step = view === "week" ? 7 : 1;
  const onKey = (e: KeyboardEvent) => {
    const k = e.key;
    const under = itemAt(cursor.col, cursor.min);
    if (e.altKey && under && (k === "ArrowUp" || k === "ArrowDown")) {
      e.preventDefault();
      const s = localMinutes(under.local_start) + (k === "ArrowUp" ? -15 : 15);
      setCursor({ ...cursor, min: s });
      void move(under, columns[cursor.col], s, durationMin(under));
      return;
    }
    if (e.altKey && under && (k === "ArrowLeft" || k === "ArrowRight") && view === "day") {
      e.preventDefault();
      const c = Math.max(0, Math.min(columns.length - 1, cursor.col + (k === "ArrowLeft" ? -1 : 1)));
      if (c !== cursor.col) {
        setCursor({ ...cursor, col: c });
        void move(under, columns[c], localMinutes(under.local_start), durationMin(under));
      }
      return;
    }
    const moves: Record<string, () => void> = {
      ArrowUp: () => setCursor({ ...cursor, min: Math.max(dayStart, cursor.min - 15) }),
      ArrowDown: () => setCursor({ ...cursor, min: Math.min(dayEnd - 15, cursor.min + 15) }),
      ArrowLeft: () => setCursor({ ...cursor, col: Math.max(0, cursor.col - 1) }),
      ArrowRight: () => setCursor({ ...cursor, col: Math.min(columns.length - 1, cursor.col + 1) }),
      Home: () => setCursor({ ...cursor, min: dayStart }),
      End: () => setCursor({ ...cursor, min: dayEnd - 15 }),
      Enter: () => openAt(cursor.col, cursor.min),
      PageUp: () => setDate(addDays(date, -step)),
      PageDown: () => setDate(addDays(date, step)),
      t: () => setDate(todayIn(zone)),
    };
    const f = moves[k];
    if (f) {
      e.preventDefault();
      f();
    }
  };

  const cursorText = (() => {
    const c = columns[cursor.col];
    if (!c) return "";
    const it = itemAt(cursor.col, cursor.min);
    const where = `${c.label}, ${label12(cursor.min)}`;
    if (!it) return `${where}: free. Enter books.`;
    const t = typeOf(ref, it.appointment_type_id);
    return `${where}: ${it.patient_name}, ${t?.name ?? "visit"}, ${statusLabel(it.status)}. Enter opens; Alt+arrows move it.`;
  })();

  if (!loc) return <main id="main" class="page"><Alert>No location is set up yet. An administrator adds one under Admin.</Alert></main>;
  const height = (dayEnd - dayStart) * PX_PER_MIN;
  const hours: number[] = [];
  for (let m = dayStart; m < dayEnd; m += 60) hours.push(m);

  return (
    <main id="main" class="page calendar-page">
      <div class="toolbar">
        <h1>
          {view === "day" ? longDate(date) : `Week of ${longDate(cal?.days[0]?.date ?? date)}`}
          <span class="muted small"> · {loc.name} ({zone})</span>
        </h1>
        <div class="toolbar-controls">
          <div class="seg" role="group" aria-label="View">
            <button type="button" aria-pressed={view === "day"} onClick={() => setView("day")}>
              Day
            </button>
            <button type="button" aria-pressed={view === "week"} onClick={() => setView("week")}>
              Week
            </button>
          </div>
          {view === "day" ? (
            <div class="seg" role="group" aria-label="Columns">
              <button type="button" aria-pressed={by === "providers"} onClick={() => setBy("providers")}>
                Providers
              </button>
              <button type="button" aria-pressed={by === "rooms"} onClick={() => setBy("rooms")}>
                Rooms
              </button>
            </div>
          ) : (
            <label>
              <span class="sr-only">Provider</span>
              <select value={String(weekProvider)} onChange={(e) => setWeekProvider(Number((e.currentTarget as HTMLSelectElement).value))}>
                {locProviders.map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {providerName(ref, p.id)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <button type="button" onClick={() => setDate(addDays(date, -step))} aria-label={view === "day" ? "Previous day" : "Previous week"}>
            ‹
          </button>
          <button type="button" onClick={() => setDate(todayIn(zone))}>
            Today
          </button>
          <button type="button" onClick={() => setDate(addDays(date, step))} aria-label={view === "day" ? "Next day" : "Next week"}>
            ›
          </button>
          <label>
            <span class="sr-only">Date</span>
            <input type="date" value={date} onChange={(e) => (e.currentTarget as HTMLInputElement).value && setDate((e.currentTarget as HTMLInputElement).value)} />
          </label>
        </div>
      </div>
      {error && <Alert>{error}</Alert>}
      {conflict && (
        <div class="alert alert-error" role="alert" data-testid="calendar-conflict">
          {conflict}{" "}
          <button type="button" class="link" onClick={() => setConflict(null)}>
            Dismiss
          </button>
        </div>
      )}
      <p id="cal-help" class="sr-only">
        Arrow keys move the cursor by 15 minutes or a column. Enter books at the cursor or opens the visit there. Alt with
        an arrow moves the visit. Page Up and Page Down change the {view}; T goes to today.
      </p>
      <div class="sr-only" aria-live="polite">
        {cursorText}
      </div>
      {cal && (
        <div
          class="cal"
          ref={gridRef}
          tabIndex={0}
          role="region"
          aria-label={`Calendar, ${columns.length} columns`}
          aria-describedby="cal-help"
          onKeyDown={onKey}
          style={{ "--cols": String(columns.length) }}
        >
          <div class="cal-head">
            <div class="cal-gutter" />
            {columns.map((c) => (
              <div key={c.key} class="cal-colhead" title={c.label}>
                {c.label}
              </div>
            ))}
          </div>
          <div class="cal-body" style={{ height: `${height}px` }}>
            <div class="cal-gutter">
              {hours.map((m) => (
                <div key={m} class="cal-hour" style={{ top: `${(m - dayStart) * PX_PER_MIN}px` }}>
                  {label12(m)}
                </div>
              ))}
            </div>
            {columns.map((c, ci) => (
              <div
                key={c.key}
                class="cal-col"
                data-col={c.key}
                style={{ backgroundSize: `100% ${60 * PX_PER_MIN}px` }}
                onClick={(e) => onColumnClick(e, ci)}
              >
                {cursor.col === ci && (
                  <div class="cal-cursor" style={{ top: `${(cursor.min - dayStart) * PX_PER_MIN}px`, height: `${15 * PX_PER_MIN}px` }} />
                )}
                {byCol[ci].map((it) => {
                  const t = typeOf(ref, it.appointment_type_id);
                  const s = localMinutes(it.local_start);
                  let len = durationMin(it);
                  let top = (s - dayStart) * PX_PER_MIN;
                  const dragging = drag && drag.id === it.id && drag.moved;
                  if (dragging && drag.kind === "move") top += drag.dMin * PX_PER_MIN;
                  if (dragging && drag.kind === "resize") len = Math.max(SNAP, len + drag.dMin);
                  const shift = dragging && drag.kind === "move" ? (drag.col - ci) * 100 : 0;
                  return (
                    <div
                      key={it.id}
                      class={`appt s-${it.status} ${dragging ? "dragging" : ""}`}
                      data-appointment={it.id}
                      role="button"
                      tabIndex={-1}
                      style={{
                        top: `${top}px`,
                        height: `${Math.max(len * PX_PER_MIN - 1, 14)}px`,
                        borderLeftColor: t?.colour ?? "#555",
                        transform: shift ? `translateX(${shift}%)` : undefined,
                      }}
                      onPointerDown={(e) => onPointerDown(e, it, "move")}
                      onPointerMove={onPointerMove}
                      onPointerUp={() => onPointerUp(it)}
                      onPointerCancel={() => setDrag(null)}
                    >
                      <span class="appt-time">{label12(s)}</span> <span class="appt-name">{it.patient_name}</span>
                      <span class="appt-type">
                        {t?.name}
                        {it.status !== "booked" ? ` · ${statusLabel(it.status)}` : ""}
                        {it.overbooked ? " · overbooked" : ""}
                      </span>
                      <span
                        class="appt-resize"
                        aria-hidden="true"
                        onPointerDown={(e) => onPointerDown(e, it, "resize")}
                      />
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      )}
      {booking && (
        <BookDialog
          locationId={loc.id}
          providerId={booking.providerId}
          roomId={booking.roomId}
          start={booking.start}
          onBooked={(a) => {
            setBooking(null);
            app.flash(a.series ? `Booked ${a.series.booked} visits` : "Booked");
            reload();
          }}
          onClose={() => setBooking(null)}
        />
      )}
      {opened !== null && <AppointmentDialog id={opened} onChanged={reload} onClose={() => setOpened(null)} />}
    </main>
  );
}

function durationMin(it: CalendarItem): number {
  return Math.round((Date.parse(it.end) - Date.parse(it.start)) / 60000);
}
function hhmmOf(min: number): string {
  const m = ((min % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
}
