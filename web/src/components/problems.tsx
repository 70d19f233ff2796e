// SPDX-License-Identifier: AGPL-3.0-or-later
// The API's problems in forms: field errors placed beside their fields, the rest as an alert.
import type { ComponentChildren } from "preact";
import { ApiError } from "../api";

/** Field errors of the last failed call, by field name; `other` holds the rest of the problem. */
export interface Problems {
  byField: Record<string, string>;
  other: string | null;
  status: number;
}
export const noProblems: Problems = { byField: {}, other: null, status: 0 };

/** Splits an error into messages for the form's fields and one for the form as a whole. */
export function problemsOf(e: unknown, fields: string[]): Problems {
  if (!(e instanceof ApiError)) return { byField: {}, other: String((e as Error)?.message ?? e), status: 0 };
  const byField: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const f of e.errors) {
    if (fields.includes(f.field)) byField[f.field] = byField[f.field] ? `${byField[f.field]}; ${f.message}` : f.message;
    else unplaced.push(`${f.field}: ${f.message}`);
  }
  const other =
    e.errors.length === 0 ? e.detail || e.title : unplaced.length ? `${e.detail} ${unplaced.join("; ")}` : null;
  return { byField, other, status: e.status };
}

export function Alert({ kind = "error", children }: { kind?: "error" | "info" | "ok"; children: ComponentChildren }) {
  return (
    <div class={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

/** The problem that is not about one field; a 412 offers to reload the record. */
export function FormProblem({ problems, onReload }: { problems: Problems; onReload?: () => void }) {
  if (problems.status === 412) {
    return (
      <Alert>
        Someone else changed this record while you were editing it. Your changes were not saved.{" "}
        {onReload && (
          <button type="button" class="link" onClick={onReload}>
            Reload the latest version
          </button>
        )}
      </Alert>
    );
  }
  if (!problems.other) return null;
  return <Alert>{problems.other}</Alert>;
}
