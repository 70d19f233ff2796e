-- Eligibility 270/271 (issue 17, point 6): every real-time check and its outcome, which is also
-- the cache the desk reads, and the real-time settings of each clearinghouse. The 270's control
-- numbers come from the clearinghouse's counters in `sequences` ("x12:<clearinghouse id>:isa",
-- ":gs", ":st"), shared with claim batches, so no interchange number is ever sent twice.

-- Where a clearinghouse takes real-time 270s, and the time box of one exchange.
CREATE TABLE clearinghouse_eligibility (
  clearinghouse_id INTEGER PRIMARY KEY REFERENCES clearinghouses(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  url TEXT NOT NULL DEFAULT '',             -- http://host[:port]/path; '' = no real-time checks
  connect_timeout_ms INTEGER NOT NULL,
  timeout_ms INTEGER NOT NULL,              -- the whole exchange, connection included
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- One row per check, never updated: the newest reusable row of a coverage, day and service type
-- answers later checks of the same (while the coverage and patient are unchanged).
CREATE TABLE eligibility_checks (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  coverage_id INTEGER NOT NULL REFERENCES coverages(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  payer_id INTEGER NOT NULL REFERENCES payers(id),
  clearinghouse_id INTEGER REFERENCES clearinghouses(id),
  service_date TEXT NOT NULL,
  service_type TEXT NOT NULL,               -- X12 EQ01 of the visit (30 = health benefit plan)
  state TEXT NOT NULL,                      -- active | inactive | rejected | failed | timed_out
  reason TEXT NOT NULL DEFAULT '',          -- AAA reasons, or why it failed, in plain English
  summary TEXT NOT NULL DEFAULT '',         -- the 271 summary (JSON); '' when none
  reusable INTEGER NOT NULL DEFAULT 0,      -- 1: a payer's final answer, may serve the cache
  coverage_version INTEGER NOT NULL,
  patient_version INTEGER NOT NULL,
  trace_number TEXT NOT NULL DEFAULT '',    -- TRN02 sent
  interchange_control INTEGER NOT NULL DEFAULT 0,  -- ISA13 of the 270; 0: none sent
  group_control INTEGER NOT NULL DEFAULT 0,
  transaction_control INTEGER NOT NULL DEFAULT 0,
  requested_by INTEGER NOT NULL DEFAULT 0,  -- user id; 0 for the command line
  elapsed_ms INTEGER NOT NULL DEFAULT 0,
  checked_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_eligibility_checks_coverage ON eligibility_checks(organization_id, coverage_id, service_date, id);
CREATE INDEX ix_eligibility_checks_list ON eligibility_checks(coverage_id, organization_id, id);

-- The raw 271 of a check, read only when asked for (lists and the cache read the summary).
CREATE TABLE eligibility_responses (
  check_id INTEGER PRIMARY KEY REFERENCES eligibility_checks(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  response TEXT NOT NULL
) STRICT;
