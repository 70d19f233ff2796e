// SPDX-License-Identifier: AGPL-3.0-or-later
// THE LIST OF BILLING SCREENS. A new billing screen is a file in this folder (its dialogs in
// files of their own) and one entry here: its tab under Billing, who sees it, and its pages.
// The Billing entry of the main navigation shows when the user may use any of them.
import type { Route } from "../router";
import { AccountScreen } from "./account";
import { AccountsScreen } from "./accounts";
import { ChargesScreen } from "./charges";
import { BatchScreen } from "./claims_batch";
import { BatchesScreen } from "./claims_batches";
import { ClaimsScreen } from "./claims";
import { DenialsScreen } from "./denials";
import { EncounterPage } from "./encounter_page";
import { RemittanceScreen } from "./remittance";
import { RemittancesScreen } from "./remittances";
import { ReportsScreen } from "./reports";
import { StatementsScreen } from "./statements";

export interface BillingScreen {
  /** The tab's path part: the screen lives at /billing/<key> and below. */
  key: string;
  label: string;
  /** Any one of these permissions shows the tab (the server checks every call regardless). */
  perms: string[];
  /** The screen's pages, their paths relative to /billing/<key>: "" is the tab itself, ":id" one item. */
  pages: Route[];
}

export const billingScreens: BillingScreen[] = [
  {
    key: "charges",
    label: "Charges",
    perms: ["charge.entry", "billing.post"],
    pages: [
      { path: "", page: () => <ChargesScreen /> },
      { path: "new", page: () => <EncounterPage target={{ kind: "new" }} /> },
      {
        path: "visit/:appointmentId",
        page: (p) => <EncounterPage target={{ kind: "visit", appointmentId: Number(p.appointmentId) }} />,
      },
      { path: ":id", page: (p) => <EncounterPage target={{ kind: "stored", id: Number(p.id) }} /> },
    ],
  },
  {
    // Everyone who reads billing sees the queue; scrubbing, batching and sending need claim.submit.
    key: "claims",
    label: "Claims",
    perms: ["billing.read"],
    pages: [
      { path: "", page: () => <ClaimsScreen /> },
      { path: "batches", page: () => <BatchesScreen /> },
      { path: "batches/:id", page: (p) => <BatchScreen id={Number(p.id)} /> },
      { path: ":id", page: (p) => <ClaimsScreen id={Number(p.id)} /> },
    ],
  },
  {
    key: "accounts",
    label: "Accounts",
    perms: ["billing.read"],
    pages: [
      { path: "", page: () => <AccountsScreen /> },
      { path: ":id", page: (p) => <AccountScreen id={Number(p.id)} /> },
    ],
  },
  {
    // Posting writes to every patient's ledger: claim.submit only (not the front desk).
    key: "remittances",
    label: "ERA posting",
    perms: ["claim.submit"],
    pages: [
      { path: "", page: () => <RemittancesScreen /> },
      { path: ":id", page: (p) => <RemittanceScreen id={Number(p.id)} /> },
    ],
  },
  {
    // Everyone who reads billing sees the queue; working it needs claim.submit.
    key: "denials",
    label: "Denials",
    perms: ["billing.read"],
    pages: [{ path: "", page: () => <DenialsScreen /> }],
  },
  {
    key: "statements",
    label: "Statements",
    perms: ["statement.run"],
    pages: [{ path: "", page: () => <StatementsScreen /> }],
  },
  {
    // Practice-wide money reports; the scheduling metrics also need schedule.read.
    key: "reports",
    label: "Reports",
    perms: ["report.read"],
    pages: [
      { path: "", page: () => <ReportsScreen which="ar-aging" /> },
      { path: ":which", page: (p) => <ReportsScreen which={p.which} /> },
    ],
  },
];
