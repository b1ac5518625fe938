-- Sessions remember which credentials they were granted under; sign-in attempts are counted per key.

-- A digest of the user's password hash, roles and team at sign-in (never the hash itself). When the users
-- file changes any of them, the sessions granted under the old version end at their next request.
ALTER TABLE auth_session ADD COLUMN credential_version text NOT NULL DEFAULT '';

-- Sign-in attempts per key (`user:<name>`, `ip:<address>`, `user+ip:<name>|<address>`), counted atomically
-- before the password is checked, so parallel guesses cannot all slip through between check and count.
-- Replaces the per-name failure log.
CREATE TABLE login_attempt (
  key              text PRIMARY KEY,
  attempts         integer NOT NULL,
  last_attempt_at  timestamptz NOT NULL
);
CREATE INDEX login_attempt_last ON login_attempt (last_attempt_at);
DROP TABLE login_failure;
