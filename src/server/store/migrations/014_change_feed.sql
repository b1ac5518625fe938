-- The change feed of open pages. Every committed change to what the pages show (cases, their incidents,
-- commands, evidence and checklist, approvals, freezes) is announced on the channel `fw_changes`, whoever
-- wrote it: the sync leader, a command on another replica, a test. Each BFF replica LISTENs on one connection
-- and tells its browsers what to refetch (src/server/live/), so a replica that does not run the sync still
-- hears about every change. NOTIFY is delivered at commit only, so a browser never refetches before the data
-- is visible.
--
-- Triggers are per statement with transition tables: a batch ingest of 20,000 cases sends one notification
-- per statement, not 20,000. A payload names a kind and at most 100 ids (case ids; freeze ids for freezes),
-- past that it says "many": it stays far below NOTIFY's 8000-byte limit and never carries case data (the
-- browser reads that through the normal, authorised endpoints). Updates that change nothing the pages show
-- (a command's lease renewal, a rewrite with equal values) announce nothing.

CREATE FUNCTION fw_notify_change(kind text, ids text[]) RETURNS void AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  IF cardinality(ids) > 100 THEN
    PERFORM pg_notify('fw_changes', json_build_object('kind', kind, 'many', true)::text);
  ELSE
    PERFORM pg_notify('fw_changes', json_build_object('kind', kind, 'ids', ids)::text);
  END IF;
END;
$$ LANGUAGE plpgsql;

-- Cases: any inserted row, any updated row whose values changed.
CREATE FUNCTION fw_changes_case_inserted() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('case', ARRAY(SELECT id FROM new_rows LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION fw_changes_case_updated() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('case', ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n IS DISTINCT FROM o LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fw_changes_case_insert AFTER INSERT ON fallout_case
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_case_inserted();
CREATE TRIGGER fw_changes_case_update AFTER UPDATE ON fallout_case
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_case_updated();

-- What the case page shows beside the case row: its incidents (open or not), evidence, checklist. Announced
-- as a change of the case they belong to.
CREATE FUNCTION fw_changes_case_part() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('case', ARRAY(SELECT DISTINCT case_id FROM new_rows LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION fw_changes_case_part_removed() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('case', ARRAY(SELECT DISTINCT case_id FROM old_rows LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION fw_changes_incident_updated() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('case', ARRAY(
    SELECT DISTINCT n.case_id FROM new_rows n JOIN old_rows o ON o.engine_id = n.engine_id AND o.incident_id = n.incident_id
     WHERE n IS DISTINCT FROM o LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fw_changes_incident_insert AFTER INSERT ON case_incident
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_case_part();
CREATE TRIGGER fw_changes_incident_update AFTER UPDATE ON case_incident
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_incident_updated();
CREATE TRIGGER fw_changes_evidence_insert AFTER INSERT ON case_evidence
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_case_part();
CREATE TRIGGER fw_changes_checklist_insert AFTER INSERT ON diagnosis_check
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_case_part();
CREATE TRIGGER fw_changes_checklist_delete AFTER DELETE ON diagnosis_check
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_case_part_removed();

-- Commands: recorded, and each change of state or attempt (the case page shows the command's progress).
-- Other columns (a lease renewed while the command runs) are not news.
CREATE FUNCTION fw_changes_command_updated() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('case', ARRAY(
    SELECT DISTINCT n.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id
     WHERE (n.state, n.attempts) IS DISTINCT FROM (o.state, o.attempts) LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fw_changes_command_insert AFTER INSERT ON recovery_command
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_case_part();
CREATE TRIGGER fw_changes_command_update AFTER UPDATE ON recovery_command
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_command_updated();

-- Approvals: the inbox, its badge and the case page's banner. Ids are the cases the requests are about.
CREATE FUNCTION fw_changes_approval_inserted() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('approval', ARRAY(SELECT DISTINCT case_id FROM new_rows LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE FUNCTION fw_changes_approval_updated() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('approval', ARRAY(SELECT DISTINCT n.case_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n IS DISTINCT FROM o LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fw_changes_approval_insert AFTER INSERT ON approval_request
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_approval_inserted();
CREATE TRIGGER fw_changes_approval_update AFTER UPDATE ON approval_request
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_approval_updated();

-- Freezes: the freezes page, and every case at the frozen activity (its `frozen` flag is derived, not stored).
CREATE FUNCTION fw_changes_freeze() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('freeze', ARRAY(SELECT id FROM new_rows LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fw_changes_freeze_insert AFTER INSERT ON activity_freeze
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_freeze();
CREATE TRIGGER fw_changes_freeze_update AFTER UPDATE ON activity_freeze
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_freeze();
