-- Alerts (playbook §14): one row per engine, rule and scope (the dedup key), firing or resolved. A re-fire
-- after a resolution reopens the same row (episodes + 1); alert_event keeps every firing and resolution.
CREATE TABLE alert (
  id                text PRIMARY KEY,
  engine_id         text NOT NULL,
  rule              text NOT NULL,
  scope             text NOT NULL,
  status            text NOT NULL CHECK (status IN ('FIRING', 'RESOLVED')),
  episodes          integer NOT NULL DEFAULT 1,
  -- The payload as last evaluated (§14.2), validated by src/contracts/alerts.ts.
  payload           jsonb NOT NULL,
  first_detected_at timestamptz NOT NULL,
  last_evaluated_at timestamptz NOT NULL,
  resolved_at       timestamptz,
  changed_at        timestamptz NOT NULL,
  UNIQUE (engine_id, rule, scope)
);
CREATE INDEX alert_firing ON alert (engine_id) WHERE status = 'FIRING';
CREATE INDEX alert_changed ON alert (changed_at);

CREATE TABLE alert_event (
  alert_id text NOT NULL REFERENCES alert (id),
  at       timestamptz NOT NULL,
  kind     text NOT NULL CHECK (kind IN ('FIRED', 'RESOLVED', 'REFIRED')),
  text     text NOT NULL
);
CREATE INDEX alert_event_alert ON alert_event (alert_id, at);

-- Who was told: per alert and channel, what was last sent and whether it arrived. `pending` marks what still
-- has to go out (a state change, or a due re-send), so a failed delivery is retried by the next round.
CREATE TABLE alert_delivery (
  alert_id        text NOT NULL REFERENCES alert (id),
  channel         text NOT NULL,
  target          text NOT NULL,
  sent_status     text NOT NULL,
  pending         boolean NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_attempt_at timestamptz,
  delivered_at    timestamptz,
  last_error      text,
  PRIMARY KEY (alert_id, channel)
);
CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt_at) WHERE pending;

-- "Failed job repeated at the same activity" counts the open failed-job cases per step: this index holds only
-- those (a handful, whatever the number of cases).
CREATE INDEX fallout_case_active_failed_job ON fallout_case (engine_id, definition_key, activity_id)
  INCLUDE (definition_version, category, business_key, last_seen_at)
  WHERE status IN ('OPEN', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'ESCALATED') AND incident_type = 'failedJob';
