-- Resolution that matches the engine: an incident cleared outside the workbench with the token still at the step
-- (CLEARED_OUTSIDE) and a process instance cancelled in the engine (CANCELLED_IN_ENGINE) are their own statuses,
-- both in the working set; what the sync observed about a case is kept as timeline events; changes made to
-- instances outside the workbench are read from the engine's user operation log.

-- When the engine ended the case's instance by cancellation (engine time), and, while the domain contradicts
-- the workflow, what the domain service says (e.g. the order is still active).
ALTER TABLE fallout_case ADD COLUMN cancelled_in_engine_at timestamptz;
ALTER TABLE fallout_case ADD COLUMN domain_mismatch text;

-- When the sync attached the incident (workbench clock): a recovery command of the workbench after it is what
-- cleared this incident; without one, the incident was cleared outside the workbench. NULL for rows attached
-- before this migration.
ALTER TABLE case_incident ADD COLUMN attached_at timestamptz;

-- What the sync saw happen to a case (resolved, cleared outside, cancelled in the engine, the order's answer),
-- shown on its timeline. Written once per transition, by the statement that made it.
CREATE TABLE case_event (
  id       text PRIMARY KEY,
  case_id  text NOT NULL REFERENCES fallout_case (id),
  at       timestamptz NOT NULL,
  kind     text NOT NULL,
  outcome  text NOT NULL,
  text     text NOT NULL
);
CREATE INDEX case_event_case ON case_event (case_id, at);

-- Operations users ran on the engine directly (Cockpit, engine REST, scripts), from its user operation log:
-- one row per logged property, only for instances the read model has cases for. Read incrementally by
-- timestamp, like the incidents.
CREATE TABLE engine_operation (
  engine_id                text NOT NULL,
  id                       text NOT NULL,
  operation_id             text,
  at                       timestamptz NOT NULL,
  user_id                  text,
  operation_type           text NOT NULL,
  entity_type              text,
  property                 text,
  org_value                text,
  new_value                text,
  process_instance_id      text NOT NULL,
  external_task_id         text,
  job_id                   text,
  annotation               text,
  PRIMARY KEY (engine_id, id)
);
CREATE INDEX engine_operation_instance ON engine_operation (engine_id, process_instance_id, at);

-- The working set grows by the two statuses: every partial index over it is rebuilt with the new list, which
-- must equal ACTIVE_STATUSES in cases-repo.ts (the planner uses a partial index only when the query's
-- `status = ANY(…)` is a subset of the index's list). The facet rollup's triggers count `status IN (the old
-- four) OR resolved_at IS NULL`: the two new statuses never carry a resolved_at, so they count already.
DROP INDEX fallout_case_active_instance;
CREATE INDEX fallout_case_active_instance ON fallout_case (process_instance_id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
DROP INDEX fallout_case_active_root_instance;
CREATE INDEX fallout_case_active_root_instance ON fallout_case (root_process_instance_id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
DROP INDEX fallout_case_active_last_seen;
CREATE INDEX fallout_case_active_last_seen ON fallout_case (last_seen_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
DROP INDEX fallout_case_active_first_seen;
CREATE INDEX fallout_case_active_first_seen ON fallout_case (first_seen_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
DROP INDEX fallout_case_active_sla_due;
CREATE INDEX fallout_case_active_sla_due ON fallout_case (sla_due_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
DROP INDEX fallout_case_active_severity_asc;
CREATE INDEX fallout_case_active_severity_asc ON fallout_case
  ((CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END), sla_due_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
DROP INDEX fallout_case_active_severity_desc;
CREATE INDEX fallout_case_active_severity_desc ON fallout_case
  ((-(CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END)), sla_due_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
DROP INDEX fallout_case_active_team_last_seen;
CREATE INDEX fallout_case_active_team_last_seen ON fallout_case (team, last_seen_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
DROP INDEX fallout_case_active_activity_last_seen;
CREATE INDEX fallout_case_active_activity_last_seen ON fallout_case (engine_id, definition_key, activity_id, last_seen_at)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED', 'CLEARED_OUTSIDE', 'CANCELLED_IN_ENGINE');
