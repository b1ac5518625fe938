-- Process instance migration plans (playbook §17). A plan is validated by the engine and dry-run when it is
-- created: the instances it will move are frozen in migration_plan_instance (canary = batch 0), the ones it
-- left out in migration_plan_exclusion. The executor (sync leader) records each instance's outcome as it goes,
-- so a restart continues where the last pass stopped and never migrates an instance twice.
CREATE TABLE migration_plan (
  id                     text PRIMARY KEY,
  engine_id              text NOT NULL,
  definition_key         text NOT NULL,
  process_name           text,
  source_version         integer NOT NULL,
  target_version         integer NOT NULL,
  source_definition_id   text NOT NULL,
  target_definition_id   text NOT NULL,
  reason                 text NOT NULL,
  scope_activities       text[] NOT NULL,
  -- The effective mapping (engine-generated, overridden by the request's explicit pairs) as {from, to} pairs,
  -- and the exact engine instructions that were validated and are executed.
  activity_mapping       jsonb NOT NULL,
  instructions           jsonb NOT NULL,
  required_variables     text[] NOT NULL DEFAULT '{}',
  allowed_order_states   text[] NOT NULL DEFAULT '{}',
  batch_size             integer NOT NULL CHECK (batch_size BETWEEN 1 AND 500),
  batch_interval_seconds integer NOT NULL CHECK (batch_interval_seconds BETWEEN 0 AND 3600),
  state                  text NOT NULL CHECK (state IN ('AWAITING_APPROVAL', 'REJECTED', 'APPROVED', 'RUNNING', 'HALTED', 'COMPLETED', 'ABORTED')),
  validation             jsonb NOT NULL,
  created_by             text NOT NULL,
  created_at             timestamptz NOT NULL,
  decided_by             text,
  decided_at             timestamptz,
  decision_reason        text,
  -- When the executor may run the next batch (the pacing of §17); null while not running.
  next_batch_at          timestamptz,
  updated_at             timestamptz NOT NULL
);
CREATE INDEX migration_plan_created ON migration_plan (created_at DESC);
CREATE INDEX migration_plan_running ON migration_plan (engine_id) WHERE state = 'RUNNING';

CREATE TABLE migration_plan_instance (
  plan_id              text NOT NULL REFERENCES migration_plan (id),
  position             integer NOT NULL,
  process_instance_id  text NOT NULL,
  business_key         text,
  activity_id          text NOT NULL,
  batch                integer NOT NULL,
  state                text NOT NULL CHECK (state IN ('PENDING', 'MIGRATED', 'FAILED', 'SKIPPED')),
  migrated_at          timestamptz,
  problems             jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (plan_id, process_instance_id)
);
CREATE INDEX migration_plan_instance_order ON migration_plan_instance (plan_id, position);

CREATE TABLE migration_plan_exclusion (
  plan_id              text NOT NULL REFERENCES migration_plan (id),
  position             integer NOT NULL,
  process_instance_id  text NOT NULL,
  business_key         text,
  activity_id          text NOT NULL,
  reason               text NOT NULL,
  detail               text NOT NULL,
  case_id              text,
  PRIMARY KEY (plan_id, process_instance_id)
);

CREATE TABLE migration_plan_event (
  plan_id  text NOT NULL REFERENCES migration_plan (id),
  seq      bigserial,
  at       timestamptz NOT NULL,
  actor    text NOT NULL,
  type     text NOT NULL,
  detail   text NOT NULL,
  PRIMARY KEY (plan_id, seq)
);
