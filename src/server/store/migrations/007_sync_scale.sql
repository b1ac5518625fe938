-- Sync that scales with change: the sync's status per engine lives in the database (so every replica, leader
-- or not, reports the truth), and cases waiting for a verified resolution are queued instead of found by
-- scanning every active case on every pass.
CREATE TABLE sync_status (
  engine_id        text PRIMARY KEY,
  leader_replica   text,
  pass_started_at  timestamptz,
  pass_finished_at timestamptz,
  last_success_at  timestamptz,
  live_since       timestamptz,
  last_error       text,
  last_result      text,          -- JSON of the last pass's counts
  backlog          text,          -- JSON: engine open incidents vs ingested, oldest not yet ingested
  engine_rps       double precision,
  engine_rps_cap   double precision,
  updated_at       timestamptz NOT NULL
);

-- A case whose incidents all closed: it resolves once the engine shows the instance moved past the step.
CREATE TABLE resolution_candidate (
  case_id        text PRIMARY KEY REFERENCES fallout_case (id),
  engine_id      text NOT NULL,
  since          timestamptz NOT NULL,
  -- How often the engine said the token is still at the step: the least checked go first (round robin).
  checks         integer NOT NULL DEFAULT 0
);
CREATE INDEX resolution_candidate_due ON resolution_candidate (engine_id, checks, case_id);

INSERT INTO resolution_candidate (case_id, engine_id, since)
SELECT c.id, c.engine_id, now() FROM fallout_case c
WHERE c.source = 'INCIDENT' AND c.status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED')
  AND NOT EXISTS (SELECT 1 FROM case_incident i WHERE i.case_id = c.id AND i.open);

-- The open incidents of one engine, in id order: the paged full reconcile walks them by id range.
CREATE INDEX case_incident_open ON case_incident (engine_id, incident_id COLLATE "C") WHERE open;
-- The late-commit check counts the open incidents of the last seconds.
CREATE INDEX case_incident_open_created ON case_incident (engine_id, created_at) WHERE open;
