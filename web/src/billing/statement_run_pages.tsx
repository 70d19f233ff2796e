// SPDX-License-Identifier: AGPL-3.0-or-later
// The statements of an earlier run, read a page at a time from the server
// (GET /statement-runs/{id}/statements, by cursor: Previous goes back through the cursors seen).
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, Spinner } from "../components";
import type { Page } from "../types";
import { StatementTable } from "./statement_table";
import type { Statement } from "./statement_types";

const LIMIT = 50;

/** Give it `key={runId}`: another run starts again at its first page. */
export function RunStatementPages({ runId }: { runId: number }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Statement> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const at = cursors.length - 1;

  useEffect(() => {
    const ctl = new AbortController();
    get<Page<Statement>>(
      `/statement-runs/${runId}/statements`,
      { limit: LIMIT, cursor: cursors[at] ?? undefined },
      ctl.signal,
    )
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((e) => {
        if ((e as Error).name !== "AbortError") setError((e as Error).message);
      });
    return () => ctl.abort();
  }, [runId, cursors, at]);

  if (error) return <Alert>{error}</Alert>;
  if (!page) return <Spinner />;
  return (
    <>
      <StatementTable
        statements={page.items}
        caption={`Statements of run ${runId}${at > 0 || page.next_cursor ? `, page ${at + 1}` : ""}`}
        withAccount
      />
      {(at > 0 || page.next_cursor) && (
        <div class="pager" role="group" aria-label={`Pages of the statements of run ${runId}`}>
          <button type="button" disabled={at === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </button>
          <span>Page {at + 1}</span>
          <button
            type="button"
            disabled={!page.next_cursor}
            onClick={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
          >
            Next
          </button>
        </div>
      )}
    </>
  );
}
