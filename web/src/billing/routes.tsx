// SPDX-License-Identifier: AGPL-3.0-or-later
// The billing area's page and its navigation entry; the screens themselves are listed in
// screens.tsx.
import { type NavEntry, type Route } from "../router";
import { can } from "../state";
import { BillingPage } from "./billing_page";
import { billingScreens } from "./screens";

export const billingRoutes: Route[] = [{ path: "/billing/*", page: (p) => <BillingPage rest={p["*"]} /> }];

export const billingNav: NavEntry[] = [
  { href: "/billing", label: "Billing", show: (u) => billingScreens.some((s) => can(u, ...s.perms)) },
];
