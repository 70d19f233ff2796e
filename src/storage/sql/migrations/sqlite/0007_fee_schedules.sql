-- Fee schedules (issue 14, point 2): the practice's standard fee per code and modifier (payer_id
-- NULL) and each payer's contracted allowed amount (payer_id set), each per unit and effective
-- from a date. A schedule is (organization_id, COALESCE(payer_id, 0)). Money is integer cents.
CREATE TABLE fee_schedule_entries (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  code TEXT NOT NULL,                      -- CPT or HCPCS, upper case
  modifier TEXT NOT NULL,                  -- '': the code's plain price
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  effective_from TEXT NOT NULL,            -- YYYY-MM-DD
  effective_to TEXT,                       -- inclusive; NULL: until a later entry takes over
  active INTEGER NOT NULL DEFAULT 1,
  payer_id INTEGER REFERENCES payers(id),  -- NULL: the standard fees; never changes
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- One schedule holds one active entry per code, modifier and start date. The same index answers
-- "the active entries of one schedule for these codes" (a fee lookup, an export, an import).
CREATE UNIQUE INDEX uq_fee_schedule_entries__effective_from ON fee_schedule_entries(
  organization_id, COALESCE(payer_id, 0), code, modifier, effective_from) WHERE active = 1;
-- Pages of one schedule in id order, archived entries included.
CREATE INDEX ix_fee_schedule_entries_list ON fee_schedule_entries(
  organization_id, COALESCE(payer_id, 0), id);
