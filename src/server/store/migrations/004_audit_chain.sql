-- Audit evidence as a hash chain: every event stores the exact canonical JSON text it was hashed from, the
-- previous event's hash and its position in the chain, so a verifier can tell edited, deleted and
-- reordered events apart. Appends are serialised by locking the one-row chain head.

ALTER TABLE audit_event ADD COLUMN team text;
-- Contiguous from 1, assigned under the head lock: a gap means a deleted event. (seq is a bigserial and
-- may legitimately skip numbers when a transaction rolls back, so it cannot tell.)
ALTER TABLE audit_event ADD COLUMN chain_index bigint;
ALTER TABLE audit_event ADD COLUMN prev_hash text;
ALTER TABLE audit_event ADD COLUMN hash text;
-- The exact text that was hashed (not jsonb: jsonb reorders keys and would change the hash).
ALTER TABLE audit_event ADD COLUMN canonical text;

CREATE TABLE audit_chain_head (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  last_index  bigint NOT NULL,
  last_hash   text NOT NULL
);
INSERT INTO audit_chain_head (id, last_index, last_hash) VALUES (1, 0, repeat('0', 64));

-- Events written before the chain existed join it in seq order. The canonical text built here must equal,
-- character for character, what canonicalEventText() in audit-repo.ts builds from the same columns: keys in
-- the same order, JSON string escaping as JSON.stringify does it, `at` as toISOString() (milliseconds, Z),
-- and `detail` spliced in as stored (appendAudit always stored it as canonical JSON).
ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update;
DO $$
DECLARE
  r record;
  idx bigint := 0;
  prev text := repeat('0', 64);
  text_ text;
  hash_ text;
BEGIN
  FOR r IN SELECT * FROM audit_event WHERE chain_index IS NULL ORDER BY seq LOOP
    idx := idx + 1;
    text_ := '{"action":' || to_json(r.action)::text
      || ',"actor":' || to_json(r.actor)::text
      || ',"at":' || to_json(to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text
      || ',"businessKey":' || coalesce(to_json(r.business_key)::text, 'null')
      || ',"caseId":' || coalesce(to_json(r.case_id)::text, 'null')
      || ',"chainIndex":' || idx::text
      || ',"commandId":' || coalesce(to_json(r.command_id)::text, 'null')
      || ',"detail":' || r.detail
      || ',"idempotencyKey":' || coalesce(to_json(r.idempotency_key)::text, 'null')
      || ',"outcome":' || to_json(r.outcome)::text
      || ',"prevHash":' || to_json(prev)::text
      || ',"roles":' || to_json(r.roles)::text
      || ',"seq":' || r.seq::text
      || ',"team":null}';
    hash_ := encode(sha256(convert_to(text_, 'UTF8')), 'hex');
    UPDATE audit_event SET chain_index = idx, prev_hash = prev, hash = hash_, canonical = text_ WHERE seq = r.seq;
    prev := hash_;
  END LOOP;
  UPDATE audit_chain_head SET last_index = idx, last_hash = prev WHERE id = 1;
END $$;
ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update;

-- From now on an event outside the chain cannot even be inserted.
ALTER TABLE audit_event ALTER COLUMN chain_index SET NOT NULL;
ALTER TABLE audit_event ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_event ALTER COLUMN hash SET NOT NULL;
ALTER TABLE audit_event ALTER COLUMN canonical SET NOT NULL;
-- Two appends that somehow got the same position fail instead of forking the chain.
CREATE UNIQUE INDEX audit_event_chain_index ON audit_event (chain_index);
CREATE INDEX audit_event_case ON audit_event (case_id, chain_index);
CREATE INDEX audit_event_business_key ON audit_event (lower(business_key), chain_index);
CREATE INDEX audit_event_at ON audit_event (at);

-- Row triggers do not fire on TRUNCATE; a statement trigger closes that door too.
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();

-- The head may only move forward one event at a time, so nobody with mere UPDATE rights can rewind it to
-- hide events deleted from the end of the chain.
CREATE FUNCTION audit_chain_head_moves_forward() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.id = OLD.id AND NEW.last_index = OLD.last_index + 1 THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_chain_head only moves forward, one event at a time';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_chain_head_forward_only BEFORE UPDATE OR DELETE ON audit_chain_head
  FOR EACH ROW EXECUTE FUNCTION audit_chain_head_moves_forward();
CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_moves_forward();

-- Nobody gets to change evidence by default; the BFF's own role (see src/server/audit/app-role.ts) is
-- granted SELECT and INSERT only.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM PUBLIC;
REVOKE INSERT, DELETE, TRUNCATE ON audit_chain_head FROM PUBLIC;
