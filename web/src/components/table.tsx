// SPDX-License-Identifier: AGPL-3.0-or-later
// List tables.
import type { ComponentChildren } from "preact";

/** A list table with its column headers; `actions` adds a last column for row buttons. */
export function ListTable(p: { headers: string[]; caption?: string; actions?: boolean; children: ComponentChildren }) {
  return (
    <table class="list">
      {p.caption && <caption class="sr-only">{p.caption}</caption>}
      <thead>
        <tr>
          {p.headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
          {p.actions && (
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          )}
        </tr>
      </thead>
      <tbody>{p.children}</tbody>
    </table>
  );
}

/** Page buttons under a long list: "Entries 101–200 of 2,000", previous and next. */
export function Pager(p: {
  page: number;
  pageSize: number;
  total: number;
  noun: string;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  if (p.total <= p.pageSize) return null;
  const first = p.page * p.pageSize + 1;
  const last = Math.min(p.total, first + p.pageSize - 1);
  return (
    <div class="pager" role="group" aria-label={`Pages of ${p.noun}`}>
      <button type="button" onClick={() => p.onPage(p.page - 1)} disabled={p.page === 0}>
        Previous
      </button>
      <span aria-live="polite">
        {p.noun.replace(/^./, (c) => c.toUpperCase())} {first.toLocaleString("en-US")}–{last.toLocaleString("en-US")} of{" "}
        {p.total.toLocaleString("en-US")}
      </span>
      <button type="button" onClick={() => p.onPage(p.page + 1)} disabled={p.page >= pages - 1}>
        Next
      </button>
    </div>
  );
}
