-- Audit events waiting to be linked into the chain. SQLite links every event inside the
-- transaction that records it (one writer), so this table stays empty there; it exists so that
-- both engines have the same schema. See the PostgreSQL migration of the same number.
CREATE TABLE audit_pending (
  id INTEGER PRIMARY KEY,
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
  break_glass INTEGER NOT NULL
) STRICT;
