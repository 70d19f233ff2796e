// SPDX-License-Identifier: AGPL-3.0-or-later
// What every screen shares: the signed-in user, the practice's reference data (locations,
// providers, appointment types, rooms, payers) and the location the desk works at.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { listAll } from "./api";
import type { AppointmentType, Location, Payer, Provider, Room, User } from "./types";

export interface RefData {
  locations: Location[];
  providers: Provider[];
  types: AppointmentType[];
  rooms: Room[];
  payers: Payer[];
}

/** The reference lists this user may read; a list the role may not read is empty (an
 * administrator, for one, manages users without seeing the schedule). */
export async function loadRefData(): Promise<RefData> {
  const each = <T>(path: string) => listAll<T>(path).catch(() => [] as T[]);
  const [locations, providers, types, rooms, payers] = await Promise.all([
    each<Location>("/locations"),
    each<Provider>("/providers"),
    each<AppointmentType>("/appointment-types"),
    each<Room>("/rooms"),
    each<Payer>("/payers"),
  ]);
  return { locations, providers, types, rooms, payers };
}

export interface AppState {
  user: User;
  ref: RefData;
  reloadRef: () => Promise<void>;
  locationId: number;
  setLocationId: (id: number) => void;
  /** A short message at the top of the page (role=status), e.g. "Booked". */
  flash: (message: string) => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const s = useContext(AppContext);
  if (!s) throw new Error("AppContext missing");
  return s;
}

export function useLocationInfo() {
  const app = useApp();
  const loc = app.ref.locations.find((l) => l.id === app.locationId) ?? app.ref.locations[0];
  return loc;
}

/** Whether the user's roles allow any of `permissions`: screens offer only what the server
 * will accept (the server checks every call regardless). */
export function can(user: User, ...permissions: string[]): boolean {
  return permissions.some((p) => user.permissions?.includes(p));
}

export function providerName(ref: RefData, id: number): string {
  const p = ref.providers.find((x) => x.id === id);
  return p ? `${p.family_name}, ${p.given_name}${p.credentials ? " " + p.credentials : ""}` : `Provider ${id}`;
}
export function typeOf(ref: RefData, id: number): AppointmentType | undefined {
  return ref.types.find((t) => t.id === id);
}
export function roomName(ref: RefData, id: number | null): string {
  if (!id) return "";
  return ref.rooms.find((r) => r.id === id)?.name ?? `Room ${id}`;
}
