// SPDX-License-Identifier: AGPL-3.0-or-later
// The rooms of each location (the calendar's room columns, rooming on the flow board).
import { useApp, useLocationInfo } from "../state";
import { ResourceAdmin } from "./resource_admin";
import { locationOptions } from "./resource_spec";

export function RoomsAdmin() {
  const { ref } = useApp();
  const loc = useLocationInfo();
  return (
    <ResourceAdmin
      title="Rooms"
      path="/rooms"
      noun="room"
      specs={[
        { key: "name", label: "Name", table: true },
        { key: "location_id", label: "Location", kind: "select", options: () => locationOptions(ref), table: true },
      ]}
      defaults={{ location_id: loc?.id }}
    />
  );
}
