// SPDX-License-Identifier: AGPL-3.0-or-later
// Availability templates at the desk's location: when each provider works, on which days, from
// when, and for which visit types.
import { todayIn } from "../components";
import { useApp, useLocationInfo } from "../state";
import { ResourceAdmin } from "./resource_admin";
import { locationOptions, providerOptions } from "./resource_spec";

export function AvailabilityAdmin() {
  const { ref } = useApp();
  const loc = useLocationInfo();
  return (
    <ResourceAdmin
      title="Availability templates"
      path="/availability-rules"
      noun="availability rule"
      filter={(x) => !loc || x.location_id === loc.id}
      specs={[
        { key: "provider_id", label: "Provider", kind: "select", options: () => providerOptions(ref), table: true },
        { key: "location_id", label: "Location", kind: "select", options: () => locationOptions(ref), table: true },
        { key: "weekdays", label: "Days", kind: "weekdays", table: true },
        { key: "start_time", label: "From", kind: "time", table: true },
        { key: "end_time", label: "Until", kind: "time", table: true },
        { key: "effective_from", label: "In force from", kind: "date", table: true },
        { key: "effective_to", label: "In force until", kind: "date", optional: true },
        {
          key: "appointment_type_ids",
          label: "Only these visit types (none: all)",
          kind: "multi",
          options: () => ref.types.map((t) => ({ value: String(t.id), label: t.name })),
        },
      ]}
      defaults={{
        location_id: loc?.id,
        weekdays: ["MO", "TU", "WE", "TH", "FR"],
        start_time: "08:00",
        end_time: "12:00",
        effective_from: todayIn("UTC"),
      }}
    />
  );
}
