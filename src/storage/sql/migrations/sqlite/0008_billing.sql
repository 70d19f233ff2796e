-- Billing (issue 14): guarantor accounts, encounters and their charge lines, the insert-only
-- ledger, and the running balances kept in the transaction of each ledger entry.
-- Money is integer cents; dates of service are local calendar dates (YYYY-MM-DD).

-- The person responsible for the bill. Several patients may share one account.
CREATE TABLE guarantor_accounts (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_key TEXT NOT NULL,
  given_key TEXT NOT NULL,
  birth_date TEXT,
  phone TEXT NOT NULL DEFAULT '',
  addr_line1 TEXT NOT NULL DEFAULT '',
  addr_line2 TEXT NOT NULL DEFAULT '',
  addr_city TEXT NOT NULL DEFAULT '',
  addr_state TEXT NOT NULL DEFAULT '',
  addr_postal_code TEXT NOT NULL DEFAULT '',
  guarantor_patient_id INTEGER REFERENCES patients(id),
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- A patient who is a guarantor has one account.
CREATE UNIQUE INDEX uq_guarantor_accounts__guarantor_patient_id
  ON guarantor_accounts(organization_id, guarantor_patient_id) WHERE guarantor_patient_id IS NOT NULL;
CREATE INDEX ix_guarantor_accounts_family ON guarantor_accounts(organization_id, family_key, given_key, id);
CREATE INDEX ix_guarantor_accounts_birth ON guarantor_accounts(organization_id, birth_date);

-- The running balances of an account: what the insurances and the patient owe on its lines,
-- and the credit no line has taken. Changed only with a ledger entry, in its transaction.
CREATE TABLE account_balances (
  account_id INTEGER PRIMARY KEY REFERENCES guarantor_accounts(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  insurance_cents INTEGER NOT NULL DEFAULT 0 CHECK (insurance_cents >= 0),
  patient_cents INTEGER NOT NULL DEFAULT 0 CHECK (patient_cents >= 0),
  credit_cents INTEGER NOT NULL DEFAULT 0 CHECK (credit_cents >= 0),
  entry_count INTEGER NOT NULL DEFAULT 0,
  last_entry_at INTEGER
) STRICT;

-- Each patient's account (NULL until the patient is first billed; existing patients are
-- linked by `medoffice migrate`).
ALTER TABLE patients ADD COLUMN account_id INTEGER REFERENCES guarantor_accounts(id);
CREATE INDEX ix_patients_account ON patients(account_id, organization_id) WHERE account_id IS NOT NULL;

-- Desk payments now post to the ledger: the account they went to and the part of each that no
-- line has taken yet (its share of the account's credit).
ALTER TABLE payments ADD COLUMN account_id INTEGER REFERENCES guarantor_accounts(id);
ALTER TABLE payments ADD COLUMN unallocated_cents INTEGER NOT NULL DEFAULT 0 CHECK (unallocated_cents >= 0);
CREATE INDEX ix_payments_unposted ON payments(organization_id, id) WHERE posted = 0;
CREATE INDEX ix_payments_credit ON payments(account_id, received_at, id) WHERE unallocated_cents > 0;

CREATE TABLE encounters (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  appointment_id INTEGER REFERENCES appointments(id),
  account_id INTEGER NOT NULL REFERENCES guarantor_accounts(id),
  date_of_service TEXT NOT NULL,
  diagnoses TEXT NOT NULL DEFAULT '',      -- ICD-10-CM without dots, comma-separated, in order
  status TEXT NOT NULL,                    -- open | finalized | voided
  corrections INTEGER NOT NULL DEFAULT 0,
  finalized_at INTEGER,
  finalized_by INTEGER,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- One live encounter per visit.
CREATE UNIQUE INDEX uq_encounters__appointment_id ON encounters(appointment_id)
  WHERE appointment_id IS NOT NULL AND status <> 'voided';
CREATE INDEX ix_encounters_patient ON encounters(organization_id, patient_id, date_of_service, id);
CREATE INDEX ix_encounters_status ON encounters(organization_id, status, id);

-- Charge lines. The service columns never change once posted: a correction marks the line
-- replaced (its charge reversed) and adds the new line. owed_* are the line's running balance
-- by who owes it, changed only with a ledger entry, in its transaction.
CREATE TABLE charge_lines (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  encounter_id INTEGER NOT NULL REFERENCES encounters(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  account_id INTEGER NOT NULL REFERENCES guarantor_accounts(id),
  revision INTEGER NOT NULL,               -- the encounter's corrections count when entered
  line_number INTEGER NOT NULL,
  code TEXT NOT NULL,
  modifiers TEXT NOT NULL DEFAULT '',
  units INTEGER NOT NULL CHECK (units > 0),
  diagnosis_pointers TEXT NOT NULL,
  ndc_code TEXT NOT NULL DEFAULT '',
  ndc_unit TEXT NOT NULL DEFAULT '',
  ndc_quantity_milli INTEGER NOT NULL DEFAULT 0,
  place_of_service TEXT NOT NULL DEFAULT '',
  rendering_provider_id INTEGER REFERENCES providers(id),
  date_of_service TEXT,
  charge_cents INTEGER NOT NULL CHECK (charge_cents > 0),
  fee_from_schedule INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL,                    -- open | posted | replaced | removed
  owed_primary_cents INTEGER NOT NULL DEFAULT 0 CHECK (owed_primary_cents >= 0),
  owed_secondary_cents INTEGER NOT NULL DEFAULT 0 CHECK (owed_secondary_cents >= 0),
  owed_tertiary_cents INTEGER NOT NULL DEFAULT 0 CHECK (owed_tertiary_cents >= 0),
  owed_patient_cents INTEGER NOT NULL DEFAULT 0 CHECK (owed_patient_cents >= 0),
  created_at INTEGER NOT NULL
) STRICT;
-- organization_id in it: every lookup names the practice, and without statistics SQLite would
-- otherwise pick ix_charge_lines_patient (organization_id) and scan the practice's lines.
CREATE INDEX ix_charge_lines_encounter ON charge_lines(encounter_id, organization_id, status, line_number);
CREATE INDEX ix_charge_lines_patient ON charge_lines(organization_id, patient_id, status);
-- The lines a patient payment can go to, oldest first.
CREATE INDEX ix_charge_lines_patient_owed ON charge_lines(account_id, date_of_service, id)
  WHERE owed_patient_cents > 0;

-- The ledger. Insert-only: never updated or deleted; a correction is a reversal. Each entry
-- keeps its effect (d_*: signed cents per place of its line, and on the account's credit), so
-- that every balance is a plain sum of entries and can be checked against the running ones.
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  account_id INTEGER NOT NULL REFERENCES guarantor_accounts(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  encounter_id INTEGER REFERENCES encounters(id),
  line_id INTEGER REFERENCES charge_lines(id),
  kind TEXT NOT NULL,
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  from_place TEXT,
  to_place TEXT,
  payment_id INTEGER REFERENCES payments(id),
  claim_id INTEGER,
  reverses INTEGER REFERENCES ledger_entries(id),
  reason TEXT NOT NULL DEFAULT '',
  d_primary INTEGER NOT NULL,
  d_secondary INTEGER NOT NULL,
  d_tertiary INTEGER NOT NULL,
  d_patient INTEGER NOT NULL,
  d_credit INTEGER NOT NULL,
  posted_by INTEGER NOT NULL,
  posted_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
-- An entry is reversed at most once; a payment is posted once.
CREATE UNIQUE INDEX uq_ledger_entries__reverses ON ledger_entries(reverses) WHERE reverses IS NOT NULL;
CREATE UNIQUE INDEX uq_ledger_entries__payment_id ON ledger_entries(payment_id)
  WHERE kind = 'patient_payment';
CREATE INDEX ix_ledger_entries_account ON ledger_entries(organization_id, account_id, id);
CREATE INDEX ix_ledger_entries_patient ON ledger_entries(organization_id, patient_id, id);
CREATE INDEX ix_ledger_entries_line ON ledger_entries(line_id, id) WHERE line_id IS NOT NULL;
CREATE INDEX ix_ledger_entries_payment ON ledger_entries(payment_id, id) WHERE payment_id IS NOT NULL;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are insert-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are insert-only'); END;
