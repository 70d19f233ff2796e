// SPDX-License-Identifier: AGPL-3.0-or-later
// The API's resources as the UI uses them (docs/api/openapi.json is the full description).

export interface User {
  user_id: number;
  username: string;
  organization_id: number;
  roles: string[];
  /** What the roles allow ("schedule.write", "patient.write", ...): the server's own matrix. */
  permissions: string[];
  location_ids: number[];
  idle_timeout_seconds: number;
  break_glass_until: string | null;
}

export interface Address {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  postal_code: string;
}

interface Versioned {
  id: number;
  version: number;
  active?: boolean;
}

export interface Location extends Versioned {
  name: string;
  time_zone: string;
  place_of_service: string;
  phone: string | null;
  address: Address;
}
export interface Provider extends Versioned {
  family_name: string;
  given_name: string;
  credentials: string | null;
  npi: string;
  taxonomy: string;
  specialty: string | null;
  location_ids: number[];
}
export interface AppointmentType extends Versioned {
  name: string;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  colour: string;
  telehealth: boolean;
  requires_room: boolean;
  default_cpt_codes: string[];
  provider_ids: number[];
}
export interface Room extends Versioned {
  location_id: number;
  name: string;
}
export interface Payer extends Versioned {
  name: string;
  x12_payer_id: string;
  claim_filing_indicator: string;
  timely_filing_days: number;
  phone: string | null;
  address: Address | null;
}
export interface AvailabilityRule extends Versioned {
  provider_id: number;
  location_id: number;
  weekdays: string[];
  start_time: string;
  end_time: string;
  effective_from: string;
  effective_to: string | null;
  appointment_type_ids: number[];
}
export interface Patient extends Versioned {
  mrn: string;
  family_name: string;
  given_name: string;
  middle_name: string | null;
  birth_date: string;
  sex: string;
  phone: string | null;
  email: string | null;
  address: Address | null;
  preferred_language: string;
  status: string;
  /** The guarantor account that pays for the patient; null until first billed. */
  account_id?: number | null;
  possible_duplicates?: { id: number; mrn: string; reason: string }[];
}
export interface Subscriber {
  relationship: string;
  family_name?: string;
  given_name?: string;
  birth_date?: string;
  sex?: string;
}
export interface Coverage extends Versioned {
  patient_id: number;
  payer_id: number;
  member_id: string;
  group_number: string | null;
  plan_name: string | null;
  subscriber: Subscriber;
  priority: string;
  effective_date: string;
  end_date: string | null;
  copay_cents: number;
}
export interface Appointment extends Versioned {
  patient_id: number;
  provider_id: number;
  location_id: number;
  room_id: number | null;
  appointment_type_id: number;
  start: string;
  end: string;
  status: string;
  series_id: number | null;
  note?: string;
  overbooked: boolean;
  series?: { id: number; booked: number; skipped: { start: string; reason: string }[]; note?: string };
}
export interface CalendarItem {
  id: number;
  patient_id: number;
  patient_name: string;
  provider_id: number;
  room_id: number | null;
  appointment_type_id: number;
  status: string;
  start: string;
  end: string;
  local_start: string;
  local_end: string;
  overbooked: boolean;
  version: number;
}
export interface CalendarDay {
  date: string;
  start: string;
  end: string;
  hours: number;
}
export interface Calendar {
  view: string;
  time_zone: string;
  days: CalendarDay[];
  items: CalendarItem[];
}
export interface Slot {
  start: string;
  end: string;
  provider_id: number;
  location_id: number;
}
export interface BoardItem {
  appointment_id: number;
  status: string;
  patient_id: number;
  patient_name: string;
  provider_id: number;
  provider_name: string;
  room_name: string | null;
  start: string;
  end: string;
  minutes_in_step: number | null;
  walk_in: boolean;
  version: number;
}
export interface Board {
  location_id: number;
  time_zone: string;
  generated_at: string;
  items: BoardItem[];
}
export interface Payment {
  id: number;
  receipt_number: string;
  amount_cents: number;
  method: string;
  reference: string | null;
  received_at: string;
  patient_id: number;
  appointment_id: number | null;
  location_id?: number | null;
  kind?: "copay" | "patient_payment";
  posted?: boolean;
  account_id?: number | null;
  /** The part no charge line has taken yet: credit on the account, refundable. */
  unallocated_cents?: number;
}

/** Who owes on a charge line: one of the insurances, or the patient. */
export type Place = "primary" | "secondary" | "tertiary" | "patient";

/** One insert-only ledger entry; `effect` is what it did to its line's places and the credit. */
export interface LedgerEntry {
  id: number;
  kind:
    | "charge"
    | "insurance_payment"
    | "contractual_adjustment"
    | "write_off"
    | "transfer"
    | "patient_payment"
    | "allocation"
    | "refund"
    | "reversal";
  account_id: number;
  patient_id: number;
  encounter_id: number | null;
  line_id: number | null;
  amount_cents: number;
  from: Place | null;
  to: Place | null;
  payment_id: number | null;
  claim_id: number | null;
  reverses: number | null;
  reason: string | null;
  effect: {
    primary_cents: number;
    secondary_cents: number;
    tertiary_cents: number;
    patient_cents: number;
    credit_cents: number;
  };
  posted_by: number | null;
  posted_at: string;
}
export interface AccountBalance {
  account_id: number;
  /** insurance + patient */
  balance_cents: number;
  insurance_balance_cents: number;
  patient_balance_cents: number;
  /** Money paid that no line has taken yet. */
  credit_cents: number;
  /** Patient balance minus credit (negative: the account is in credit). */
  patient_due_cents: number;
  entries: number;
  last_entry_at: string | null;
}
export interface Ledger {
  entries: LedgerEntry[];
  next_cursor: string | null;
  balance_cents: number;
  insurance_balance_cents: number;
  patient_balance_cents: number;
  credit_cents: number;
  account: { id: number; display_name: string; balance: AccountBalance } | null;
}
export interface GuarantorAccount extends Versioned {
  family_name: string;
  given_name: string;
  display_name: string;
  birth_date: string | null;
  phone: string | null;
  guarantor_patient_id: number | null;
  balance?: AccountBalance;
  members?: { patient_id: number; mrn: string; family_name: string; given_name: string; birth_date: string }[];
}
export interface WaitlistEntry extends Versioned {
  patient_id: number;
  appointment_type_id: number;
  location_id: number;
  provider_ids: number[];
  weekdays: string[];
  time_from: string;
  time_to: string;
  window_from: string;
  window_to: string;
  priority: number;
  appointment_id: number | null;
  note: string;
  status: string;
  created_at: string;
}
export interface WaitlistOffer {
  id: number;
  entry_id: number;
  patient_id: number;
  provider_id: number;
  location_id: number;
  appointment_type_id: number;
  start: string;
  end: string;
  status: string;
}
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
