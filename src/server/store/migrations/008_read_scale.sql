-- A read path that stays flat as cases grow: an index for every predicate the views run (matching the
-- expression the query filters on exactly), partial indexes over the active cases (the working set), and an
-- hourly rollup of case openings, resolutions and creations per category that the dashboard reads instead of
-- joining its time buckets against every case. The rollup is maintained by statement-level triggers with
-- transition tables, so it is right whatever writes the cases (the sync, commands, a batch insert) and a
-- statement writing 1,000 cases updates it with one statement.
--
-- The active statuses below must equal ACTIVE_STATUSES in cases-repo.ts: the planner uses a partial index only
-- when the query's `status = ANY(…)` is a subset of the index's list.

-- Search: case ids typed in any case; entity ids equal or by prefix (text_pattern_ops serves both = and
-- LIKE 'prefix%'); digits alone match the trailing number of an entity id; a process instance and its root.
CREATE INDEX fallout_case_upper_id ON fallout_case (upper(id));
CREATE INDEX fallout_case_entity_lower ON fallout_case (entity_type, lower(entity_id) text_pattern_ops);
CREATE INDEX fallout_case_entity_number ON fallout_case ((substring(entity_id from '[0-9]+$')));
CREATE INDEX fallout_case_process_instance ON fallout_case (process_instance_id);
CREATE INDEX fallout_case_root_process_instance ON fallout_case (root_process_instance_id);

DROP INDEX process_instance_entity;
CREATE INDEX process_instance_entity ON process_instance (entity_type, lower(entity_id) text_pattern_ops);
CREATE INDEX process_instance_entity_number ON process_instance ((substring(entity_id from '[0-9]+$')));
-- Free text and process instance ids (search): a business key containing the text (trigrams), an instance by id.
-- pg_trgm ships with PostgreSQL (a trusted extension: the database owner may create it) and PGlite loads it
-- (db.ts); where it cannot be created the search still answers the same, reading the table instead.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE INDEX process_instance_business_key_trgm ON process_instance USING gin (lower(business_key) gin_trgm_ops);
  -- The queue's free-text filter `q` (queue-repo.ts CASE_TEXT, the same expression).
  CREATE INDEX fallout_case_text_trgm ON fallout_case
    USING gin (lower(coalesce(business_key, '') || ' ' || id || ' ' || coalesce(error_message, '')) gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): free-text search has no trigram index', SQLERRM;
END $$;
CREATE INDEX process_instance_id ON process_instance (id);
-- The fallout rate: order workflows started in a range.
CREATE INDEX process_instance_started ON process_instance (definition_key, started_at) INCLUDE (business_key);

