-- Money back (issue 17): the 835 remittances posted, each of their claims (posted or not,
-- and why), their provider-level adjustments, and the denials work queue.

-- One row per 835 transaction set taken in. The payer and the trace number (TRN02) name it:
-- the same remittance a second time posts nothing.
CREATE TABLE remittances (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  payer_key TEXT NOT NULL,                -- the payer's id: REF*2U, else N104, else TRN03
  trace_number TEXT NOT NULL,             -- TRN02: the check or EFT trace number
  payer_name TEXT NOT NULL,               -- N102 of 1000A
  payment_cents INTEGER NOT NULL,         -- BPR02
  payment_method TEXT NOT NULL,           -- BPR04: ACH, CHK, NON ...
  payment_date TEXT,                      -- BPR16
  claims INTEGER NOT NULL,                -- CLP loops in it
  posted_claims INTEGER NOT NULL,
  posted_cents INTEGER NOT NULL,          -- insurance payments posted to lines
  provider_adjustment_cents INTEGER NOT NULL,  -- Σ PLB (positive lowers the payment)
  posted_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX uq_remittances__trace_number ON remittances(organization_id, payer_key, trace_number);
CREATE INDEX ix_remittances_org ON remittances(organization_id, id);

-- Every CLP loop of a remittance, in order. `adjudication` keeps what the payer decided (JSON:
-- claim and line adjustments, payments, dates), from which the next payer's claim takes its
-- coordination of benefits; `entries` counts the ledger entries posted for it (claim_id and
-- remittance_claim_id on the entries).
CREATE TABLE remittance_claims (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  remittance_id INTEGER NOT NULL REFERENCES remittances(id),
  position INTEGER NOT NULL,              -- 0-based index of the CLP in its 835
  claim_id INTEGER REFERENCES claims(id), -- null when it matched none of ours
  patient_control_number TEXT NOT NULL,   -- CLP01
  status_code TEXT NOT NULL,              -- CLP02
  charge_cents INTEGER NOT NULL,          -- CLP03
  paid_cents INTEGER NOT NULL,            -- CLP04
  patient_responsibility_cents INTEGER NOT NULL,  -- CLP05 (0 when absent)
  payer_claim_number TEXT NOT NULL DEFAULT '',    -- CLP07
  outcome TEXT NOT NULL,                  -- posted | not_posted
  reason TEXT NOT NULL DEFAULT '',        -- why not posted
  adjudication TEXT NOT NULL,
  reversed_by INTEGER REFERENCES remittance_claims(id),  -- the CLP02 22 that took it back
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_remittance_claims_remittance ON remittance_claims(remittance_id, position);
CREATE INDEX ix_remittance_claims_claim ON remittance_claims(claim_id, id) WHERE claim_id IS NOT NULL;

-- Which remittance claim each insurance entry came by (reversed together with it).
ALTER TABLE ledger_entries ADD COLUMN remittance_claim_id INTEGER REFERENCES remittance_claims(id);
CREATE INDEX ix_ledger_entries_remittance_claim ON ledger_entries(remittance_claim_id, id)
  WHERE remittance_claim_id IS NOT NULL;

-- PLB: money between payer and practice that belongs to no claim (interest, recoupments,
-- balances carried forward), kept per remittance for the practice's books.
CREATE TABLE provider_adjustments (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  remittance_id INTEGER NOT NULL REFERENCES remittances(id),
  provider_identifier TEXT NOT NULL,      -- PLB01
  fiscal_period_end TEXT,                 -- PLB02
  reason TEXT NOT NULL,                   -- PLB03-1: L6 interest, WO, FB, 72 ...
  reference TEXT NOT NULL DEFAULT '',     -- PLB03-2
  amount_cents INTEGER NOT NULL,          -- positive lowers the payment
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_provider_adjustments_remittance ON provider_adjustments(remittance_id, id);

-- The denials work queue: one row per denied line (or whole claim, line_id null) and reason.
-- The denied money stays owed by the payer's place until someone works the item (resubmit,
-- appeal, write off, bill the patient); the suggested action is computed from the rules when
-- read, so a change of rules applies at once.
CREATE TABLE denials (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  remittance_id INTEGER NOT NULL REFERENCES remittances(id),
  remittance_claim_id INTEGER NOT NULL REFERENCES remittance_claims(id),
  claim_id INTEGER NOT NULL REFERENCES claims(id),
  line_id INTEGER REFERENCES charge_lines(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  payer_id INTEGER NOT NULL REFERENCES payers(id),
  responsibility INTEGER NOT NULL,        -- 1 primary, 2 secondary, 3 tertiary
  group_code TEXT NOT NULL,               -- CAS01: CO, PI, OA
  carc TEXT NOT NULL,                     -- the claim adjustment reason code
  rarc TEXT NOT NULL DEFAULT '',          -- remark codes (LQ*HE, MOA), comma-separated
  amount_cents INTEGER NOT NULL,
  denied_on TEXT NOT NULL,                -- the remittance's date
  state TEXT NOT NULL,                    -- open | resolved
  assigned_to INTEGER REFERENCES users(id),
  due_on TEXT,
  resolution TEXT NOT NULL DEFAULT '',    -- resubmitted | appealed | written_off | billed_patient | reversed | other
  resolved_at INTEGER,
  resolved_by INTEGER,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_denials_queue ON denials(organization_id, state, id);
CREATE INDEX ix_denials_claim ON denials(claim_id, id);
CREATE INDEX ix_denials_assigned ON denials(organization_id, assigned_to, state) WHERE assigned_to IS NOT NULL;

CREATE TABLE denial_notes (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  denial_id INTEGER NOT NULL REFERENCES denials(id),
  author INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_denial_notes_denial ON denial_notes(denial_id, id);
