// SPDX-License-Identifier: AGPL-3.0-or-later
// The queue's groups (by reason, payer or age) with their counts and amounts; each is a button
// that narrows the list below to it ("All" shows every denial the filters select).
import { formatCents } from "../components";
import { useCodeMeanings } from "./denials_codes";
import { type DenialGroup, type GroupBy, reasonText } from "./denials_types";

export function groupTitle(by: GroupBy, g: DenialGroup): string {
  if (by === "reason") return reasonText(g);
  if (by === "payer") return g.payer_name || `Payer ${g.payer_id}`;
  return `${g.age_bucket ?? g.key} days`;
}

export function DenialGroups(p: {
  by: GroupBy;
  groups: DenialGroup[];
  selected: string | null;
  onSelect: (key: string | null) => void;
}) {
  const meanings = useCodeMeanings("carc", p.by === "reason" ? p.groups.map((g) => g.carc ?? "") : []);
  const count = p.groups.reduce((s, g) => s + g.count, 0);
  const amount = p.groups.reduce((s, g) => s + g.amount_cents, 0);
  const item = (key: string | null, title: string, note: string, n: number, cents: number) => (
    <li key={key ?? "*"}>
      <button
        type="button"
        class="denial-group"
        aria-pressed={p.selected === key}
        data-group={key ?? "all"}
        onClick={() => p.onSelect(key)}
      >
        <span class="denial-group-title">{title}</span>
        {note && <span class="denial-group-note">{note}</span>}
        <span class="denial-group-figures">
          <strong data-testid="group-count">{n}</strong> {n === 1 ? "denial" : "denials"} ·{" "}
          <strong>{formatCents(cents)}</strong>
        </span>
      </button>
    </li>
  );
  return (
    <ul class="denial-groups" aria-label={`Denials by ${p.by} (each shows its denials)`}>
      {item(null, "All", "every denial shown", count, amount)}
      {p.groups.map((g) =>
        item(
          g.key,
          groupTitle(p.by, g),
          p.by === "reason" ? (meanings[g.carc ?? ""] ?? "") : "",
          g.count,
          g.amount_cents,
        ),
      )}
    </ul>
  );
}
