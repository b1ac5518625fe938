-- The dashboard per engine (several engines in one workbench): the hourly rollup of cases opened, resolved and
-- created gets the engine, so the open-cases chart and the cases opened per bucket can be read for one engine
-- (summed over engines they are what they were). The indexes the dashboard's exact counts read gain the engine
-- too, so a dashboard filtered to one engine stays index-only.
ALTER TABLE fallout_case_hourly ADD COLUMN engine_id text NOT NULL DEFAULT '';
ALTER TABLE fallout_case_hourly DROP CONSTRAINT fallout_case_hourly_pkey;
TRUNCATE fallout_case_hourly;
ALTER TABLE fallout_case_hourly ADD PRIMARY KEY (hour, category, engine_id);
ALTER TABLE fallout_case_hourly ALTER COLUMN engine_id DROP DEFAULT;
-- One engine's hours in a range.
CREATE INDEX fallout_case_hourly_engine ON fallout_case_hourly (engine_id, hour);

CREATE OR REPLACE FUNCTION fallout_case_hourly_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_hourly AS t (hour, category, engine_id, opened, resolved, created)
  SELECT d.hour, d.category, d.engine_id, sum(d.opened)::int, sum(d.resolved)::int, sum(d.created)::int
  FROM (
    SELECT date_trunc('hour', nw.first_seen_at, 'UTC') AS hour, nw.category, nw.engine_id, 1 AS opened, 0 AS resolved, 0 AS created
      FROM new_rows nw WHERE nw.resolved_at IS NULL OR nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.resolved_at, 'UTC'), nw.category, nw.engine_id, 0, 1, 0 FROM new_rows nw WHERE nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.created_at, 'UTC'), nw.category, nw.engine_id, 0, 0, 1 FROM new_rows nw
  ) d
  GROUP BY d.hour, d.category, d.engine_id
  HAVING sum(d.opened) <> 0 OR sum(d.resolved) <> 0 OR sum(d.created) <> 0
  -- One order for every writer, so two transactions touching the same hours cannot deadlock.
  ORDER BY d.hour, d.category, d.engine_id
  ON CONFLICT (hour, category, engine_id) DO UPDATE
    SET opened = t.opened + EXCLUDED.opened, resolved = t.resolved + EXCLUDED.resolved, created = t.created + EXCLUDED.created;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION fallout_case_hourly_on_update() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_hourly AS t (hour, category, engine_id, opened, resolved, created)
  SELECT d.hour, d.category, d.engine_id, sum(d.opened)::int, sum(d.resolved)::int, sum(d.created)::int
  FROM (
    SELECT date_trunc('hour', nw.first_seen_at, 'UTC') AS hour, nw.category, nw.engine_id, 1 AS opened, 0 AS resolved, 0 AS created
      FROM new_rows nw WHERE nw.resolved_at IS NULL OR nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.resolved_at, 'UTC'), nw.category, nw.engine_id, 0, 1, 0 FROM new_rows nw WHERE nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.created_at, 'UTC'), nw.category, nw.engine_id, 0, 0, 1 FROM new_rows nw
    UNION ALL
    SELECT date_trunc('hour', od.first_seen_at, 'UTC') AS hour, od.category, od.engine_id, -1 AS opened, 0 AS resolved, 0 AS created
      FROM old_rows od WHERE od.resolved_at IS NULL OR od.resolved_at >= od.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', od.resolved_at, 'UTC'), od.category, od.engine_id, 0, -1, 0 FROM old_rows od WHERE od.resolved_at >= od.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', od.created_at, 'UTC'), od.category, od.engine_id, 0, 0, -1 FROM old_rows od
  ) d
  GROUP BY d.hour, d.category, d.engine_id
  HAVING sum(d.opened) <> 0 OR sum(d.resolved) <> 0 OR sum(d.created) <> 0
  -- One order for every writer, so two transactions touching the same hours cannot deadlock.
  ORDER BY d.hour, d.category, d.engine_id
  ON CONFLICT (hour, category, engine_id) DO UPDATE
    SET opened = t.opened + EXCLUDED.opened, resolved = t.resolved + EXCLUDED.resolved, created = t.created + EXCLUDED.created;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION fallout_case_hourly_on_delete() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_hourly AS t (hour, category, engine_id, opened, resolved, created)
  SELECT d.hour, d.category, d.engine_id, sum(d.opened)::int, sum(d.resolved)::int, sum(d.created)::int
  FROM (
    SELECT date_trunc('hour', od.first_seen_at, 'UTC') AS hour, od.category, od.engine_id, -1 AS opened, 0 AS resolved, 0 AS created
      FROM old_rows od WHERE od.resolved_at IS NULL OR od.resolved_at >= od.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', od.resolved_at, 'UTC'), od.category, od.engine_id, 0, -1, 0 FROM old_rows od WHERE od.resolved_at >= od.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', od.created_at, 'UTC'), od.category, od.engine_id, 0, 0, -1 FROM old_rows od
  ) d
  GROUP BY d.hour, d.category, d.engine_id
  HAVING sum(d.opened) <> 0 OR sum(d.resolved) <> 0 OR sum(d.created) <> 0
  -- One order for every writer, so two transactions touching the same hours cannot deadlock.
  ORDER BY d.hour, d.category, d.engine_id
  ON CONFLICT (hour, category, engine_id) DO UPDATE
    SET opened = t.opened + EXCLUDED.opened, resolved = t.resolved + EXCLUDED.resolved, created = t.created + EXCLUDED.created;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;


DROP INDEX fallout_case_unresolved;
CREATE INDEX fallout_case_unresolved ON fallout_case (first_seen_at) INCLUDE (category, engine_id) WHERE resolved_at IS NULL;
DROP INDEX fallout_case_resolved_at;
CREATE INDEX fallout_case_resolved_at ON fallout_case (resolved_at) INCLUDE (first_seen_at, category, engine_id);
DROP INDEX fallout_case_incident_created;
CREATE INDEX fallout_case_incident_created ON fallout_case (created_at) INCLUDE (first_seen_at, engine_id) WHERE source = 'INCIDENT';
-- Orders started in a range in one engine (the fallout rate per engine; all engines read order_key).
DROP INDEX process_instance_started;
CREATE INDEX process_instance_started ON process_instance (definition_key, started_at) INCLUDE (business_key, engine_id);
