-- State that every `serve` process must share (issue 13): failed sign-ins counted in the
-- database instead of per process, and the last TOTP time step each user spent, so that a code
-- is good once whichever process checks it.
CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  throttle_key TEXT NOT NULL,   -- 'u:<username>' or 'ip:<address>'
  at INTEGER NOT NULL           -- microseconds since the epoch (UTC)
) STRICT;
CREATE INDEX ix_login_failures_key ON login_failures(throttle_key, at);
CREATE INDEX ix_login_failures_at ON login_failures(at);

ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- The version of each practice's reference data: its locations, providers and their locations,
-- appointment types, availability rules and rooms. Every change to them gives it a new value (the
-- triggers below, whatever writes), so a process may keep those records in memory and check this
-- one number in each booking instead of reading them all again. The value is random, not a
-- counter: a change that rolls back must not leave behind a number that a later change reuses.
CREATE TABLE reference_versions (
  organization_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
) STRICT;
INSERT INTO reference_versions (organization_id, version) SELECT id, random() FROM organizations;
CREATE TRIGGER tr_locations_insert_reference AFTER INSERT ON locations BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_locations_update_reference AFTER UPDATE ON locations BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_locations_delete_reference AFTER DELETE ON locations BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (OLD.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_providers_insert_reference AFTER INSERT ON providers BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_providers_update_reference AFTER UPDATE ON providers BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_providers_delete_reference AFTER DELETE ON providers BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (OLD.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_provider_locations_insert_reference AFTER INSERT ON provider_locations BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_provider_locations_update_reference AFTER UPDATE ON provider_locations BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_provider_locations_delete_reference AFTER DELETE ON provider_locations BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (OLD.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_appointment_types_insert_reference AFTER INSERT ON appointment_types BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_appointment_types_update_reference AFTER UPDATE ON appointment_types BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_appointment_types_delete_reference AFTER DELETE ON appointment_types BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (OLD.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_availability_rules_insert_reference AFTER INSERT ON availability_rules BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_availability_rules_update_reference AFTER UPDATE ON availability_rules BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_availability_rules_delete_reference AFTER DELETE ON availability_rules BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (OLD.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_rooms_insert_reference AFTER INSERT ON rooms BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_rooms_update_reference AFTER UPDATE ON rooms BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (NEW.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
CREATE TRIGGER tr_rooms_delete_reference AFTER DELETE ON rooms BEGIN
  INSERT INTO reference_versions (organization_id, version) VALUES (OLD.organization_id, random())
  ON CONFLICT (organization_id) DO UPDATE SET version = random();
END;
