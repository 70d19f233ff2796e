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
