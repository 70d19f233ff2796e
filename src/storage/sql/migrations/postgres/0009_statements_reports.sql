-- Statements and reports (issue 15): who was billed on each encounter, the indexes and the dated
-- summaries the reports read instead of the whole ledger, statement runs and their statements.

-- The coverages billed, fixed when the encounter is finalized (in force on its date of service),
-- and their payers. Claims bill these coverages; AR by payer reads the payers from the lines.
ALTER TABLE encounters ADD COLUMN primary_coverage_id BIGINT REFERENCES coverages(id);
ALTER TABLE encounters ADD COLUMN secondary_coverage_id BIGINT REFERENCES coverages(id);
ALTER TABLE encounters ADD COLUMN tertiary_coverage_id BIGINT REFERENCES coverages(id);
ALTER TABLE encounters ADD COLUMN primary_payer_id BIGINT REFERENCES payers(id);
ALTER TABLE encounters ADD COLUMN secondary_payer_id BIGINT REFERENCES payers(id);
ALTER TABLE encounters ADD COLUMN tertiary_payer_id BIGINT REFERENCES payers(id);
ALTER TABLE charge_lines ADD COLUMN primary_payer_id BIGINT REFERENCES payers(id);
ALTER TABLE charge_lines ADD COLUMN secondary_payer_id BIGINT REFERENCES payers(id);
ALTER TABLE charge_lines ADD COLUMN tertiary_payer_id BIGINT REFERENCES payers(id);

-- Encounters finalized before this migration: the coverages in force on their date of service.
UPDATE encounters SET
  primary_coverage_id = (SELECT c.id FROM coverages c WHERE c.patient_id = encounters.patient_id
    AND c.organization_id = encounters.organization_id AND c.priority = 1 AND c.active = 1
    AND c.effective_date <= encounters.date_of_service
    AND (c.end_date IS NULL OR c.end_date >= encounters.date_of_service) ORDER BY c.id LIMIT 1),
  secondary_coverage_id = (SELECT c.id FROM coverages c WHERE c.patient_id = encounters.patient_id
    AND c.organization_id = encounters.organization_id AND c.priority = 2 AND c.active = 1
    AND c.effective_date <= encounters.date_of_service
    AND (c.end_date IS NULL OR c.end_date >= encounters.date_of_service) ORDER BY c.id LIMIT 1),
  tertiary_coverage_id = (SELECT c.id FROM coverages c WHERE c.patient_id = encounters.patient_id
    AND c.organization_id = encounters.organization_id AND c.priority = 3 AND c.active = 1
    AND c.effective_date <= encounters.date_of_service
    AND (c.end_date IS NULL OR c.end_date >= encounters.date_of_service) ORDER BY c.id LIMIT 1)
WHERE status <> 'open';
UPDATE encounters SET
  primary_payer_id = (SELECT payer_id FROM coverages WHERE id = encounters.primary_coverage_id),
  secondary_payer_id = (SELECT payer_id FROM coverages WHERE id = encounters.secondary_coverage_id),
  tertiary_payer_id = (SELECT payer_id FROM coverages WHERE id = encounters.tertiary_coverage_id)
WHERE status <> 'open';
UPDATE charge_lines SET
  primary_payer_id = (SELECT primary_payer_id FROM encounters WHERE id = charge_lines.encounter_id),
  secondary_payer_id = (SELECT secondary_payer_id FROM encounters WHERE id = charge_lines.encounter_id),
  tertiary_payer_id = (SELECT tertiary_payer_id FROM encounters WHERE id = charge_lines.encounter_id)
WHERE status <> 'open';

-- AR as of today reads the lines that still owe something, and nothing else.
CREATE INDEX ix_charge_lines_ar ON charge_lines(organization_id, date_of_service, primary_payer_id,
  secondary_payer_id, tertiary_payer_id, owed_primary_cents, owed_secondary_cents,
  owed_tertiary_cents, owed_patient_cents)
  WHERE owed_primary_cents + owed_secondary_cents + owed_tertiary_cents + owed_patient_cents > 0;
CREATE INDEX ix_charge_lines_account_open ON charge_lines(account_id, date_of_service, id)
  WHERE owed_primary_cents + owed_secondary_cents + owed_tertiary_cents + owed_patient_cents > 0;
-- The day sheet and collections read one period of entries.
CREATE INDEX ix_ledger_entries_posted ON ledger_entries(organization_id, posted_at);
-- Accounts that owe something (AR by account), and those whose guarantor owes (statements).
CREATE INDEX ix_account_balances_owing ON account_balances(organization_id, account_id)
  WHERE insurance_cents + patient_cents > 0;
CREATE INDEX ix_account_balances_patient_due ON account_balances(organization_id, account_id)
  WHERE patient_cents > 0;

