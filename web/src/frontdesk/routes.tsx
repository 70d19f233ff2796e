// SPDX-License-Identifier: AGPL-3.0-or-later
// The front desk's pages and their entries in the main navigation.
import { type NavEntry, type Route } from "../router";
import { can } from "../state";
import { BookPage } from "./book";
import { CalendarPage } from "./calendar";
import { FlowBoardPage } from "./flowboard";
import { PatientPage } from "./patient";
import { PatientsPage } from "./patients";
import { WaitlistPage } from "./waitlist";

export const frontdeskRoutes: Route[] = [
  { path: "/calendar", page: () => <CalendarPage /> },
  { path: "/book", page: () => <BookPage /> },
  { path: "/patients", page: () => <PatientsPage /> },
  { path: "/patients/new", page: () => <PatientPage id={null} /> },
  { path: "/patients/:id", page: (p) => <PatientPage id={Number(p.id)} /> },
  { path: "/flow-board", page: () => <FlowBoardPage /> },
  { path: "/waitlist", page: () => <WaitlistPage /> },
];

export const frontdeskNav: NavEntry[] = [
  { href: "/calendar", label: "Calendar", show: (u) => can(u, "schedule.read") },
  { href: "/book", label: "Find & book", show: (u) => can(u, "schedule.write") },
  { href: "/patients", label: "Patients", show: (u) => can(u, "patient.read") },
  { href: "/flow-board", label: "Flow board", show: (u) => can(u, "schedule.read") },
  { href: "/waitlist", label: "Waitlist", show: (u) => can(u, "schedule.write") },
];
