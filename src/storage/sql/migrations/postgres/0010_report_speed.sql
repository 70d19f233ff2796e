-- Day sheets and collections without joins (issue 15). Each ledger entry keeps, from the moment it
-- is posted, what those reports count it under:
--   provider_id  the line's rendering provider, else the encounter's (NULL: money on account);
--   location_id  the payment's location, else the encounter's (NULL: none);
--   payer_id     the payer of the line's insurance place the entry moves money from, else to
--                (NULL: it touches no insurance place, or that place has no payer recorded).
-- A reversal keeps those of the entry it reverses. Reading them from the line, encounter and
-- payment at report time cost four index lookups per entry (a day of a 50-provider group is
-- 10,000 entries). They are copies of keys checked where they come from, so no foreign keys
-- (which would cost three more lookups per posting). An encounter corrected to another provider
-- or location later leaves the entries already posted where they were: a closed day's sheet
-- does not change.
ALTER TABLE ledger_entries ADD COLUMN provider_id BIGINT;
ALTER TABLE ledger_entries ADD COLUMN location_id BIGINT;
ALTER TABLE ledger_entries ADD COLUMN payer_id BIGINT;

-- The entries posted before this migration, from their line, encounter and payment as they are
-- now (what the reports read until now). Entries are insert-only: the guard is lifted for this
-- one update, inside the migration's transaction.
ALTER TABLE ledger_entries DISABLE TRIGGER tr_ledger_entries_insert_only;
UPDATE ledger_entries e SET
  provider_id = COALESCE(
    (SELECT l.rendering_provider_id FROM charge_lines l WHERE l.id = e.line_id),
    (SELECT enc.provider_id FROM encounters enc WHERE enc.id = e.encounter_id)),
  location_id = COALESCE(
    (SELECT p.location_id FROM payments p WHERE p.id = e.payment_id),
    (SELECT enc.location_id FROM encounters enc WHERE enc.id = e.encounter_id)),
  payer_id = (SELECT CASE
      WHEN e.from_place IN ('primary', 'secondary', 'tertiary') THEN
        CASE e.from_place WHEN 'primary' THEN l.primary_payer_id
          WHEN 'secondary' THEN l.secondary_payer_id ELSE l.tertiary_payer_id END
      WHEN e.to_place IN ('primary', 'secondary', 'tertiary') THEN
        CASE e.to_place WHEN 'primary' THEN l.primary_payer_id
          WHEN 'secondary' THEN l.secondary_payer_id ELSE l.tertiary_payer_id END
    END FROM charge_lines l WHERE l.id = e.line_id);
-- Reversals have no places of their own: all three from the entry each reverses.
UPDATE ledger_entries e SET provider_id = o.provider_id, location_id = o.location_id,
  payer_id = o.payer_id
FROM ledger_entries o WHERE e.reverses IS NOT NULL AND o.id = e.reverses;
ALTER TABLE ledger_entries ENABLE TRIGGER tr_ledger_entries_insert_only;
