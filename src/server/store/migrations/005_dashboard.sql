-- What the dashboard needs from the engine that the case read model does not hold: external tasks waiting
-- per topic (a worker that is down) and recent deployments (marks on the time series). The sync samples
-- both now and then; the dashboard reads only these tables.

-- The latest sample per topic: how many tasks wait for a worker and since when the oldest one waits.
CREATE TABLE worker_sample (
  engine_id             text NOT NULL,
  topic                 text NOT NULL,
  waiting               integer NOT NULL,
  oldest_waiting_since  timestamptz,
  sampled_at            timestamptz NOT NULL,
  PRIMARY KEY (engine_id, topic)
);

-- Deployments as the engine reports them, with the process definition keys each one deployed.
CREATE TABLE engine_deployment (
  engine_id        text NOT NULL,
  id               text NOT NULL,
  name             text,
  deployed_at      timestamptz NOT NULL,
  definition_keys  text[] NOT NULL DEFAULT '{}',
  synced_at        timestamptz NOT NULL,
  PRIMARY KEY (engine_id, id)
);
CREATE INDEX engine_deployment_time ON engine_deployment (engine_id, deployed_at);
