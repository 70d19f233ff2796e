// SPDX-License-Identifier: AGPL-3.0-or-later
// The amount, method and reference of money taken at the desk (check-in's co-pay, the account
// screen's payments). The amount is typed in dollars; the caller sends it as integer cents.
import { SelectField, TextField } from "./fields";
import { statusLabel } from "./format";

export const paymentMethods = ["card", "cash", "check", "other"];

export interface PaymentFieldsProps {
  amount: string;
  setAmount: (v: string) => void;
  method: string;
  setMethod: (v: string) => void;
  reference: string;
  setReference: (v: string) => void;
  errors: { amount?: string; method?: string; reference?: string };
  /** The longest card reference accepted here (a terminal's reference can have up to 40). */
  cardMaxLength?: number;
  autoFocus?: boolean;
}

export function PaymentFields(p: PaymentFieldsProps) {
  const card = p.method === "card";
  return (
    <div class="grid3">
      <TextField
        label="Amount ($)"
        value={p.amount}
        onInput={p.setAmount}
        inputMode="decimal"
        error={p.errors.amount}
        autoFocus={p.autoFocus}
      />
      <SelectField
        label="Method"
        value={p.method}
        onChange={p.setMethod}
        options={paymentMethods.map((m) => ({ value: m, label: statusLabel(m) }))}
        error={p.errors.method}
      />
      <TextField
        label={card ? "Terminal reference or card last 4 digits" : p.method === "check" ? "Check number" : "Reference"}
        value={p.reference}
        onInput={p.setReference}
        maxLength={card ? (p.cardMaxLength ?? 40) : 40}
        inputMode={card && (p.cardMaxLength ?? 40) <= 4 ? "numeric" : "text"}
        error={p.errors.reference}
      />
    </div>
  );
}
