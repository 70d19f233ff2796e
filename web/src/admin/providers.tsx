// SPDX-License-Identifier: AGPL-3.0-or-later
// The practice's providers: names, credentials, NPI, taxonomy and where they work.
import { useApp } from "../state";
import { ResourceAdmin } from "./resource_admin";
import { locationOptions } from "./resource_spec";

export function ProvidersAdmin() {
  const { ref } = useApp();
  return (
    <ResourceAdmin
      title="Providers"
      path="/providers"
      noun="provider"
      specs={[
        { key: "family_name", label: "Family name", table: true },
        { key: "given_name", label: "Given name", table: true },
        { key: "credentials", label: "Credentials", optional: true, table: true },
        { key: "npi", label: "NPI", table: true },
        { key: "taxonomy", label: "Taxonomy code" },
        { key: "specialty", label: "Specialty", optional: true },
        { key: "location_ids", label: "Works at", kind: "multi", options: () => locationOptions(ref), table: true },
      ]}
    />
  );
}
