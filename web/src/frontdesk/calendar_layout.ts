// SPDX-License-Identifier: AGPL-3.0-or-later
// The calendar grid's geometry: the scale, the columns, and how overlapping visits share a
// column.
import type { CalendarItem } from "../types";

export const PX_PER_MIN = 1.6;
export const SNAP = 5;

export interface Column {
  key: string;
  label: string;
  date: string;
  providerId: number;
  roomId: number | null;
}

export interface Drag {
  id: number;
  kind: "move" | "resize";
  x0: number;
  y0: number;
  moved: boolean;
  dMin: number;
  col: number;
  startCol: number;
  el: HTMLElement;
  height: string; // the element's own height, restored after the drag
  cols: number[][]; // [left, right] of each column at the start
  movable: boolean;
}

/**
 * Visits that overlap in a column (several providers' visits waiting for a room, an overbooked
 * provider) share its width side by side: each cluster of overlapping visits gets as many lanes
 * as it needs at once. The lane of each visit by id, and how many lanes its cluster has.
 */
export function overlapLanes(byCol: CalendarItem[][]): Map<number, { lane: number; of: number }> {
  const out = new Map<number, { lane: number; of: number }>();
  for (const items of byCol) {
    const sorted = [...items].sort((a, b) => a.start.localeCompare(b.start));
    let cluster: { id: number; lane: number }[] = [];
    let laneEnds: number[] = [];
    let clusterEnd = -Infinity;
    const close = () => {
      for (const c of cluster) out.set(c.id, { lane: c.lane, of: laneEnds.length });
      cluster = [];
      laneEnds = [];
    };
    for (const it of sorted) {
      const start = Date.parse(it.start);
      const end = Date.parse(it.end);
      if (start >= clusterEnd) close();
      let lane = laneEnds.findIndex((e) => e <= start);
      if (lane < 0) lane = laneEnds.push(end) - 1;
      else laneEnds[lane] = end;
      cluster.push({ id: it.id, lane });
      clusterEnd = Math.max(clusterEnd === -Infinity ? end : clusterEnd, end);
    }
    close();
  }
  return out;
}

export function durationMin(it: CalendarItem): number {
  return Math.round((Date.parse(it.end) - Date.parse(it.start)) / 60000);
}
