-- Security: accounts, sessions, personal access tokens, the HMAC-chained audit trail.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  organization_id INTEGER NOT NULL REFERENCES organizations(id),
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  roles TEXT NOT NULL,              -- comma-separated role names, sorted
  location_ids TEXT NOT NULL DEFAULT '', -- comma-separated; empty = every location
  active INTEGER NOT NULL DEFAULT 1,
  password_hash TEXT NOT NULL,      -- Argon2id, libsodium crypto_pwhash_str format
  mfa_secret TEXT NOT NULL DEFAULT '', -- TOTP secret, sealed with the server key; '' = none
  mfa_enabled INTEGER NOT NULL DEFAULT 0,
  recovery_codes TEXT NOT NULL DEFAULT '',
  mfa_pending TEXT NOT NULL DEFAULT '', -- sealed secret awaiting confirmation -- comma-separated SHA-256 hex of unused codes
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX uq_users__username ON users(username);
CREATE INDEX ix_users_org ON users(organization_id, id);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL,         -- SHA-256 hex of the cookie value; the value is never stored
  csrf_hash TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  organization_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,      -- absolute limit
  revoked_at INTEGER,
  break_glass_until INTEGER,
  break_glass_reason TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX uq_sessions__token ON sessions(token_hash);
CREATE INDEX ix_sessions_user ON sessions(user_id);

CREATE TABLE audit_event (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  organization_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  username TEXT NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  patient_id INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  break_glass INTEGER NOT NULL,
  prev_mac TEXT NOT NULL,
  mac TEXT NOT NULL
) STRICT;
CREATE INDEX ix_audit_patient ON audit_event(organization_id, patient_id, seq);
CREATE INDEX ix_audit_user ON audit_event(organization_id, user_id, seq);

-- Personal access tokens for API clients (Authorization: Bearer). Only the hash is stored.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  organization_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,             -- comma-separated permission names
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_used_at INTEGER
) STRICT;
CREATE UNIQUE INDEX uq_api_tokens__token ON api_tokens(token_hash);
CREATE INDEX ix_api_tokens_user ON api_tokens(user_id);
