// SPDX-License-Identifier: AGPL-3.0-or-later
// The users a denial may be assigned to (GET /denials/assignees: active billers and managers,
// id and display name only), read once per screen, and the words for whoever a denial is
// assigned to.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";

export interface Assignee {
  id: number;
  display_name: string;
}

/** The assignees by name; empty until they arrive (or if they cannot be read). */
export function useAssignees(): Assignee[] {
  const [list, setList] = useState<Assignee[]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    get<{ items: Assignee[] }>("/denials/assignees", undefined, ctl.signal)
      .then((r) => setList(r.items))
      .catch(() => setList([]));
    return () => ctl.abort();
  }, []);
  return list;
}

/**
 * "Nobody", "You" (`you` gives the words), the assignee's name, or "User N" for someone no
 * longer offered (deactivated, or no longer a biller).
 */
export function assigneeName(
  id: number | null,
  me: number,
  assignees: Assignee[],
  you = "You",
  nobody = "Nobody",
): string {
  if (id === null) return nobody;
  if (id === me) return you;
  return assignees.find((a) => a.id === id)?.display_name ?? `User ${id}`;
}
