-- Claims out (issue 16): clearinghouses, claims with their history, batches and
-- acknowledgements. Control numbers per clearinghouse live in `sequences`
-- ("x12:<clearinghouse id>:isa" and ":gs", ":st"), drawn in the batch's transaction.

-- Where claims go: one row per trading partner. The envelope identifiers are the ones the
-- clearinghouse assigned; the transport says how files travel (a local folder pair, or SFTP).
CREATE TABLE clearinghouses (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL,
  submitter_id TEXT NOT NULL,             -- ISA06 and 1000A NM109
  submitter_qualifier TEXT NOT NULL DEFAULT 'ZZ',
  receiver_id TEXT NOT NULL,              -- ISA08 and 1000B NM109
  receiver_qualifier TEXT NOT NULL DEFAULT 'ZZ',
  receiver_name TEXT NOT NULL,            -- 1000B NM103
  application_sender TEXT NOT NULL,       -- GS02
  application_receiver TEXT NOT NULL,     -- GS03
  production INTEGER NOT NULL DEFAULT 0,     -- ISA15 P when 1, else T
  contact_name TEXT NOT NULL DEFAULT '',
  contact_phone TEXT NOT NULL DEFAULT '',
  contact_email TEXT NOT NULL DEFAULT '',
  transport TEXT NOT NULL,                -- file_drop | sftp
  outbox TEXT NOT NULL DEFAULT '',        -- folder (file_drop) or remote path (sftp)
  inbox TEXT NOT NULL DEFAULT '',
  archive TEXT NOT NULL DEFAULT '',
  sftp_host TEXT NOT NULL DEFAULT '',
  sftp_port INTEGER NOT NULL DEFAULT 22,
  sftp_user TEXT NOT NULL DEFAULT '',
  sftp_key_file TEXT NOT NULL DEFAULT '',       -- a path on the server; never the key itself
  sftp_known_hosts TEXT NOT NULL DEFAULT '',    -- a path to the known_hosts file
  active INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX ix_clearinghouses_org ON clearinghouses(organization_id, id);

-- One claim per encounter and coverage while it lives; a correction closes the old claim
-- (state corrected) and makes a replacement. `content` is the claim as last built (JSON of
-- the claim model): rebuilt while the claim may change, frozen once batched.
CREATE TABLE claims (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  encounter_id INTEGER NOT NULL REFERENCES encounters(id),
  patient_id INTEGER NOT NULL REFERENCES patients(id),
  coverage_id INTEGER NOT NULL REFERENCES coverages(id),
  payer_id INTEGER NOT NULL REFERENCES payers(id),
  responsibility INTEGER NOT NULL,                -- 1 primary, 2 secondary, 3 tertiary
  encounter_revision INTEGER NOT NULL,            -- the encounter's corrections when built
  patient_control_number TEXT NOT NULL,        -- CLM01
  state TEXT NOT NULL,
  frequency TEXT NOT NULL DEFAULT 'original',  -- original | replacement | void
  replaces_claim_id INTEGER REFERENCES claims(id),
  payer_claim_number TEXT NOT NULL DEFAULT '', -- the payer's number (277CA REF*1K)
  prior_authorization TEXT NOT NULL DEFAULT '',
  referral_number TEXT NOT NULL DEFAULT '',
  referring_provider_id INTEGER REFERENCES providers(id),
  onset_date TEXT,
  service_date TEXT NOT NULL,
  total_cents INTEGER NOT NULL,
  content TEXT NOT NULL,
  errors INTEGER NOT NULL DEFAULT 0,
  warnings INTEGER NOT NULL DEFAULT 0,
  scrubbed_at INTEGER,
  batch_id INTEGER,
  status_note TEXT NOT NULL DEFAULT '',        -- why it is where it is (a rejection's reason)
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- A replacement keeps its claim's CLM01: unique among live claims only.
CREATE UNIQUE INDEX uq_claims__patient_control_number ON claims(organization_id, patient_control_number)
  WHERE state NOT IN ('corrected', 'closed');
CREATE UNIQUE INDEX uq_claims__coverage_id ON claims(encounter_id, coverage_id)
  WHERE state NOT IN ('corrected', 'closed');
CREATE INDEX ix_claims_state ON claims(organization_id, state, id);
CREATE INDEX ix_claims_encounter ON claims(encounter_id, organization_id, id);
-- Duplicate checks: the claims of one patient.
CREATE INDEX ix_claims_patient ON claims(organization_id, patient_id, service_date);

-- The last scrub's findings, replaced by the next scrub.
CREATE TABLE claim_findings (
  claim_id INTEGER NOT NULL REFERENCES claims(id),
  position INTEGER NOT NULL,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  severity TEXT NOT NULL,                   -- error | warning
  rule TEXT NOT NULL,
  field TEXT NOT NULL,
  message TEXT NOT NULL,
  segment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (claim_id, position)
) STRICT;

-- Every change of state, insert-only.
CREATE TABLE claim_history (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  claim_id INTEGER NOT NULL REFERENCES claims(id),
  at INTEGER NOT NULL,
  from_state TEXT NOT NULL,                 -- '' when created
  to_state TEXT NOT NULL,
  user_id INTEGER NOT NULL DEFAULT 0,          -- 0: the system (an acknowledgement)
  note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX ix_claim_history_claim ON claim_history(claim_id, id);

-- A batch is written once: its bytes, envelope and claims are stored in the transaction that
-- marks the claims batched; sending is a separate step that can be repeated (the transport
-- keeps the file name and refuses different bytes under it).
CREATE TABLE claim_batches (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  clearinghouse_id INTEGER NOT NULL REFERENCES clearinghouses(id),
  state TEXT NOT NULL,                      -- written | sent | accepted | rejected | partial
  file_name TEXT NOT NULL,
  claims INTEGER NOT NULL,
  total_cents INTEGER NOT NULL,
  segments INTEGER NOT NULL,
  sender_qualifier TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  receiver_qualifier TEXT NOT NULL,
  receiver_id TEXT NOT NULL,
  application_sender TEXT NOT NULL,
  application_receiver TEXT NOT NULL,
  production INTEGER NOT NULL,
  file_date TEXT NOT NULL,
  file_time INTEGER NOT NULL,                  -- hour * 60 + minute, local
  batch_reference TEXT NOT NULL,            -- BHT03
  interchange_control INTEGER NOT NULL,        -- ISA13
  group_control INTEGER NOT NULL,              -- GS06
  transaction_control INTEGER NOT NULL,        -- ST02
  created_by INTEGER NOT NULL,
  sent_at INTEGER,
  send_reference TEXT NOT NULL DEFAULT '',
  send_error TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (organization_id, clearinghouse_id, interchange_control)
) STRICT;
CREATE INDEX ix_claim_batches_org ON claim_batches(organization_id, id);
CREATE INDEX ix_claim_batches_group ON claim_batches(organization_id, group_control);
CREATE INDEX ix_claim_batches_reference ON claim_batches(organization_id, batch_reference);

-- The file itself, apart so that lists of batches never read it.
CREATE TABLE claim_batch_files (
  batch_id INTEGER PRIMARY KEY REFERENCES claim_batches(id),
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  bytes TEXT NOT NULL
) STRICT;

-- The claims of a batch as written: their place in the file and the claim exactly as sent,
-- so that a 999 that arrives after the claim was rebuilt still points at the right field.
CREATE TABLE claim_batch_items (
  batch_id INTEGER NOT NULL REFERENCES claim_batches(id),
  position INTEGER NOT NULL,                   -- 0-based, the order given to the writer
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  claim_id INTEGER NOT NULL REFERENCES claims(id),
  first_segment INTEGER NOT NULL,
  last_segment INTEGER NOT NULL,
  content TEXT NOT NULL,
  PRIMARY KEY (batch_id, position)
) STRICT;
CREATE INDEX ix_claim_batch_items_claim ON claim_batch_items(claim_id, batch_id);

-- Acknowledgements received. The same file twice (by content hash) is recognised and
-- changes nothing.
CREATE TABLE acknowledgements (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  kind TEXT NOT NULL,                       -- 999 | 277CA
  sha256 TEXT NOT NULL,
  sender_id TEXT NOT NULL,
  interchange_control TEXT NOT NULL,
  batch_id INTEGER REFERENCES claim_batches(id),
  summary TEXT NOT NULL,                    -- JSON: what matched and what changed
  received_by INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (organization_id, sha256)
) STRICT;
CREATE INDEX ix_acknowledgements_org ON acknowledgements(organization_id, id);
