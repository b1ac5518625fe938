-- A lease on unfinished commands. A BFF killed between a command's intent and its outcome left it RUNNING
-- for ever (the outbox only took PENDING ones), and the case withheld every action with COMMAND_PENDING.
-- Now whoever runs a command holds a lease on it, renewed while it runs; once the lease has run out the
-- outbox claims the command (PENDING ones are claimable at once), re-reads the engine and the domain
-- service, and finishes it. lease_owner fences the outcome: only the holder of the current lease writes it.
ALTER TABLE recovery_command ADD COLUMN lease_until timestamptz;
ALTER TABLE recovery_command ADD COLUMN lease_owner text;

-- The incident the command acts on, pinned when its intent is recorded: a re-run checks the effect on that
-- incident, not on whichever incident the case shows by then (a retried step that failed again has a new one).
ALTER TABLE recovery_command ADD COLUMN incident_id text;

-- Commands left unfinished by a BFF that ran before this migration have no lease: theirs has run out.
UPDATE recovery_command SET lease_until = updated_at WHERE state IN ('RUNNING', 'PENDING');

-- The outbox's claim: unfinished commands whose lease has run out, oldest lease first.
DROP INDEX recovery_command_pending;
CREATE INDEX recovery_command_outbox ON recovery_command (lease_until) WHERE state IN ('RUNNING', 'PENDING');
