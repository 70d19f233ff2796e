// SPDX-License-Identifier: AGPL-3.0-or-later
// The practice's locations: name, time zone, place of service, phone and address.
import { ResourceAdmin } from "./resource_admin";

export function LocationsAdmin() {
  return (
    <ResourceAdmin
      title="Locations"
      path="/locations"
      noun="location"
      specs={[
        { key: "name", label: "Name", table: true },
        { key: "time_zone", label: "Time zone", table: true, hint: "IANA name such as America/Chicago" },
        { key: "place_of_service", label: "Place of service code", hint: "11 = office" },
        { key: "phone", label: "Phone", optional: true, table: true },
        { key: "address.line1", label: "Address" },
        { key: "address.line2", label: "Address line 2", optional: true },
        { key: "address.city", label: "City", table: true },
        { key: "address.state", label: "State" },
        { key: "address.postal_code", label: "ZIP code" },
      ]}
      defaults={{ place_of_service: "11", time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone }}
    />
  );
}
