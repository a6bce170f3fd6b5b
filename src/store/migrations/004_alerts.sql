-- Alert incidents: one per alert group while it fires. The first job of a group claims the
-- open incident (the partial unique index makes the claim atomic across processes), posts
-- the report and records its run; later firings edit that report, and the resolved
-- notification posts the final report as a reply to it and closes the incident.
CREATE TABLE alert_incidents (
  id           text PRIMARY KEY,
  group_key    text NOT NULL,
  state        text NOT NULL CHECK (state IN ('open', 'resolved')),
  starts_at    timestamptz NOT NULL,
  -- The notification (job) that owns the first post; another one may take over a stale claim.
  opened_by    text NOT NULL,
  first_run_id text REFERENCES runs (id) ON DELETE SET NULL,
  last_run_id  text REFERENCES runs (id) ON DELETE SET NULL,
  final_run_id text REFERENCES runs (id) ON DELETE SET NULL,
  resolved_by  text,
  opened_at    timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  resolved_at  timestamptz
);
CREATE UNIQUE INDEX alert_incidents_open_idx ON alert_incidents (group_key) WHERE state = 'open';
CREATE INDEX alert_incidents_group_idx ON alert_incidents (group_key, opened_at DESC);
