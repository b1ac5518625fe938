-- Release safety (playbook §4.2, §18.3) and early warnings (§5.3, §6.3).

-- One compatibility report per process definition version, written once by the sync when it first sees the
-- version: what changed against the previous version of the same key and against the ops catalog. `topics`
-- repeats the report's external-task topics so the worker sampler can watch topics the catalog does not know.
CREATE TABLE definition_report (
  engine_id               text NOT NULL,
  definition_id           text NOT NULL,
  definition_key          text NOT NULL,
  definition_name         text,
  version                 integer NOT NULL,
  previous_definition_id  text,
  previous_version        integer,
  deployed_at             timestamptz NOT NULL,
  topics                  text[] NOT NULL DEFAULT '{}',
  report                  jsonb NOT NULL,
  computed_at             timestamptz NOT NULL,
  PRIMARY KEY (engine_id, definition_id)
);
CREATE INDEX definition_report_key ON definition_report (engine_id, definition_key, version);

-- Running instances per definition version and activity (the deployments page), read from the mirror.
CREATE INDEX process_instance_running_version ON process_instance (definition_key, definition_version)
  INCLUDE (engine_id, current_activity_ids) WHERE state IN ('ACTIVE', 'SUSPENDED');

-- Per topic, besides the backlog: when a worker was last seen on it (a task it holds, or a report of success
-- or failure it sent), tasks failing but still retrying, and tasks whose lock ran out with no answer.
ALTER TABLE worker_sample ADD COLUMN worker_seen_at timestamptz;
ALTER TABLE worker_sample ADD COLUMN retrying integer NOT NULL DEFAULT 0;
ALTER TABLE worker_sample ADD COLUMN lock_expired integer NOT NULL DEFAULT 0;

-- Each lock expiry the sampler saw once (task and the lock's end), so the dashboard can count them per topic
-- over a range. Trimmed to 30 days by the sampler.
CREATE TABLE lock_expiry_seen (
  engine_id        text NOT NULL,
  task_id          text NOT NULL,
  lock_expired_at  timestamptz NOT NULL,
  topic            text NOT NULL,
  seen_at          timestamptz NOT NULL,
  PRIMARY KEY (engine_id, task_id, lock_expired_at)
);
CREATE INDEX lock_expiry_seen_topic ON lock_expiry_seen (engine_id, topic, lock_expired_at);

-- Steps failing but still retrying (before they become incidents), as of the latest sample: grouped per
-- process version, activity and kind (a worker's external task, or a job of the engine).
CREATE TABLE retrying_step (
  engine_id           text NOT NULL,
  kind                text NOT NULL CHECK (kind IN ('externalTask', 'job')),
  definition_id       text NOT NULL,
  definition_key      text NOT NULL,
  definition_version  integer,
  activity_id         text NOT NULL,
  activity_name       text,
  topic               text,
  count               integer NOT NULL,
  min_retries_left    integer NOT NULL,
  next_try_at         timestamptz,
  last_error          text,
  example_instance_ids text[] NOT NULL DEFAULT '{}',
  sampled_at          timestamptz NOT NULL
);
-- Replaced as a whole per engine on every sample.
CREATE INDEX retrying_step_engine ON retrying_step (engine_id);