-- Open cases per process (search results, process pages): by instance and by root instance.
CREATE INDEX fallout_case_active_instance ON fallout_case (process_instance_id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');
CREATE INDEX fallout_case_active_root_instance ON fallout_case (root_process_instance_id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');

-- The queue: one index per sort order over the active cases (the default `status=open`), keyset-paged; the
-- default sort also over every case (status=all). The severity rank is the same expression as in queue-repo.ts.
CREATE INDEX fallout_case_active_last_seen ON fallout_case (last_seen_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');
CREATE INDEX fallout_case_active_first_seen ON fallout_case (first_seen_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');
CREATE INDEX fallout_case_active_sla_due ON fallout_case (sla_due_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');
CREATE INDEX fallout_case_active_severity_asc ON fallout_case
  ((CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END), sla_due_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');
-- Highest first keeps the SLA and id ascending: the rank is negated (one direction for the cursor's row comparison).
CREATE INDEX fallout_case_active_severity_desc ON fallout_case
  ((-(CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 WHEN 'CRITICAL' THEN 4 ELSE 0 END)), sla_due_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');
CREATE INDEX fallout_case_last_seen ON fallout_case (last_seen_at, id);
-- Saved views: mine (any status), team (active).
CREATE INDEX fallout_case_assignee_last_seen ON fallout_case (assignee, last_seen_at, id);
CREATE INDEX fallout_case_active_team_last_seen ON fallout_case (team, last_seen_at, id)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');
-- Everything the badges, facets and the dashboard's "now" panels group or filter cases by, per status: they read
-- this index alone (an index-only scan of the active statuses' ranges) instead of the table, and the status
-- facet counts a resolved or closed range up to its cap without a heap fetch per row. Replaces the plain
-- status index.
DROP INDEX fallout_case_status;
CREATE INDEX fallout_case_status_cover ON fallout_case (status)
  INCLUDE (category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified);
-- A failure storm at one step (the case page's linked cases).
CREATE INDEX fallout_case_active_activity_last_seen ON fallout_case (engine_id, definition_key, activity_id, last_seen_at)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED');

-- The dashboard: open-at-an-instant anchors (unresolved cases; cases resolved after an instant) and the sync
-- lag of incident cases opened in a range.
CREATE INDEX fallout_case_unresolved ON fallout_case (first_seen_at) INCLUDE (category) WHERE resolved_at IS NULL;
CREATE INDEX fallout_case_resolved_at ON fallout_case (resolved_at) INCLUDE (first_seen_at, category);
CREATE INDEX fallout_case_incident_created ON fallout_case (created_at) INCLUDE (first_seen_at) WHERE source = 'INCIDENT';

-- Commands and approvals: per case (case page, queue filters) and per time (dashboard).
CREATE INDEX recovery_command_case ON recovery_command (case_id);
CREATE INDEX recovery_command_created ON recovery_command (created_at);
CREATE INDEX recovery_command_outcome ON recovery_command (action, state, created_at);
CREATE INDEX approval_request_case ON approval_request (case_id);
CREATE INDEX approval_request_requested ON approval_request (requested_at);

-- Per UTC hour and category: cases first seen (opened), resolved and created by the sync in that hour. A case
-- resolved before it was first seen (never in practice) is left out of opened and resolved alike, so "open at
-- T" = Σ opened − Σ resolved before T stays equal to counting the cases themselves.
CREATE TABLE fallout_case_hourly (
  hour      timestamptz NOT NULL,
  category  text NOT NULL,
  opened    integer NOT NULL DEFAULT 0,
  resolved  integer NOT NULL DEFAULT 0,
  created   integer NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, category)
);

-- Transition tables exist per event (an INSERT trigger has no old rows), so one function per event: the
-- new rows count +1, the old rows −1; an UPDATE that changes none of the four columns nets to nothing and
-- writes nothing.
CREATE FUNCTION fallout_case_hourly_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_hourly AS t (hour, category, opened, resolved, created)
  SELECT d.hour, d.category, sum(d.opened)::int, sum(d.resolved)::int, sum(d.created)::int
  FROM (
    SELECT date_trunc('hour', nw.first_seen_at, 'UTC') AS hour, nw.category, 1 AS opened, 0 AS resolved, 0 AS created
      FROM new_rows nw WHERE nw.resolved_at IS NULL OR nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.resolved_at, 'UTC'), nw.category, 0, 1, 0 FROM new_rows nw WHERE nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.created_at, 'UTC'), nw.category, 0, 0, 1 FROM new_rows nw
  ) d
  GROUP BY d.hour, d.category
  HAVING sum(d.opened) <> 0 OR sum(d.resolved) <> 0 OR sum(d.created) <> 0
  -- One order for every writer, so two transactions touching the same hours cannot deadlock.
  ORDER BY d.hour, d.category
  ON CONFLICT (hour, category) DO UPDATE
    SET opened = t.opened + EXCLUDED.opened, resolved = t.resolved + EXCLUDED.resolved, created = t.created + EXCLUDED.created;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION fallout_case_hourly_on_update() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_hourly AS t (hour, category, opened, resolved, created)
  SELECT d.hour, d.category, sum(d.opened)::int, sum(d.resolved)::int, sum(d.created)::int
  FROM (
    SELECT date_trunc('hour', nw.first_seen_at, 'UTC') AS hour, nw.category, 1 AS opened, 0 AS resolved, 0 AS created
      FROM new_rows nw WHERE nw.resolved_at IS NULL OR nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.resolved_at, 'UTC'), nw.category, 0, 1, 0 FROM new_rows nw WHERE nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.created_at, 'UTC'), nw.category, 0, 0, 1 FROM new_rows nw
    UNION ALL
    SELECT date_trunc('hour', od.first_seen_at, 'UTC') AS hour, od.category, -1 AS opened, 0 AS resolved, 0 AS created
      FROM old_rows od WHERE od.resolved_at IS NULL OR od.resolved_at >= od.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', od.resolved_at, 'UTC'), od.category, 0, -1, 0 FROM old_rows od WHERE od.resolved_at >= od.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', od.created_at, 'UTC'), od.category, 0, 0, -1 FROM old_rows od
  ) d
  GROUP BY d.hour, d.category
  HAVING sum(d.opened) <> 0 OR sum(d.resolved) <> 0 OR sum(d.created) <> 0
  -- One order for every writer, so two transactions touching the same hours cannot deadlock.
  ORDER BY d.hour, d.category
  ON CONFLICT (hour, category) DO UPDATE
    SET opened = t.opened + EXCLUDED.opened, resolved = t.resolved + EXCLUDED.resolved, created = t.created + EXCLUDED.created;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION fallout_case_hourly_on_delete() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_hourly AS t (hour, category, opened, resolved, created)
  SELECT d.hour, d.category, sum(d.opened)::int, sum(d.resolved)::int, sum(d.created)::int
  FROM (
    SELECT date_trunc('hour', od.first_seen_at, 'UTC') AS hour, od.category, -1 AS opened, 0 AS resolved, 0 AS created
      FROM old_rows od WHERE od.resolved_at IS NULL OR od.resolved_at >= od.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', od.resolved_at, 'UTC'), od.category, 0, -1, 0 FROM old_rows od WHERE od.resolved_at >= od.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', od.created_at, 'UTC'), od.category, 0, 0, -1 FROM old_rows od
  ) d
  GROUP BY d.hour, d.category
  HAVING sum(d.opened) <> 0 OR sum(d.resolved) <> 0 OR sum(d.created) <> 0
  -- One order for every writer, so two transactions touching the same hours cannot deadlock.
  ORDER BY d.hour, d.category
  ON CONFLICT (hour, category) DO UPDATE
    SET opened = t.opened + EXCLUDED.opened, resolved = t.resolved + EXCLUDED.resolved, created = t.created + EXCLUDED.created;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER fallout_case_hourly_insert AFTER INSERT ON fallout_case
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fallout_case_hourly_on_insert();
CREATE TRIGGER fallout_case_hourly_update AFTER UPDATE ON fallout_case
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fallout_case_hourly_on_update();
CREATE TRIGGER fallout_case_hourly_delete AFTER DELETE ON fallout_case
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fallout_case_hourly_on_delete();

-- The cases that exist already.
INSERT INTO fallout_case_hourly (hour, category, opened, resolved, created)
SELECT d.hour, d.category, sum(d.opened)::int, sum(d.resolved)::int, sum(d.created)::int
FROM (
    SELECT date_trunc('hour', nw.first_seen_at, 'UTC') AS hour, nw.category, 1 AS opened, 0 AS resolved, 0 AS created
      FROM fallout_case nw WHERE nw.resolved_at IS NULL OR nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.resolved_at, 'UTC'), nw.category, 0, 1, 0 FROM fallout_case nw WHERE nw.resolved_at >= nw.first_seen_at
    UNION ALL
    SELECT date_trunc('hour', nw.created_at, 'UTC'), nw.category, 0, 0, 1 FROM fallout_case nw
) d
GROUP BY d.hour, d.category;

-- The fallout rate (orders whose workflow started in a range, and how many of them have a case) per distinct
-- order business key: the latest start of any of its order-orchestration instances and whether a case names it
-- (compared case-insensitively, as the dashboard always did). Kept by triggers on both tables, so the dashboard
-- reads one index range instead of probing the cases once per order.
CREATE TABLE order_key (
  business_key    text PRIMARY KEY,
  last_started_at timestamptz NOT NULL,
  has_case        boolean NOT NULL
);
CREATE INDEX order_key_started ON order_key (last_started_at) INCLUDE (has_case);
CREATE INDEX order_key_lower ON order_key (lower(business_key));
-- The probe "does a case name this key", index-only.
CREATE INDEX fallout_case_business_key_cover ON fallout_case (lower(business_key)) INCLUDE (business_key);

CREATE FUNCTION order_key_on_instances() RETURNS trigger AS $$
BEGIN
  INSERT INTO order_key AS k (business_key, last_started_at, has_case)
  SELECT n.business_key, max(n.started_at),
    EXISTS (SELECT 1 FROM fallout_case c WHERE lower(c.business_key) = lower(n.business_key))
  FROM new_rows n
  WHERE n.definition_key = 'order-orchestration' AND n.business_key IS NOT NULL AND n.started_at IS NOT NULL
  GROUP BY n.business_key
  ORDER BY n.business_key
  ON CONFLICT (business_key) DO UPDATE SET last_started_at = greatest(k.last_started_at, EXCLUDED.last_started_at);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER order_key_instances_insert AFTER INSERT ON process_instance
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_key_on_instances();
CREATE TRIGGER order_key_instances_update AFTER UPDATE ON process_instance
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_key_on_instances();

-- A case naming a key marks it; a case whose key changed re-checks the key it left.
CREATE FUNCTION order_key_on_cases_insert() RETURNS trigger AS $$
BEGIN
  UPDATE order_key k SET has_case = true
  WHERE NOT k.has_case AND lower(k.business_key) IN (SELECT lower(n.business_key) FROM new_rows n WHERE n.business_key IS NOT NULL);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION order_key_on_cases_change() RETURNS trigger AS $$
BEGIN
  UPDATE order_key k SET has_case = EXISTS (SELECT 1 FROM fallout_case c WHERE lower(c.business_key) = lower(k.business_key))
  WHERE lower(k.business_key) IN (
    SELECT lower(n.business_key) FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.business_key IS DISTINCT FROM o.business_key
    UNION SELECT lower(o.business_key) FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.business_key IS DISTINCT FROM o.business_key);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION order_key_on_cases_delete() RETURNS trigger AS $$
BEGIN
  UPDATE order_key k SET has_case = EXISTS (SELECT 1 FROM fallout_case c WHERE lower(c.business_key) = lower(k.business_key))
  WHERE lower(k.business_key) IN (SELECT lower(o.business_key) FROM old_rows o);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER order_key_cases_insert AFTER INSERT ON fallout_case
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_key_on_cases_insert();
CREATE TRIGGER order_key_cases_update AFTER UPDATE ON fallout_case
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_key_on_cases_change();
CREATE TRIGGER order_key_cases_delete AFTER DELETE ON fallout_case
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION order_key_on_cases_delete();

INSERT INTO order_key (business_key, last_started_at, has_case)
SELECT p.business_key, max(p.started_at), EXISTS (SELECT 1 FROM fallout_case c WHERE lower(c.business_key) = lower(p.business_key))
FROM process_instance p
WHERE p.definition_key = 'order-orchestration' AND p.business_key IS NOT NULL AND p.started_at IS NOT NULL
GROUP BY p.business_key;

-- The working set in numbers: cases per combination of the queue's facet columns, for the cases that are active
-- or unresolved (the same cases, except in the middle of a status change). A few thousand rows at any size: the
-- queue's facets and badges and the dashboard's "now" panels sum this instead of counting cases.
CREATE TABLE fallout_case_facet (
  status             text NOT NULL,
  unresolved         boolean NOT NULL,
  category           text NOT NULL,
  severity           text NOT NULL,
  source             text NOT NULL,
  engine_id          text NOT NULL,
  definition_key     text NOT NULL,
  definition_version integer,
  activity_id        text,
  activity_name      text,
  team               text,
  assignee           text,
  unclassified       boolean NOT NULL,
  n                  integer NOT NULL
);
CREATE UNIQUE INDEX fallout_case_facet_key ON fallout_case_facet (status, unresolved, category, severity, source, engine_id, definition_key,
  definition_version, activity_id, activity_name, team, assignee, unclassified) NULLS NOT DISTINCT;

-- One function per event, as for the hourly rollup; combinations that drop to 0 are removed.
CREATE FUNCTION fallout_case_facet_on_insert() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_facet AS t (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified, n)
  SELECT d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified, sum(d.n)::int FROM (
    SELECT nw.status, nw.resolved_at IS NULL, nw.category, nw.severity, nw.source, nw.engine_id, nw.definition_key, nw.definition_version, nw.activity_id, nw.activity_name, nw.team, nw.assignee, nw.unclassified, 1 AS n FROM new_rows nw
      WHERE nw.status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED') OR nw.resolved_at IS NULL
  ) d (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified, n)
  GROUP BY d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified
  HAVING sum(d.n) <> 0
  ORDER BY d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified
  ON CONFLICT (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified) DO UPDATE SET n = t.n + EXCLUDED.n;
  DELETE FROM fallout_case_facet WHERE n = 0;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION fallout_case_facet_on_update() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_facet AS t (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified, n)
  SELECT d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified, sum(d.n)::int FROM (
    SELECT nw.status, nw.resolved_at IS NULL, nw.category, nw.severity, nw.source, nw.engine_id, nw.definition_key, nw.definition_version, nw.activity_id, nw.activity_name, nw.team, nw.assignee, nw.unclassified, 1 AS n FROM new_rows nw
      WHERE nw.status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED') OR nw.resolved_at IS NULL
    UNION ALL
    SELECT od.status, od.resolved_at IS NULL, od.category, od.severity, od.source, od.engine_id, od.definition_key, od.definition_version, od.activity_id, od.activity_name, od.team, od.assignee, od.unclassified, -1 AS n FROM old_rows od
      WHERE od.status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED') OR od.resolved_at IS NULL
  ) d (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified, n)
  GROUP BY d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified
  HAVING sum(d.n) <> 0
  ORDER BY d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified
  ON CONFLICT (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified) DO UPDATE SET n = t.n + EXCLUDED.n;
  DELETE FROM fallout_case_facet WHERE n = 0;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION fallout_case_facet_on_delete() RETURNS trigger AS $$
BEGIN
  INSERT INTO fallout_case_facet AS t (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified, n)
  SELECT d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified, sum(d.n)::int FROM (
    SELECT od.status, od.resolved_at IS NULL, od.category, od.severity, od.source, od.engine_id, od.definition_key, od.definition_version, od.activity_id, od.activity_name, od.team, od.assignee, od.unclassified, -1 AS n FROM old_rows od
      WHERE od.status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED') OR od.resolved_at IS NULL
  ) d (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified, n)
  GROUP BY d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified
  HAVING sum(d.n) <> 0
  ORDER BY d.status, d.unresolved, d.category, d.severity, d.source, d.engine_id, d.definition_key, d.definition_version, d.activity_id, d.activity_name, d.team, d.assignee, d.unclassified
  ON CONFLICT (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified) DO UPDATE SET n = t.n + EXCLUDED.n;
  DELETE FROM fallout_case_facet WHERE n = 0;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER fallout_case_facet_insert AFTER INSERT ON fallout_case
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fallout_case_facet_on_insert();
CREATE TRIGGER fallout_case_facet_update AFTER UPDATE ON fallout_case
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fallout_case_facet_on_update();
CREATE TRIGGER fallout_case_facet_delete AFTER DELETE ON fallout_case
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fallout_case_facet_on_delete();

INSERT INTO fallout_case_facet (status, unresolved, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified, n)
SELECT status, resolved_at IS NULL, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified, count(*)::int FROM fallout_case
WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED') OR resolved_at IS NULL
GROUP BY status, resolved_at IS NULL, category, severity, source, engine_id, definition_key, definition_version, activity_id, activity_name, team, assignee, unclassified;
