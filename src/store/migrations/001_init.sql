-- LoadLens store schema, version 1. Append-only: never edit an applied migration,
-- add 002_*.sql instead. Unqualified names: the connection's search_path picks the schema.

-- Ids are ULIDs (26 characters, Crockford base32, time-sortable), generated in the app.
CREATE TABLE runs (
  id          text PRIMARY KEY,
  -- Insertion order, to break created_at ties (several saves within one transaction time).
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  name        text NOT NULL,
  service     text,
  from_ts     timestamptz NOT NULL,
  to_ts       timestamptz NOT NULL,
  verdict     text NOT NULL CHECK (verdict IN ('pass', 'risk', 'fail', 'insufficient_data')),
  peak        jsonb,
  timings     jsonb NOT NULL,
  report      jsonb NOT NULL,
  invalid     boolean NOT NULL DEFAULT false,
  origin      text NOT NULL DEFAULT 'cli',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX runs_created_idx ON runs (created_at DESC, seq DESC);
CREATE INDEX runs_service_created_idx ON runs (service, created_at DESC, seq DESC);
CREATE INDEX runs_from_idx ON runs (from_ts);

-- One row per analysed domain; `body` is the DomainJson without its findings, so fields
-- added to the report contract later round-trip without a migration.
CREATE TABLE run_domains (
  run_id   text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  domain   text NOT NULL,
  ord      int NOT NULL,
  status   text NOT NULL,
  body     jsonb NOT NULL,
  PRIMARY KEY (run_id, domain)
);

-- Findings get ids (unique within a run) so chat votes can point at one.
CREATE TABLE findings (
  run_id    text NOT NULL,
  id        text NOT NULL,
  domain    text NOT NULL,
  ord       int NOT NULL,
  severity  text NOT NULL,
  title     text NOT NULL,
  metric    text NOT NULL,
  at        timestamptz,
  value     double precision,
  body      jsonb NOT NULL,
  PRIMARY KEY (run_id, id),
  FOREIGN KEY (run_id, domain) REFERENCES run_domains (run_id, domain) ON DELETE CASCADE
);

CREATE TABLE series (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id  text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  ord     int NOT NULL,
  key     text NOT NULL,
  domain  text NOT NULL,
  panel   text NOT NULL,
  name    text NOT NULL,
  unit    text NOT NULL,
  labels  jsonb NOT NULL DEFAULT '{}',
  UNIQUE (run_id, key)
);

-- NULL value = a gap (NaN in the app). No primary key: a TimescaleDB hypertable needs the
-- time column in every unique index, and (series_id, ts) is not guaranteed unique upstream.
CREATE TABLE points (
  series_id  bigint NOT NULL REFERENCES series (id) ON DELETE CASCADE,
  ts         timestamptz NOT NULL,
  value      double precision
);
CREATE INDEX points_series_ts_idx ON points (series_id, ts);

CREATE TABLE summaries (
  run_id      text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  version     int NOT NULL,
  author      text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, version)
);

CREATE TABLE votes (
  run_id      text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  target      text NOT NULL,
  voter       text NOT NULL,
  value       smallint NOT NULL CHECK (value IN (1, -1)),
  comment     text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, target, voter)
);

CREATE TABLE baselines (
  service  text PRIMARY KEY,
  run_id   text NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  set_by   text NOT NULL,
  set_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE jobs (
  id          text PRIMARY KEY,
  kind        text NOT NULL,
  status      text NOT NULL CHECK (status IN ('queued', 'active', 'done', 'failed')),
  payload     jsonb,
  result      jsonb,
  error       text,
  attempts    int NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE alert_events (
  id           text PRIMARY KEY,
  source       text NOT NULL CHECK (source IN ('grafana', 'alertmanager')),
  group_key    text NOT NULL,
  status       text NOT NULL CHECK (status IN ('firing', 'resolved')),
  service      text,
  labels       jsonb NOT NULL DEFAULT '{}',
  payload      jsonb,
  run_id       text REFERENCES runs (id) ON DELETE SET NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_events_group_idx ON alert_events (group_key, received_at DESC);
CREATE INDEX alert_events_received_idx ON alert_events (received_at DESC);
CREATE INDEX alert_events_run_idx ON alert_events (run_id);

CREATE TABLE chat_settings (
  chat_key    text PRIMARY KEY,
  service     text,
  tz          text,
  locale      text CHECK (locale IN ('ru', 'en')),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
