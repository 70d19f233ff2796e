// SPDX-License-Identifier: AGPL-3.0-or-later
// Pointer dragging on the calendar: move (the body) or resize (the lower edge), snapped to 5
// minutes. One set of handlers on the grid (not one per visit), and the dragged element is moved
// directly, so that a drag does not re-render the calendar at every pointer move. A click that
// does not move opens the visit.
import type { RefObject } from "preact";
import { useMemo, useRef } from "preact/hooks";
import { localMinutes } from "../components";
import type { CalendarItem } from "../types";
import { type Column, type Drag, durationMin, PX_PER_MIN, SNAP } from "./calendar_layout";

export interface DragOptions {
  items: CalendarItem[];
  columns: Column[];
  gridRef: RefObject<HTMLDivElement | null>;
  colOf: (it: CalendarItem) => number;
  /** Whether the user may move visits (schedule.write). */
  writable: boolean;
  move: (it: CalendarItem, col: Column, startMin: number, lengthMin: number) => Promise<void>;
  open: (id: number) => void;
}

/** The grid body's pointer handlers. */
export function useCalendarDrag(o: DragOptions) {
  const dragRef = useRef<Drag | null>(null);
  const itemsById = useMemo(() => new Map(o.items.map((i) => [i.id, i])), [o.items]);
  const onPointerDown = (e: PointerEvent) => {
    const el = (e.target as HTMLElement).closest<HTMLElement>(".appt");
    if (!el || e.button !== 0) return;
    const it = itemsById.get(Number(el.dataset.appointment));
    if (!it) return;
    const r = el.getBoundingClientRect();
    const c = o.colOf(it);
    const cols = [...(o.gridRef.current?.querySelectorAll<HTMLElement>(".cal-col") ?? [])].map((x) => {
      const b = x.getBoundingClientRect();
      return [b.left, b.right];
    });
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    dragRef.current = {
      id: it.id,
      kind: e.clientY > r.bottom - 7 ? "resize" : "move",
      x0: e.clientX,
      y0: e.clientY,
      moved: false,
      dMin: 0,
      col: c,
      startCol: c,
      el,
      height: el.style.height,
      cols,
      movable: o.writable && ["booked", "confirmed"].includes(it.status),
    };
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = dragRef.current;
    if (!d || !d.movable) return;
    const dy = e.clientY - d.y0;
    d.moved = d.moved || Math.abs(dy) > 4 || Math.abs(e.clientX - d.x0) > 4;
    if (!d.moved) return;
    d.dMin = Math.round(dy / PX_PER_MIN / SNAP) * SNAP;
    d.el.classList.add("dragging");
    if (d.kind === "resize") {
      const len = durationMin(itemsById.get(d.id)!);
      d.el.style.height = `${Math.max(SNAP, len + d.dMin) * PX_PER_MIN - 1}px`;
      return;
    }
    d.cols.forEach(([l, r], i) => {
      if (e.clientX >= l && e.clientX < r) d.col = i;
    });
    const dx = d.cols[d.col][0] - d.cols[d.startCol][0];
    d.el.style.transform = `translate(${dx}px, ${d.dMin * PX_PER_MIN}px)`;
  };
  const endDrag = () => {
    const d = dragRef.current;
    dragRef.current = null;
    if (d) {
      d.el.classList.remove("dragging");
      d.el.style.transform = "";
      d.el.style.height = d.height;
    }
    return d;
  };
  const onPointerUp = () => {
    const d = endDrag();
    if (!d) return;
    const it = itemsById.get(d.id);
    if (!it) return;
    if (!d.moved) {
      o.open(it.id);
      return;
    }
    const s = localMinutes(it.local_start);
    const len = durationMin(it);
    if (d.kind === "resize") {
      const newLen = Math.max(SNAP, len + d.dMin);
      if (newLen !== len) void o.move(it, o.columns[d.startCol], s, newLen);
    } else if (d.dMin !== 0 || d.col !== d.startCol) {
      void o.move(it, o.columns[d.col], s + d.dMin, len);
    }
  };
  return {
    onPointerDown,
    onPointerMove,
    onPointerUp,
    onPointerCancel: () => void endDrag(),
  };
}
