-- Single sign-on (OpenID Connect). A session signed in through the identity provider (IdP) carries who the
-- IdP said the user is, because such users are not in the users file; local sessions leave these columns NULL.
-- The browser still holds only the session cookie: the ID token (for the logout hint) and the refresh token
-- (to ask the IdP whether the user's sign-in still stands) stay here, on the server. oidc_confirmed_until: the
-- IdP vouches for the sign-in until then and is asked again after (src/server/auth/oidc/oidc-sessions.ts).
ALTER TABLE auth_session
  ADD COLUMN oidc_issuer text,
  ADD COLUMN oidc_subject text,
  ADD COLUMN oidc_sid text,                        -- the IdP's session id, named by back-channel logout
  ADD COLUMN oidc_user jsonb,                      -- {name, roles, team} as mapped from the claims at sign-in
  ADD COLUMN oidc_id_token text,
  ADD COLUMN oidc_refresh_token text,
  ADD COLUMN oidc_confirmed_until timestamptz;

-- Back-channel logout names an IdP session (sid) or a user (sub).
CREATE INDEX auth_session_oidc_sid ON auth_session (oidc_issuer, oidc_sid) WHERE oidc_sid IS NOT NULL;
CREATE INDEX auth_session_oidc_subject ON auth_session (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

-- A sign-in on its way through the IdP: the browser holds a random id in a short-lived cookie, the table its
-- SHA-256 with the state, nonce and PKCE verifier the callback must match. Used once, then deleted.
CREATE TABLE oidc_login (
  id_hash        text PRIMARY KEY,
  state          text NOT NULL,
  nonce          text NOT NULL,
  code_verifier  text NOT NULL,
  next_path      text NOT NULL,
  expires_at     timestamptz NOT NULL
);
CREATE INDEX oidc_login_expiry ON oidc_login (expires_at);

-- People who signed in through the IdP, as mapped at their last sign-in: cases can be assigned to them (an
-- assignment must name someone who can sign in and act), and lists show their names.
CREATE TABLE oidc_person (
  user_id          text PRIMARY KEY,
  name             text NOT NULL,
  roles            text[] NOT NULL,
  team             text,
  last_sign_in_at  timestamptz NOT NULL
);
