-- SPDX-License-Identifier: AGPL-3.0-or-later
-- Practice registry: organizations, locations, providers, payers, patients, coverage.
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  legal_name TEXT NOT NULL,
  npi TEXT NOT NULL,
  tin TEXT NOT NULL,
  taxonomy TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  addr_line1 TEXT NOT NULL DEFAULT '',
  addr_line2 TEXT NOT NULL DEFAULT '',
  addr_city TEXT NOT NULL DEFAULT '',
  addr_state TEXT NOT NULL DEFAULT '',
  addr_postal_code TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX uq_organizations__npi ON organizations(npi);

CREATE TABLE locations (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  addr_line1 TEXT NOT NULL DEFAULT '',
  addr_line2 TEXT NOT NULL DEFAULT '',
  addr_city TEXT NOT NULL DEFAULT '',
  addr_state TEXT NOT NULL DEFAULT '',
  addr_postal_code TEXT NOT NULL DEFAULT '',
  place_of_service TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_locations_org ON locations(organization_id, id);

CREATE TABLE providers (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  credentials TEXT NOT NULL DEFAULT '',
  npi TEXT NOT NULL,
  taxonomy TEXT NOT NULL DEFAULT '',
  specialty TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX uq_providers__npi ON providers(organization_id, npi);

CREATE TABLE provider_locations (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  provider_id INTEGER NOT NULL REFERENCES providers(id),
  location_id INTEGER NOT NULL REFERENCES locations(id),
  PRIMARY KEY (provider_id, location_id)
) STRICT;

CREATE TABLE payers (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  x12_payer_id TEXT NOT NULL,
  claim_filing_indicator TEXT NOT NULL,
  timely_filing_days INTEGER NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  addr_line1 TEXT NOT NULL DEFAULT '',
  addr_line2 TEXT NOT NULL DEFAULT '',
  addr_city TEXT NOT NULL DEFAULT '',
  addr_state TEXT NOT NULL DEFAULT '',
  addr_postal_code TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_payers_org ON payers(organization_id, id);

CREATE TABLE patients (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  mrn TEXT NOT NULL,
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  middle_name TEXT NOT NULL DEFAULT '',
  family_key TEXT NOT NULL,
  given_key TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  addr_line1 TEXT NOT NULL DEFAULT '',
  addr_line2 TEXT NOT NULL DEFAULT '',
  addr_city TEXT NOT NULL DEFAULT '',
  addr_state TEXT NOT NULL DEFAULT '',
  addr_postal_code TEXT NOT NULL DEFAULT '',
  preferred_language TEXT NOT NULL DEFAULT 'en',
  pref_channel TEXT NOT NULL DEFAULT 'sms',
  allow_sms INTEGER NOT NULL DEFAULT 1,
  allow_email INTEGER NOT NULL DEFAULT 1,
  allow_voice INTEGER NOT NULL DEFAULT 1,
  allow_mail INTEGER NOT NULL DEFAULT 1,
  ec_name TEXT NOT NULL DEFAULT '',
  ec_relationship TEXT NOT NULL DEFAULT '',
  ec_phone TEXT NOT NULL DEFAULT '',
  g_relationship TEXT NOT NULL DEFAULT 'self',
  g_family_name TEXT NOT NULL DEFAULT '',
  g_given_name TEXT NOT NULL DEFAULT '',
  g_birth_date TEXT,
  g_phone TEXT NOT NULL DEFAULT '',
  g_addr_line1 TEXT NOT NULL DEFAULT '',
  g_addr_line2 TEXT NOT NULL DEFAULT '',
  g_addr_city TEXT NOT NULL DEFAULT '',
  g_addr_state TEXT NOT NULL DEFAULT '',
  g_addr_postal_code TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'active',
  merged_into_id INTEGER REFERENCES patients(id),
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX uq_patients__mrn ON patients(organization_id, mrn);
CREATE INDEX ix_patients_family ON patients(organization_id, family_key, given_key, id);
CREATE INDEX ix_patients_given ON patients(organization_id, given_key, family_key, id);
CREATE INDEX ix_patients_birth ON patients(organization_id, birth_date);
CREATE INDEX ix_patients_phone ON patients(organization_id, phone);

CREATE TABLE patient_merges (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  target_id INTEGER NOT NULL REFERENCES patients(id),
  source_id INTEGER NOT NULL REFERENCES patients(id),
  source_mrn TEXT NOT NULL,
  coverages_moved INTEGER NOT NULL,
  merged_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_patient_merges_target ON patient_merges(organization_id, target_id);
CREATE INDEX ix_patient_merges_source ON patient_merges(organization_id, source_id);

CREATE TABLE coverages (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  payer_id INTEGER NOT NULL REFERENCES payers(id),
  member_id TEXT NOT NULL,
  group_number TEXT NOT NULL DEFAULT '',
  plan_name TEXT NOT NULL DEFAULT '',
  relationship TEXT NOT NULL DEFAULT '18',
  sub_family_name TEXT NOT NULL DEFAULT '',
  sub_given_name TEXT NOT NULL DEFAULT '',
  sub_birth_date TEXT,
  sub_sex TEXT NOT NULL DEFAULT '',
  sub_addr_line1 TEXT NOT NULL DEFAULT '',
  sub_addr_line2 TEXT NOT NULL DEFAULT '',
  sub_addr_city TEXT NOT NULL DEFAULT '',
  sub_addr_state TEXT NOT NULL DEFAULT '',
  sub_addr_postal_code TEXT NOT NULL DEFAULT '',
  priority INTEGER NOT NULL,
  effective_date TEXT NOT NULL,
  end_date TEXT,
  copay_cents INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_coverages_patient ON coverages(organization_id, patient_id, id);

CREATE TABLE sequences (
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (organization_id, name)
) STRICT;

CREATE TABLE idempotency_keys (
  organization_id INTEGER NOT NULL, -- 0 for requests made before any practice exists
  idem_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  location TEXT NOT NULL,
  etag TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (organization_id, idem_key)
) STRICT;
