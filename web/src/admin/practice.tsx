// SPDX-License-Identifier: AGPL-3.0-or-later
// The practice's own billing details: the billing provider every claim names (legal name, NPI,
// tax ID, taxonomy), its phone and the billing address payers send remittances to. One record,
// edited in place; new practices are made with `medoffice org add`.
import { ResourceAdmin } from "./resource_admin";

export function PracticeAdmin() {
  return (
    <ResourceAdmin
      title="Practice billing details"
      path="/organizations"
      noun="practice"
      fixed
      specs={[
        { key: "legal_name", label: "Legal name", table: true, hint: "As registered with the IRS and the payers" },
        { key: "npi", label: "Group NPI", table: true, hint: "The practice's type 2 NPI, 10 digits" },
        { key: "tin", label: "Tax ID (EIN)", table: true, hint: "9 digits; 12-3456789 is accepted" },
        { key: "taxonomy", label: "Taxonomy code", optional: true, hint: "e.g. 207Q00000X family medicine" },
        { key: "phone", label: "Billing phone", optional: true, table: true, hint: "+12175550100" },
        { key: "billing_address.line1", label: "Billing address" },
        { key: "billing_address.line2", label: "Billing address line 2", optional: true },
        { key: "billing_address.city", label: "City", table: true },
        { key: "billing_address.state", label: "State" },
        { key: "billing_address.postal_code", label: "ZIP code", hint: "ZIP+4 (62701-1234) as claims need it" },
      ]}
    />
  );
}
