// SPDX-License-Identifier: AGPL-3.0-or-later
// The calendar's title and controls: day or week, providers or rooms, the provider of a week,
// and the day shown.
import { addDays, longDate, todayIn } from "../components";
import { providerName, useApp } from "../state";
import type { Provider } from "../types";

export interface CalendarToolbarProps {
  view: "day" | "week";
  setView: (v: "day" | "week") => void;
  by: "providers" | "rooms";
  setBy: (b: "providers" | "rooms") => void;
  date: string;
  setDate: (d: string) => void;
  weekProvider: number;
  setWeekProvider: (id: number) => void;
  locProviders: Provider[];
  /** The first day of the week shown, once the calendar has arrived. */
  weekStart: string | undefined;
  locationName: string;
  zone: string;
  /** Days that Previous and Next move. */
  step: number;
}

export function CalendarToolbar(p: CalendarToolbarProps) {
  const { ref } = useApp();
  return (
    <div class="toolbar">
      <h1>
        {p.view === "day" ? longDate(p.date) : `Week of ${longDate(p.weekStart ?? p.date)}`}
        <span class="muted small">
          {" "}
          · {p.locationName} ({p.zone})
        </span>
      </h1>
      <div class="toolbar-controls">
        <div class="seg" role="group" aria-label="View">
          <button type="button" aria-pressed={p.view === "day"} onClick={() => p.setView("day")}>
            Day
          </button>
          <button type="button" aria-pressed={p.view === "week"} onClick={() => p.setView("week")}>
            Week
          </button>
        </div>
        {p.view === "day" ? (
          <div class="seg" role="group" aria-label="Columns">
            <button type="button" aria-pressed={p.by === "providers"} onClick={() => p.setBy("providers")}>
              Providers
            </button>
            <button type="button" aria-pressed={p.by === "rooms"} onClick={() => p.setBy("rooms")}>
              Rooms
            </button>
          </div>
        ) : (
          <label>
            <span class="sr-only">Provider</span>
            <select
              value={String(p.weekProvider)}
              onChange={(e) => p.setWeekProvider(Number((e.currentTarget as HTMLSelectElement).value))}
            >
              {p.locProviders.map((x) => (
                <option key={x.id} value={String(x.id)}>
                  {providerName(ref, x.id)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          onClick={() => p.setDate(addDays(p.date, -p.step))}
          aria-label={p.view === "day" ? "Previous day" : "Previous week"}
        >
          ‹
        </button>
        <button type="button" onClick={() => p.setDate(todayIn(p.zone))}>
          Today
        </button>
        <button
          type="button"
          onClick={() => p.setDate(addDays(p.date, p.step))}
          aria-label={p.view === "day" ? "Next day" : "Next week"}
        >
          ›
        </button>
        <label>
          <span class="sr-only">Date</span>
          <input
            type="date"
            value={p.date}
            onChange={(e) =>
              (e.currentTarget as HTMLInputElement).value && p.setDate((e.currentTarget as HTMLInputElement).value)
            }
          />
        </label>
      </div>
    </div>
  );
}
