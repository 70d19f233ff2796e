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
