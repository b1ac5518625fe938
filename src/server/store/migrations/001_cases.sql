-- Read model of the workbench: fallout cases, mirrored process instances, commands and audit evidence.

CREATE TABLE process_instance (
  engine_id            text NOT NULL,
  id                   text NOT NULL,
  business_key         text,
  entity_type          text,
  entity_id            text,
  definition_id        text NOT NULL,
  definition_key       text NOT NULL,
  definition_name      text,
  definition_version   integer,
  state                text NOT NULL,
  super_instance_id    text,
  root_instance_id     text,
  current_activity_ids text[] NOT NULL DEFAULT '{}',
  started_at           timestamptz,
  ended_at             timestamptz,
  synced_at            timestamptz NOT NULL,
  PRIMARY KEY (engine_id, id)
);
CREATE INDEX process_instance_business_key ON process_instance (lower(business_key));
CREATE INDEX process_instance_entity ON process_instance (entity_type, lower(entity_id));

CREATE SEQUENCE fallout_case_number;

CREATE TABLE fallout_case (
  id                  text PRIMARY KEY,
  engine_id           text NOT NULL,
  source              text NOT NULL,
  status              text NOT NULL,
  category            text NOT NULL,
  unclassified        boolean NOT NULL DEFAULT false,
  severity            text NOT NULL,
  business_key        text,
  entity_type         text,
  entity_id           text,
  process_instance_id text NOT NULL,
  root_process_instance_id text,
  definition_id       text,
  definition_key      text NOT NULL,
  definition_version  integer,
  activity_id         text NOT NULL,
  activity_name       text,
  incident_type       text,
  topic               text,
  error_message       text,
  first_seen_at       timestamptz NOT NULL,
  last_seen_at        timestamptz NOT NULL,
  resolved_at         timestamptz,
  version             integer NOT NULL DEFAULT 1,
  created_at          timestamptz NOT NULL,   -- when the sync opened it: created_at - first_seen_at is the sync lag
  updated_at          timestamptz NOT NULL
);
CREATE INDEX fallout_case_status ON fallout_case (status);
CREATE INDEX fallout_case_business_key ON fallout_case (lower(business_key));
CREATE INDEX fallout_case_instance_activity ON fallout_case (engine_id, process_instance_id, activity_id);

-- Engine incidents attached to a case: the root cause plus the parents the engine raises up a call chain.
CREATE TABLE case_incident (
  case_id             text NOT NULL REFERENCES fallout_case (id),
  engine_id           text NOT NULL,
  incident_id         text NOT NULL,
  incident_type       text NOT NULL,
  is_root_cause       boolean NOT NULL,
  process_instance_id text NOT NULL,
  process_definition_key text,
  activity_id         text NOT NULL,
  configuration       text,
  message             text,
  created_at          timestamptz NOT NULL,
  open                boolean NOT NULL DEFAULT true,
  closed_seen_at      timestamptz,
  PRIMARY KEY (engine_id, incident_id)
);
CREATE INDEX case_incident_case ON case_incident (case_id);

-- Recovery commands and their idempotency: a replayed key returns the stored answer.
CREATE TABLE recovery_command (
  id               text PRIMARY KEY,
  idempotency_key  text NOT NULL,
  actor            text NOT NULL,
  case_id          text NOT NULL REFERENCES fallout_case (id),
  action           text NOT NULL,
  request_hash     text NOT NULL,
  state            text NOT NULL,           -- RUNNING, PENDING, DONE, FAILED
  attempts         integer NOT NULL DEFAULT 0,
  response_status  integer,
  response_body    text,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  UNIQUE (actor, idempotency_key)
);
CREATE INDEX recovery_command_pending ON recovery_command (state) WHERE state = 'PENDING';

CREATE TABLE audit_event (
  seq             bigserial PRIMARY KEY,
  at              timestamptz NOT NULL,
  actor           text NOT NULL,
  roles           text[] NOT NULL,
  case_id         text,
  business_key    text,
  action          text NOT NULL,
  command_id      text,
  idempotency_key text,
  outcome         text NOT NULL,
  detail          text NOT NULL          -- canonical JSON: inputs, preconditions, engine calls and results
);

-- Append-only: evidence that can be edited is not evidence.
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();

CREATE TABLE sync_state (
  engine_id   text NOT NULL,
  name        text NOT NULL,
  value       text,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (engine_id, name)
);
