// SPDX-License-Identifier: AGPL-3.0-or-later
// Find a guarantor account by family name and open its ledger (a patient's page links to their
// account too).
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { Alert, ListTable, Spinner } from "../components";
import { linkClick } from "../router";
import type { GuarantorAccount, Page } from "../types";

export function AccountsScreen() {
  const [text, setText] = useState("");
  const [items, setItems] = useState<GuarantorAccount[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      get<Page<GuarantorAccount>>("/accounts", { q: text.trim() || undefined, limit: 50 }, ctl.signal)
        .then((p) => {
          setItems(p.items);
          setError(null);
        })
        .catch((e) => {
          if ((e as Error).name !== "AbortError") setError((e as Error).message);
        });
    }, 150);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text]);
  return (
    <section aria-labelledby="accounts-h">
      <h2 id="accounts-h">Guarantor accounts</h2>
      <div class="field search">
        <label for="account-search">Family name</label>
        <input
          id="account-search"
          type="search"
          autoFocus
          autocomplete="off"
          placeholder="The guarantor's family name"
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {error && <Alert>{error}</Alert>}
      {!items && !error && <Spinner />}
      {items && items.length === 0 && <p>No account matches.</p>}
      {items && items.length > 0 && (
        <ListTable headers={["Guarantor", "Account", "Birth date", "Phone"]} caption="Matching accounts">
          {items.map((a) => (
            <tr key={a.id} class={a.active === false ? "muted" : ""}>
              <td>
                <a href={`/billing/accounts/${a.id}`} onClick={linkClick}>
                  {a.display_name}
                </a>
              </td>
              <td>{a.id}</td>
              <td>{a.birth_date ?? ""}</td>
              <td>{a.phone ?? ""}</td>
            </tr>
          ))}
        </ListTable>
      )}
    </section>
  );
}
