// SPDX-License-Identifier: AGPL-3.0-or-later
// The calendar: a day with a column per provider (or per room) at the desk's location, or a week
// of one provider. Times are the location's wall-clock times. Click an empty place to book; drag
// a visit to move it (to another time or column) or its lower edge to change its length; a
// conflict comes back as the server's reason. From the keyboard: arrows move the cursor, Enter
// books or opens, Alt+arrows move the visit under the cursor, PageUp/PageDown change the day.
import type { JSX } from "preact";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { ApiError, call, get } from "../api";
import { addDays, Alert, hhmm, label12, localMinutes, localToUtc, statusLabel, todayIn } from "../components";
import { can, providerName, typeOf, useApp, useLocationInfo } from "../state";
import type { Calendar, CalendarItem } from "../types";
import { AppointmentDialog } from "./appointment_dialog";
import { BookDialog } from "./book_dialog";
import { type Column, durationMin, overlapLanes, PX_PER_MIN } from "./calendar_layout";
import { useCalendarDrag } from "./calendar_drag";
import { CalendarToolbar } from "./calendar_toolbar";

export function CalendarPage() {
  const app = useApp();
  const { ref } = app;
  const loc = useLocationInfo();
  const zone = loc?.time_zone ?? "UTC";
  // Booking, dragging and Alt+arrows need schedule.write; everyone who sees the calendar may open a visit.
  const writable = can(app.user, "schedule.write");
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
  const [cursor, setCursor] = useState({ col: 0, min: 9 * 60 });
  const [reloadTick, setReloadTick] = useState(0);
  const gridRef = useRef<HTMLDivElement>(null);
  const arrived = useRef(0);

  useEffect(() => {
    if (!loc) return;
    const ctl = new AbortController();
    setError(null);
    const provider = view === "week" ? weekProvider : undefined;
    get<Calendar>(
      "/calendar",
      { location_id: loc.id, view, date, provider_id: provider || undefined, include_patient_names: true },
      ctl.signal,
    )
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

  // "Renders within 100 ms of data arrival": from the parsed answer to the DOM committed
  // ("calendar-commit") and to the frame painted ("calendar-render": the task after the next
  // animation frame runs once style, layout and paint of that frame are done).
  // bench/ui_calendar.mjs reads these measures.
  useLayoutEffect(() => {
    if (!cal || !arrived.current) return;
    const t0 = arrived.current;
    arrived.current = 0;
    performance.measure("calendar-commit", { start: t0, end: performance.now() });
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure("calendar-render", { start: t0, end: performance.now() }), 0),
    );
  }, [cal]);

  const columns: Column[] = useMemo(() => {
    if (!cal || !loc) return [];
    if (view === "week") {
      return cal.days.map((d) => ({
        key: d.date,
        label: new Date(d.date + "T12:00:00Z").toLocaleDateString("en-US", {
          timeZone: "UTC",
          weekday: "short",
          month: "short",
          day: "numeric",
        }),
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
    byCol[col]?.find(
      (it) => localMinutes(it.local_start) <= min && min < localMinutes(it.local_start) + durationMin(it),
    );

  const reload = () => setReloadTick((t) => t + 1);

  async function move(it: CalendarItem, col: Column, startMin: number, lengthMin: number) {
    setConflict(null);
    const start = localToUtc(zone, col.date, hhmm(startMin));
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

  const drag = useCalendarDrag({
    items: cal?.items ?? [],
    columns,
    gridRef,
    colOf,
    writable,
    move,
    open: setOpened,
  });

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
    if (!writable) return;
    const providerId = c.providerId || locProviders[0]?.id || 0;
    setBooking({ providerId, roomId: c.roomId, start: localToUtc(zone, c.date, hhmm(min)) });
  };

  useEffect(() => {
    gridRef.current?.querySelector(".cal-cursor")?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [cursor]);

  const step = view === "week" ? 7 : 1;
  const onKey = (e: KeyboardEvent) => {
    const k = e.key;
    const under = writable ? itemAt(cursor.col, cursor.min) : undefined;
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

  // Only the visits in and next to the scrolled-to part of the grid are in the DOM (a day of
  // 20 providers is wider and taller than a screen); scrolling brings in the others. The window
  // moves in steps of 120 px, so that most scroll events change nothing.
  const [win, setWin] = useState({ y0: 0, y1: innerHeight, x0: 0, x1: innerWidth });
  const updateWindow = () => {
    const el = gridRef.current;
    if (!el) return;
    const step = 120;
    const y0 = Math.floor(el.scrollTop / step) * step - step;
    const x0 = Math.floor(el.scrollLeft / step) * step - step;
    const next = { y0, y1: y0 + el.clientHeight + 3 * step, x0, x1: x0 + el.clientWidth + 3 * step };
    setWin((w) => (w.y0 === next.y0 && w.y1 === next.y1 && w.x0 === next.x0 && w.x1 === next.x1 ? w : next));
  };
  useLayoutEffect(updateWindow, [cal !== null]);
  useEffect(() => {
    addEventListener("resize", updateWindow);
    return () => removeEventListener("resize", updateWindow);
  }, []);

  // Each visit's element is built once per answer and reused while scrolling, moving the
  // keyboard cursor or dragging.
  const built = useMemo(() => new Map<number, JSX.Element>(), [byCol, dayStart, ref]);
  const lanes = useMemo(() => overlapLanes(byCol), [byCol]);
  const cell = (it: CalendarItem) => {
    let v = built.get(it.id);
    if (!v) {
      const t = typeOf(ref, it.appointment_type_id);
      const s = localMinutes(it.local_start);
      const len = durationMin(it);
      const lane = lanes.get(it.id) ?? { lane: 0, of: 1 };
      v = (
        <div
          key={it.id}
          class={`appt s-${it.status}`}
          data-appointment={it.id}
          role="button"
          tabIndex={-1}
          style={{
            top: `${(s - dayStart) * PX_PER_MIN}px`,
            height: `${Math.max(len * PX_PER_MIN - 1, 14)}px`,
            borderLeftColor: t?.colour ?? "#555",
            ...(lane.of > 1
              ? { left: `${(lane.lane * 100) / lane.of}%`, width: `${100 / lane.of}%`, right: "auto" }
              : {}),
          }}
        >
          {/* One text node of two lines: the fewest objects for the browser to lay out. */}
          {`${label12(s)} ${it.patient_name}\n${t?.name ?? "Visit"}${it.status !== "booked" ? ` · ${statusLabel(it.status)}` : ""}${it.overbooked ? " · overbooked" : ""}`}
        </div>
      );
      built.set(it.id, v);
    }
    return v;
  };
  const cells = useMemo(() => {
    const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
    const gutter = 4.5 * rem;
    const width = gridRef.current?.clientWidth ?? innerWidth;
    const colWidth = Math.max(7.5 * rem, (width - gutter) / Math.max(1, columns.length));
    return byCol.map((items, ci) => {
      const left = gutter + ci * colWidth;
      if (left > win.x1 || left + colWidth < win.x0) return [];
      return items
        .filter((it) => {
          const top = (localMinutes(it.local_start) - dayStart) * PX_PER_MIN;
          return top < win.y1 && top + durationMin(it) * PX_PER_MIN > win.y0;
        })
        .map(cell);
    });
  }, [built, win, columns.length]);

  const cursorText = (() => {
    const c = columns[cursor.col];
    if (!c) return "";
    const it = itemAt(cursor.col, cursor.min);
    const where = `${c.label}, ${label12(cursor.min)}`;
    if (!it) return `${where}: free. Enter books.`;
    const t = typeOf(ref, it.appointment_type_id);
    return `${where}: ${it.patient_name}, ${t?.name ?? "visit"}, ${statusLabel(it.status)}. Enter opens; Alt+arrows move it.`;
  })();

  if (!loc)
    return (
      <main id="main" class="page">
        <Alert>No location is set up yet. An administrator adds one under Admin.</Alert>
      </main>
    );
  const height = (dayEnd - dayStart) * PX_PER_MIN;
  const hours: number[] = [];
  for (let m = dayStart; m < dayEnd; m += 60) hours.push(m);

  return (
    <main id="main" class="page calendar-page">
      <CalendarToolbar
        view={view}
        setView={setView}
        by={by}
        setBy={setBy}
        date={date}
        setDate={setDate}
        weekProvider={weekProvider}
        setWeekProvider={setWeekProvider}
        locProviders={locProviders}
        weekStart={cal?.days[0]?.date}
        locationName={loc.name}
        zone={zone}
        step={step}
      />
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
        Arrow keys move the cursor by 15 minutes or a column. Enter books at the cursor or opens the visit there. Alt
        with an arrow moves the visit. Page Up and Page Down change the {view}; T goes to today.
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
          onScroll={updateWindow}
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
          <div
            class="cal-body"
            style={{ height: `${height}px`, backgroundSize: `100% ${60 * PX_PER_MIN}px` }}
            onPointerDown={drag.onPointerDown}
            onPointerMove={drag.onPointerMove}
            onPointerUp={drag.onPointerUp}
            onPointerCancel={drag.onPointerCancel}
          >
            <div class="cal-gutter">
              {hours.map((m) => (
                <div key={m} class="cal-hour" style={{ top: `${(m - dayStart) * PX_PER_MIN}px` }}>
                  {label12(m)}
                </div>
              ))}
            </div>
            {columns.map((c, ci) => (
              <div key={c.key} class="cal-col" data-col={c.key} onClick={(e) => onColumnClick(e, ci)}>
                {cursor.col === ci && (
                  <div
                    class="cal-cursor"
                    style={{ top: `${(cursor.min - dayStart) * PX_PER_MIN}px`, height: `${15 * PX_PER_MIN}px` }}
                  />
                )}
                {cells[ci]}
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
