// SPDX-License-Identifier: AGPL-3.0-or-later
// The billing area: a tab per screen the user may use (screens.tsx lists them) and the page of
// the path under /billing.
import { Alert } from "../components";
import { linkClick, match } from "../router";
import { can, useApp } from "../state";
import { billingScreens } from "./screens";

/** `rest` is the path after "/billing/" ("" for /billing itself: the first screen allowed). */
export function BillingPage({ rest }: { rest: string }) {
  const { user } = useApp();
  const allowed = billingScreens.filter((s) => can(user, ...s.perms));
  const [key = allowed[0]?.key ?? "", ...sub] = rest.split("/").filter(Boolean);
  const screen = billingScreens.find((s) => s.key === key);
  let body;
  if (allowed.length === 0 || (screen && !allowed.includes(screen)))
    body = <Alert>Your role does not allow this part of billing.</Alert>;
  else {
    let page = null;
    for (const r of screen?.pages ?? []) {
      const m = match(r.path, sub.join("/"));
      if (m) {
        page = r.page(m);
        break;
      }
    }
    body = page ?? <Alert>There is no such billing page.</Alert>;
  }
  return (
    <main id="main" class="page">
      <h1>Billing</h1>
      {allowed.length > 0 && (
        <nav aria-label="Billing sections" class="tabs">
          <ul>
            {allowed.map((s) => (
              <li key={s.key}>
                <a href={`/billing/${s.key}`} onClick={linkClick} aria-current={s.key === key ? "page" : undefined}>
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {body}
    </main>
  );
}
