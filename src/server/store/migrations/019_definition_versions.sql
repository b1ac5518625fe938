-- Deployments with the versions of the process definitions they deployed, so the dashboard can link a release
-- to the cases on exactly that version (playbook §18.3: compare the release with the active process version).
-- NULL: mirrored before this column existed; the deployment mirror fills it in on its next pass (lazy backfill).
ALTER TABLE engine_deployment ADD COLUMN definitions jsonb;

-- The queue filtered to one definition version (processKey + processVersion, any status), newest first, and
-- the dashboard's case count per version: both bounded by this index at 1M cases instead of a scan.
CREATE INDEX fallout_case_definition_version ON fallout_case (definition_key, definition_version, last_seen_at, id);