-- How AR moved on each closed local day (the practice's reporting time zone), by date of service
-- and by who owes (payer_id; 0 = the patient, -1 = an insurance place with no coverage recorded).
-- Built from the entries of closed days only, so postings never contend for these rows.
CREATE TABLE ar_day_deltas (
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  posted_on DATE NOT NULL,
  date_of_service DATE NOT NULL,
  payer_id BIGINT NOT NULL,
  delta_cents BIGINT NOT NULL,
  PRIMARY KEY (organization_id, posted_on, date_of_service, payer_id)
);

-- AR at the end of each month: the month's deltas folded into the previous month's snapshot.
-- AR as of any past day = the last snapshot before it + that month's deltas up to the day.
CREATE TABLE ar_month_snapshots (
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  month_end DATE NOT NULL,
  date_of_service DATE NOT NULL,
  payer_id BIGINT NOT NULL,
  owed_cents BIGINT NOT NULL,
  PRIMARY KEY (organization_id, month_end, date_of_service, payer_id)
);

-- How far the summaries reach, per practice, and the time zone their days are in.
CREATE TABLE report_summaries (
  organization_id BIGINT PRIMARY KEY REFERENCES organizations(id),
  time_zone TEXT NOT NULL,
  first_day DATE NOT NULL,          -- the local day of the practice's first entry
  summarized_through DATE NOT NULL, -- the last closed day folded into ar_day_deltas
  snapshot_through DATE             -- the last month end in ar_month_snapshots
);

-- An account's statement cycle day (1-28); NULL: ((id - 1) % 28) + 1.
ALTER TABLE guarantor_accounts ADD COLUMN statement_cycle_day BIGINT
  CHECK (statement_cycle_day BETWEEN 1 AND 28);

-- A statement run: one per practice and cycle (the statement month and cycle day). A run that
-- stopped (a crash, kill -9) is resumed by running the same cycle again.
CREATE TABLE statement_runs (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  cycle_key TEXT NOT NULL,           -- "2026-12/05", or "2026-12/all" without a cycle day
  cycle_day BIGINT,
  statement_date DATE NOT NULL,
  min_balance_cents BIGINT NOT NULL,
  status TEXT NOT NULL,              -- running | done
  total BIGINT NOT NULL DEFAULT 0,  -- accounts to consider
  done BIGINT NOT NULL DEFAULT 0,   -- accounts considered so far
  statements BIGINT NOT NULL DEFAULT 0,
  amount_due_cents BIGINT NOT NULL DEFAULT 0,
  last_account_id BIGINT NOT NULL DEFAULT 0,
  started_by BIGINT NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  version BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (organization_id, cycle_key)
);

-- One statement per account and cycle, never two. Everything printed is kept (the guarantor's
-- address, the message, the lines), so a reprint shows exactly what the guarantor received.
CREATE TABLE statements (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  run_id BIGINT NOT NULL REFERENCES statement_runs(id),
  account_id BIGINT NOT NULL REFERENCES guarantor_accounts(id),
  cycle_key TEXT NOT NULL,
  statement_number TEXT NOT NULL,
  statement_date DATE NOT NULL,
  due_date DATE NOT NULL,
  guarantor_name TEXT NOT NULL,
  guarantor_address TEXT NOT NULL,   -- mailing lines joined by a line feed
  message TEXT NOT NULL,
  amount_due_cents BIGINT NOT NULL,
  patient_due_cents BIGINT NOT NULL,
  insurance_pending_cents BIGINT NOT NULL,
  credit_cents BIGINT NOT NULL,
  aging_0_30_cents BIGINT NOT NULL,
  aging_31_60_cents BIGINT NOT NULL,
  aging_61_90_cents BIGINT NOT NULL,
  aging_91_120_cents BIGINT NOT NULL,
  aging_120_plus_cents BIGINT NOT NULL,
  oldest_days BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (organization_id, account_id, cycle_key)
);
CREATE INDEX ix_statements_run ON statements(run_id, id);
CREATE INDEX ix_statements_account ON statements(organization_id, account_id, id);

CREATE TABLE statement_lines (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  organization_id BIGINT NOT NULL REFERENCES organizations(id),
  statement_id BIGINT NOT NULL REFERENCES statements(id),
  line_id BIGINT NOT NULL REFERENCES charge_lines(id),
  patient_name TEXT NOT NULL,
  date_of_service DATE NOT NULL,
  description TEXT NOT NULL,
  charge_cents BIGINT NOT NULL,
  insurance_paid_cents BIGINT NOT NULL,
  adjustment_cents BIGINT NOT NULL,
  patient_paid_cents BIGINT NOT NULL,
  insurance_pending_cents BIGINT NOT NULL,
  patient_due_cents BIGINT NOT NULL
);
CREATE INDEX ix_statement_lines_statement ON statement_lines(statement_id, id);
