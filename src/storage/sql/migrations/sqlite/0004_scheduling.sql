-- Scheduling (issue 4): appointment types, rooms, availability templates, blocks, appointments.
-- Times are UTC microseconds; local rules (minutes of day) are read in the location's zone.
CREATE TABLE appointment_types (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  duration_minutes INTEGER NOT NULL,
  buffer_before_minutes INTEGER NOT NULL DEFAULT 0,
  buffer_after_minutes INTEGER NOT NULL DEFAULT 0,
  colour TEXT NOT NULL,
  telehealth INTEGER NOT NULL DEFAULT 0,
  requires_room INTEGER NOT NULL DEFAULT 1,
  default_cpt_codes TEXT NOT NULL DEFAULT '',  -- comma-separated
  provider_ids TEXT NOT NULL DEFAULT '',       -- comma-separated; empty: every provider
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX uq_appointment_types__name ON appointment_types(organization_id, name);

CREATE TABLE rooms (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX uq_rooms__name ON rooms(location_id, name);
CREATE INDEX ix_rooms_org ON rooms(organization_id, location_id, id);

CREATE TABLE availability_rules (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  weekdays INTEGER NOT NULL,         -- bit 0 Sunday ... bit 6 Saturday
  start_minute INTEGER NOT NULL,
  end_minute INTEGER NOT NULL,
  effective_from TEXT NOT NULL,
  effective_to TEXT,
  appointment_type_ids TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_availability_rules_provider ON availability_rules(organization_id, provider_id, id);

CREATE TABLE schedule_blocks (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL,
  provider_id INTEGER NOT NULL DEFAULT 0,  -- 0: every provider at location_id
  location_id INTEGER NOT NULL DEFAULT 0,  -- 0: every location of provider_id
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_schedule_blocks_provider ON schedule_blocks(organization_id, provider_id, start_at);
CREATE INDEX ix_schedule_blocks_location ON schedule_blocks(organization_id, location_id, start_at);

CREATE TABLE appointment_series (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  rrule TEXT NOT NULL,
  first_start_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- No double booking: SQLite checks for overlaps inside the single writer's transaction
-- (ix_appointments_provider/_patient/_room bound the check to a few rows: an appointment lasts
-- at most 12 hours). holds_time is 0 for cancelled and no-show appointments.
CREATE TABLE appointments (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  room_id INTEGER REFERENCES rooms(id),
  appointment_type_id INTEGER NOT NULL REFERENCES appointment_types(id),
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  holds_time INTEGER NOT NULL,
  series_id INTEGER REFERENCES appointment_series(id),
  overbooked INTEGER NOT NULL DEFAULT 0,
  walk_in INTEGER NOT NULL DEFAULT 0,
  note TEXT NOT NULL DEFAULT '',
  cancel_reason TEXT NOT NULL DEFAULT '',
  late_cancel INTEGER NOT NULL DEFAULT 0,
  series_exception INTEGER NOT NULL DEFAULT 0,
  demographics_confirmed INTEGER NOT NULL DEFAULT 0,
  coverage_confirmed_id INTEGER REFERENCES coverages(id),
  status_times TEXT NOT NULL DEFAULT '',  -- status=micros:user,... for each status entered
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (start_at < end_at)
) STRICT;
-- Covering: slot search reads a day's busy time of many providers from the index alone.
CREATE INDEX ix_appointments_provider ON appointments(organization_id, provider_id, start_at,
  end_at, holds_time, patient_id, room_id, appointment_type_id);
-- Covering: a location's day or week calendar is read from the index alone.
CREATE INDEX ix_appointments_location ON appointments(organization_id, location_id, start_at,
  end_at, holds_time, patient_id, provider_id, room_id, appointment_type_id, status, overbooked,
  version);
CREATE INDEX ix_appointments_patient ON appointments(organization_id, patient_id, start_at);
CREATE INDEX ix_appointments_room ON appointments(room_id, start_at) WHERE room_id IS NOT NULL;
-- Covering and partial: the rooms in use at a location on a day, without visiting visits that
-- hold no room.
CREATE INDEX ix_appointments_location_rooms ON appointments(organization_id, location_id, start_at,
  end_at, holds_time, room_id, provider_id, patient_id, appointment_type_id)
  WHERE room_id IS NOT NULL;
CREATE INDEX ix_appointments_series ON appointments(series_id) WHERE series_id IS NOT NULL;

-- Waitlist: patients waiting for an (earlier) slot, and the freed slots offered to them.
CREATE TABLE waitlist_entries (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  appointment_type_id INTEGER NOT NULL REFERENCES appointment_types(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  provider_ids TEXT NOT NULL DEFAULT '',  -- comma-separated; empty: any provider
  weekdays INTEGER NOT NULL,                 -- bit 0 Sunday ... bit 6 Saturday
  time_from INTEGER NOT NULL,                -- local minutes after midnight
  time_to INTEGER NOT NULL,
  window_from TEXT NOT NULL,
  window_to TEXT NOT NULL,
  priority INTEGER NOT NULL,
  appointment_id INTEGER REFERENCES appointments(id),  -- the visit to move earlier
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  booked_appointment_id INTEGER REFERENCES appointments(id),
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_waitlist_waiting ON waitlist_entries(organization_id, location_id, status, window_to);

CREATE TABLE waitlist_offers (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  entry_id INTEGER NOT NULL REFERENCES waitlist_entries(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  appointment_type_id INTEGER NOT NULL REFERENCES appointment_types(id),
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  rank INTEGER NOT NULL,
  status TEXT NOT NULL,
  appointment_id INTEGER REFERENCES appointments(id),
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_waitlist_offers_location ON waitlist_offers(organization_id, location_id, status, start_at);
CREATE INDEX ix_waitlist_offers_entry ON waitlist_offers(entry_id);

-- Desk payments (co-pays at check-in). Immutable; the billing ledger posts each once.
CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  appointment_id INTEGER REFERENCES appointments(id),
  location_id INTEGER REFERENCES locations(id),
  coverage_id INTEGER REFERENCES coverages(id),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  method TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  receipt_number TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  received_by INTEGER NOT NULL,
  posted INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (organization_id, receipt_number)
) STRICT;
CREATE INDEX ix_payments_patient ON payments(organization_id, patient_id, received_at);
CREATE INDEX ix_payments_appointment ON payments(appointment_id) WHERE appointment_id IS NOT NULL;

-- Per-provider iCalendar feeds: only the SHA-256 of the secret URL token is stored.
CREATE TABLE calendar_feeds (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;

-- Transactional outbox: messages for other systems (HL7 v2 SIU), written with the change that
-- caused them and delivered after it commits.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  channel TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE INDEX ix_outbox_pending ON outbox(channel, id) WHERE sent_at IS NULL;
