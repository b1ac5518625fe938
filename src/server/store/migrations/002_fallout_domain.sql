-- Fallout domain: lifecycle fields, cases without a process, evidence, approvals, freezes, domain timeline.

-- A workflow that never started has no instance and no activity.
ALTER TABLE fallout_case ALTER COLUMN process_instance_id DROP NOT NULL;
ALTER TABLE fallout_case ALTER COLUMN activity_id DROP NOT NULL;
ALTER TABLE fallout_case ADD COLUMN classification_rule text;
ALTER TABLE fallout_case ADD COLUMN runbook_id text;
ALTER TABLE fallout_case ADD COLUMN team text;
ALTER TABLE fallout_case ADD COLUMN assignee text;
ALTER TABLE fallout_case ADD COLUMN sla_due_at timestamptz;
ALTER TABLE fallout_case ADD COLUMN reopened_count integer NOT NULL DEFAULT 0;
-- Identity of a case that has no incident: `stuck:{instance}:{activity}`, `reconcile:{kind}:{entity}`.
ALTER TABLE fallout_case ADD COLUMN finding_key text;
UPDATE fallout_case SET sla_due_at = first_seen_at + interval '4 hours' WHERE sla_due_at IS NULL;
ALTER TABLE fallout_case ALTER COLUMN sla_due_at SET NOT NULL;
CREATE INDEX fallout_case_finding ON fallout_case (finding_key) WHERE finding_key IS NOT NULL;
CREATE INDEX fallout_case_activity ON fallout_case (engine_id, definition_key, activity_id, status);
CREATE INDEX fallout_case_entity ON fallout_case (entity_type, entity_id);

-- What domain services answered when asked about a step's external effect (CHECK_EXTERNAL_STATUS).
CREATE TABLE case_evidence (
  id           text PRIMARY KEY,
  case_id      text NOT NULL REFERENCES fallout_case (id),
  kind         text NOT NULL,
  service      text NOT NULL,
  finding      text NOT NULL,           -- FOUND, NOT_FOUND, UNKNOWN
  reference    text,
  summary      text NOT NULL,
  data         text NOT NULL,           -- the service's answer, as JSON text
  recorded_at  timestamptz NOT NULL,
  recorded_by  text NOT NULL,
  command_id   text
);
CREATE INDEX case_evidence_case ON case_evidence (case_id, recorded_at DESC);

-- Four eyes: an unsafe retry waits here for a supervisor who is not the requester.
CREATE TABLE approval_request (
  id               text PRIMARY KEY,
  case_id          text NOT NULL REFERENCES fallout_case (id),
  action           text NOT NULL,
  -- the command the approval binds to: its idempotency key, body hash and the case version it saw
  idempotency_key  text NOT NULL,
  request_hash     text NOT NULL,
  request_body     text NOT NULL,
  case_version     integer NOT NULL,
  requested_by     text NOT NULL,
  requested_roles  text[] NOT NULL,
  reason           text NOT NULL,
  evidence         text NOT NULL,
  status           text NOT NULL,        -- PENDING, APPROVED, REJECTED, EXPIRED
  requested_at     timestamptz NOT NULL,
  expires_at       timestamptz NOT NULL,
  decided_by       text,
  decided_at       timestamptz,
  decision_reason  text,
  command_id       text,
  execution_outcome text
);
CREATE INDEX approval_request_status ON approval_request (status, expires_at);
CREATE UNIQUE INDEX approval_request_one_pending ON approval_request (case_id) WHERE status = 'PENDING';

-- Freezes of one activity during a storm; the end is stored, so a restart still ends it on time.
CREATE TABLE activity_freeze (
  id                     text PRIMARY KEY,
  engine_id              text NOT NULL,
  definition_key         text NOT NULL,
  activity_id            text NOT NULL,
  reason                 text NOT NULL,
  created_by             text NOT NULL,
  created_at             timestamptz NOT NULL,
  ends_at                timestamptz NOT NULL,
  ended_at               timestamptz,
  ended_by               text
);
CREATE UNIQUE INDEX activity_freeze_one_active ON activity_freeze (engine_id, definition_key, activity_id) WHERE ended_at IS NULL;

-- What a freeze suspended in the engine, so ending it re-activates exactly that and nothing else.
CREATE TABLE freeze_suspension (
  freeze_id      text NOT NULL REFERENCES activity_freeze (id),
  kind           text NOT NULL,          -- JOB_DEFINITION, PROCESS_INSTANCE
  target_id      text NOT NULL,
  suspended_at   timestamptz NOT NULL,
  released_at    timestamptz,
  PRIMARY KEY (freeze_id, kind, target_id)
);

-- Events about a business entity that are evidence but not cases (e.g. a duplicate callback the engine refused).
CREATE TABLE domain_event (
  id           text PRIMARY KEY,         -- stable per finding, so a re-read never adds it twice
  entity_type  text NOT NULL,
  entity_id    text NOT NULL,
  kind         text NOT NULL,
  summary      text NOT NULL,
  data         text NOT NULL,
  occurred_at  timestamptz NOT NULL,
  recorded_at  timestamptz NOT NULL
);
CREATE INDEX domain_event_entity ON domain_event (entity_type, entity_id, occurred_at);

-- Commands keep their body (the outbox re-runs them from it) and, for a retry run by an approval, the approval.
-- The approved retry reuses the request's idempotency key, so uniqueness now also tells the two apart.
ALTER TABLE recovery_command ADD COLUMN request_body text NOT NULL DEFAULT '{}';
ALTER TABLE recovery_command ADD COLUMN approval_id text;
ALTER TABLE recovery_command DROP CONSTRAINT recovery_command_actor_idempotency_key_key;
CREATE UNIQUE INDEX recovery_command_key ON recovery_command (actor, idempotency_key, (approval_id IS NOT NULL));
