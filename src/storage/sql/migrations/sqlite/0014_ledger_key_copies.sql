-- medoffice: foreign keys off, check ledger_entries
-- The ledger's copies of keys (issue 17). An entry names its account and line, and those are
-- checked by foreign keys. Its organization, patient, encounter and remittance claim are copies
-- taken, in the same transaction, from the account, line and remittance claim the posting has
-- just read or written, like the report columns of 0010. Checking their parents again cost four
-- more lookups per entry: about a tenth of posting an ERA. They lose their foreign keys here;
-- `medoffice ledger verify` checks that each copy agrees with where it came from, which a
-- foreign key never did (it checked only that the row exists).
--
-- SQLite cannot drop a constraint, so the table is rebuilt (the procedure of the SQLite manual,
-- "Making Other Kinds Of Table Schema Changes"): the runner turns foreign keys off around this
-- migration and runs PRAGMA foreign_key_check(ledger_entries) before it commits.
CREATE TABLE ledger_entries_rebuilt (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL,
  account_id INTEGER NOT NULL REFERENCES guarantor_accounts(id),
  patient_id INTEGER NOT NULL,
  encounter_id INTEGER,
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
  created_at INTEGER NOT NULL,
  provider_id INTEGER,
  location_id INTEGER,
  payer_id INTEGER,
  remittance_claim_id INTEGER
) STRICT;
INSERT INTO ledger_entries_rebuilt (id, organization_id, account_id, patient_id, encounter_id,
    line_id, kind, amount_cents, from_place, to_place, payment_id, claim_id, reverses, reason,
    d_primary, d_secondary, d_tertiary, d_patient, d_credit, posted_by, posted_at, created_at,
    provider_id, location_id, payer_id, remittance_claim_id)
  SELECT id, organization_id, account_id, patient_id, encounter_id, line_id, kind, amount_cents,
    from_place, to_place, payment_id, claim_id, reverses, reason, d_primary, d_secondary,
    d_tertiary, d_patient, d_credit, posted_by, posted_at, created_at, provider_id, location_id,
    payer_id, remittance_claim_id
  FROM ledger_entries ORDER BY id;
-- The old table's triggers go with it (they would refuse nothing here: DROP TABLE fires none).
DROP TABLE ledger_entries;
ALTER TABLE ledger_entries_rebuilt RENAME TO ledger_entries;

-- Its indexes and guards as 0008, 0009 and 0013 made them.
CREATE UNIQUE INDEX uq_ledger_entries__reverses ON ledger_entries(reverses) WHERE reverses IS NOT NULL;
CREATE UNIQUE INDEX uq_ledger_entries__payment_id ON ledger_entries(payment_id)
  WHERE kind = 'patient_payment';
CREATE INDEX ix_ledger_entries_account ON ledger_entries(organization_id, account_id, id);
CREATE INDEX ix_ledger_entries_patient ON ledger_entries(organization_id, patient_id, id);
CREATE INDEX ix_ledger_entries_line ON ledger_entries(line_id, id) WHERE line_id IS NOT NULL;
CREATE INDEX ix_ledger_entries_payment ON ledger_entries(payment_id, id) WHERE payment_id IS NOT NULL;
CREATE INDEX ix_ledger_entries_posted ON ledger_entries(organization_id, posted_at);
CREATE INDEX ix_ledger_entries_remittance_claim ON ledger_entries(remittance_claim_id, id)
  WHERE remittance_claim_id IS NOT NULL;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are insert-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger entries are insert-only'); END;
