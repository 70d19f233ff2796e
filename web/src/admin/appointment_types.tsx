// SPDX-License-Identifier: AGPL-3.0-or-later
// Appointment types: length, buffers, colour, telehealth, room, default CPT codes and providers.
import { useApp } from "../state";
import { ResourceAdmin } from "./resource_admin";
import { providerOptions } from "./resource_spec";

export function AppointmentTypesAdmin() {
  const { ref } = useApp();
  return (
    <ResourceAdmin
      title="Appointment types"
      path="/appointment-types"
      noun="appointment type"
      specs={[
        { key: "name", label: "Name", table: true },
        { key: "duration_minutes", label: "Length (minutes)", kind: "number", table: true },
        { key: "buffer_before_minutes", label: "Buffer before (minutes)", kind: "number" },
        { key: "buffer_after_minutes", label: "Buffer after (minutes)", kind: "number" },
        { key: "colour", label: "Colour", kind: "colour", table: true },
        { key: "telehealth", label: "Telehealth", kind: "bool" },
        { key: "requires_room", label: "Needs a room", kind: "bool" },
        {
          key: "default_cpt_codes",
          label: "Default CPT codes",
          kind: "list",
          hint: "Comma-separated, such as 99213",
        },
        {
          key: "provider_ids",
          label: "Only these providers (none: all)",
          kind: "multi",
          options: () => providerOptions(ref),
        },
      ]}
      defaults={{
        duration_minutes: 20,
        buffer_before_minutes: 0,
        buffer_after_minutes: 0,
        colour: "#1565c0",
        requires_room: true,
      }}
    />
  );
}
