-- Chat delivery: rendered charts kept with their run (albums are sent by the deliver job,
-- possibly in another process), and which delivery steps already reached which chat, so a
-- retried or duplicated job never posts twice.
CREATE TABLE run_charts (
  run_id   text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  chart_id text NOT NULL,
  position integer NOT NULL,
  title    text NOT NULL,
  png      bytea NOT NULL,
  PRIMARY KEY (run_id, chart_id)
);

CREATE TABLE deliveries (
  run_id     text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  chat_key   text NOT NULL,
  step       text NOT NULL,
  refs       jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, chat_key, step)
);
