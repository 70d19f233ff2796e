// SPDX-License-Identifier: AGPL-3.0-or-later
// The payers the practice bills: EDI payer ID, claim filing indicator and timely filing.
import { ResourceAdmin } from "./resource_admin";

export function PayersAdmin() {
  return (
    <ResourceAdmin
      title="Payers"
      path="/payers"
      noun="payer"
      specs={[
        { key: "name", label: "Name", table: true },
        { key: "x12_payer_id", label: "Payer ID (EDI)", table: true },
        {
          key: "claim_filing_indicator",
          label: "Claim filing indicator",
          hint: "MB Medicare B, MC Medicaid, BL Blue Cross, CI commercial",
          table: true,
        },
        { key: "timely_filing_days", label: "Timely filing (days)", kind: "number" },
        { key: "phone", label: "Phone", optional: true },
      ]}
      defaults={{ timely_filing_days: 365, claim_filing_indicator: "CI" }}
    />
  );
}
