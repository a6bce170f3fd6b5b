-- SLOs a chat set for a service with /slo: they apply to that chat's reports of the
-- service when the request names none (they take precedence over the YAML catalogue's).
-- Each expression was validated by the SLO grammar before it was stored.
CREATE TABLE chat_slos (
  chat_key   text NOT NULL,
  service    text NOT NULL,
  slos       jsonb NOT NULL,
  set_by     text NOT NULL,
  set_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (chat_key, service)
);
