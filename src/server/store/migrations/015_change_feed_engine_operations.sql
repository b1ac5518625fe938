-- Changes made outside the workbench (read from the engine's user operation log in the background) are shown
-- on the case page: announce them on the change feed as a change of every case of that instance, whether the
-- instance is the case's own or its root (a cancelled order). Without this an open case page showed "cleared
-- outside" at once but learned who did it only on the next reload.
CREATE FUNCTION fw_changes_engine_operation() RETURNS trigger AS $$
BEGIN
  PERFORM fw_notify_change('case', ARRAY(
    SELECT c.id FROM fallout_case c
      JOIN (SELECT DISTINCT engine_id, process_instance_id FROM new_rows) o
        ON c.engine_id = o.engine_id AND c.process_instance_id = o.process_instance_id
    UNION
    SELECT c.id FROM fallout_case c
      JOIN (SELECT DISTINCT engine_id, process_instance_id FROM new_rows) o
        ON c.engine_id = o.engine_id AND c.root_process_instance_id = o.process_instance_id
    LIMIT 101));
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER fw_changes_engine_operation_insert AFTER INSERT ON engine_operation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION fw_changes_engine_operation();
