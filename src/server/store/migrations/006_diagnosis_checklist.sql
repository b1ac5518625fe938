-- The runbook's diagnosis steps as a checklist per case, shared by everyone working the case (a handover at
-- the end of a shift keeps what was already checked). Only the current state lives here: a step unchecked
-- is a deleted row; every change is also an audit event, which keeps the history.
CREATE TABLE diagnosis_check (
  case_id     text NOT NULL REFERENCES fallout_case (id),
  runbook_id  text NOT NULL,
  step        integer NOT NULL,
  -- The step's text when it was checked: if the catalog rewrites the step, the old tick no longer applies.
  step_text   text NOT NULL,
  checked_by  text NOT NULL,
  checked_at  timestamptz NOT NULL,
  PRIMARY KEY (case_id, runbook_id, step)
);
