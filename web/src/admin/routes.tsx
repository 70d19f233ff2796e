// SPDX-License-Identifier: AGPL-3.0-or-later
// The admin area's page (its sections are tabs: see admin_page.tsx) and its navigation entry.
import { type NavEntry, type Route } from "../router";
import { can } from "../state";
import { AdminPage, adminPermissions } from "./admin_page";

export const adminRoutes: Route[] = [{ path: "/admin/*", page: (p) => <AdminPage section={p["*"]} /> }];

export const adminNav: NavEntry[] = [{ href: "/admin", label: "Admin", show: (u) => can(u, ...adminPermissions) }];
