-- The ledger's copies of keys (issue 17). An entry names its account and line, and those are
-- checked by foreign keys. Its organization, patient, encounter and remittance claim are copies
-- taken, in the same transaction, from the account, line and remittance claim the posting has
-- just read or written, like the report columns of 0010. Checking their parents again cost four
-- more lookups per entry. They lose their foreign keys here; `medoffice ledger verify` checks
-- that each copy agrees with where it came from, which a foreign key never did (it checked only
-- that the row exists).
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_organization_id_fkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_patient_id_fkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_encounter_id_fkey;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_remittance_claim_id_fkey;
