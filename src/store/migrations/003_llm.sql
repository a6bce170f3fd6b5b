-- LLM narratives: every generation of a run's narrative is kept as a version (regenerate
-- appends one; readers take the newest), with its token usage and cost, so the cost of a
-- run is the sum over its versions.
CREATE TABLE narratives (
  run_id        text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  version       integer NOT NULL,
  status        text NOT NULL CHECK (status IN ('ok', 'partial', 'failed', 'timeout')),
  provider      text NOT NULL,
  model         text NOT NULL,
  locale        text NOT NULL,
  input_tokens  integer NOT NULL DEFAULT 0,
  output_tokens integer NOT NULL DEFAULT 0,
  -- NULL when the model's price is unknown.
  cost_usd      double precision,
  body          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, version)
);
