// SPDX-License-Identifier: AGPL-3.0-or-later
// Admin screens for managers and administrators: the tabs each role may use and the screen of
// the chosen one. A new admin screen is a file in this folder and a line in `sections`.
import type { JSX } from "preact";
import { Alert } from "../components";
import { linkClick } from "../router";
import { can, useApp } from "../state";
import { AppointmentTypesAdmin } from "./appointment_types";
import { AvailabilityAdmin } from "./availability";
import { BlocksAdmin } from "./exceptions";
import { LocationsAdmin } from "./locations";
import { PayersAdmin } from "./payers";
import { PracticeAdmin } from "./practice";
import { ProvidersAdmin } from "./providers";
import { RoomsAdmin } from "./rooms";
import { UsersAdmin } from "./users";

/** The admin tabs and the permission each needs (the server checks it again on every call). */
const sections: { key: string; label: string; perm: string; screen: () => JSX.Element }[] = [
  { key: "users", label: "Users", perm: "user.admin", screen: () => <UsersAdmin /> },
  { key: "practice", label: "Practice", perm: "practice.admin", screen: () => <PracticeAdmin /> },
  { key: "locations", label: "Locations", perm: "practice.admin", screen: () => <LocationsAdmin /> },
  { key: "rooms", label: "Rooms", perm: "schedule.setup", screen: () => <RoomsAdmin /> },
  { key: "providers", label: "Providers", perm: "practice.admin", screen: () => <ProvidersAdmin /> },
  { key: "payers", label: "Payers", perm: "practice.admin", screen: () => <PayersAdmin /> },
  {
    key: "appointment-types",
    label: "Appointment types",
    perm: "schedule.setup",
    screen: () => <AppointmentTypesAdmin />,
  },
  { key: "availability", label: "Availability", perm: "schedule.setup", screen: () => <AvailabilityAdmin /> },
  { key: "exceptions", label: "Exceptions", perm: "schedule.setup", screen: () => <BlocksAdmin /> },
];

/** The permissions that open the admin area (any one of them). */
export const adminPermissions = [...new Set(sections.map((s) => s.perm))];

export function AdminPage({ section: asked }: { section: string }) {
  const { user } = useApp();
  const allowed = sections.filter((x) => can(user, x.perm));
  const section = asked || allowed[0]?.key || "";
  const tab = sections.find((x) => x.key === section);
  if (allowed.length === 0 || (tab && !can(user, tab.perm))) {
    return (
      <main id="main" class="page">
        <h1>Admin</h1>
        <Alert>Your role does not allow changing this part of the practice set-up.</Alert>
      </main>
    );
  }
  return (
    <main id="main" class="page">
      <h1>Admin</h1>
      <nav aria-label="Admin sections" class="tabs">
        <ul>
          {allowed.map((s) => (
            <li key={s.key}>
              <a href={`/admin/${s.key}`} onClick={linkClick} aria-current={s.key === section ? "page" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tab ? tab.screen() : <Alert>There is no such admin section.</Alert>}
    </main>
  );
}
