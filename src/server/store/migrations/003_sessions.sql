-- Sign-in sessions and failed sign-in attempts.

-- The cookie carries a random session id; only its SHA-256 is stored, never the id itself.
CREATE TABLE auth_session (
  id_hash             text PRIMARY KEY,
  user_id             text NOT NULL,
  csrf_token          text NOT NULL,          -- synchronizer token the SPA sends in X-CSRF-Token
  created_at          timestamptz NOT NULL,
  last_seen_at        timestamptz NOT NULL,   -- idle expiry counts from here
  absolute_expires_at timestamptz NOT NULL
);
CREATE INDEX auth_session_user ON auth_session (user_id);
CREATE INDEX auth_session_expiry ON auth_session (absolute_expires_at);

-- Failed sign-ins per user name, for the rate limit; kept in the database so every replica sees them.
CREATE TABLE login_failure (
  username   text NOT NULL,
  failed_at  timestamptz NOT NULL
);
CREATE INDEX login_failure_username ON login_failure (username, failed_at);
CREATE INDEX login_failure_at ON login_failure (failed_at);
