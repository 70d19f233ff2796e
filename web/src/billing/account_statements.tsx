// SPDX-License-Identifier: AGPL-3.0-or-later
// An account's statement history on the account screen: the statements mailed to it, newest
// first, 10 to a page (by cursor), each with the PDF as it was mailed (a reprint shows what the
// guarantor received, not today's balance).
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, Spinner } from "../components";
import type { Page } from "../types";
import { StatementTable } from "./statement_table";
import type { Statement } from "./statement_types";

const LIMIT = 10;

export function AccountStatements({ accountId }: { accountId: number }) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [page, setPage] = useState<Page<Statement> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const at = cursors.length - 1;

  useEffect(() => setCursors([null]), [accountId]);
  useEffect(() => {
    const ctl = new AbortController();
    get<Page<Statement>>(
      `/accounts/${accountId}/statements`,
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
  }, [accountId, cursors, at]);

  return (
    <section aria-labelledby="account-statements-h" class="account-statements" data-testid="account-statements">
      <h3 id="account-statements-h">Statements</h3>
      {error && <Alert>{error}</Alert>}
      {!page && !error && <Spinner />}
      {page && page.items.length === 0 && at === 0 && <p>No statement has been mailed to this account yet.</p>}
      {page && page.items.length > 0 && (
        <StatementTable statements={page.items} caption="Statements mailed to this account, newest first" />
      )}
      {page && (at > 0 || page.next_cursor) && (
        <div class="pager" role="group" aria-label="Pages of statements">
          <button type="button" disabled={at === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
          <span>Page {at + 1}</span>
          <button
            type="button"
            disabled={!page.next_cursor}
            onClick={() => page.next_cursor && setCursors([...cursors, page.next_cursor])}
          >
            Older
          </button>
        </div>
      )}
    </section>
  );
}
