-- Runs, their domain results and findings. Loaded by runs.repo.ts.

-- name: insert_run
INSERT INTO runs (id, name, service, from_ts, to_ts, verdict, peak, timings, report, origin)
VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9::text::jsonb, $10)
RETURNING id, name, service, from_ts, to_ts, verdict, peak, timings, report, invalid, origin, created_at;

-- name: insert_domains
INSERT INTO run_domains (run_id, domain, ord, status, body)
SELECT $1, d, o, s, b::jsonb
  FROM unnest($2::text[], $3::int[], $4::text[], $5::text[]) AS u (d, o, s, b);

-- name: insert_findings
INSERT INTO findings (run_id, id, domain, ord, severity, title, metric, at, value, body)
SELECT $1, i, d, o, s, t, m, a, v, b::jsonb
  FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[],
              $8::timestamptz[], $9::float8[], $10::text[]) AS u (i, d, o, s, t, m, a, v, b);

-- name: get_run
SELECT id, name, service, from_ts, to_ts, verdict, peak, timings, report, invalid, origin, created_at
  FROM runs
 WHERE id = $1;

-- Filters are optional (NULL = any). $3 is an ILIKE pattern with %, _ and \ escaped.
-- since/until bound the window start: since <= from_ts < until.
-- name: list_runs
SELECT id, name, service, from_ts, to_ts, verdict, peak, timings, report, invalid, origin, created_at
  FROM runs
 WHERE ($1::text IS NULL OR service = $1)
   AND ($2::text IS NULL OR verdict = $2)
   AND ($3::text IS NULL OR name ILIKE $3 OR service ILIKE $3)
   AND ($4::timestamptz IS NULL OR from_ts >= $4)
   AND ($5::timestamptz IS NULL OR from_ts < $5)
 ORDER BY created_at DESC, seq DESC
 LIMIT $6 OFFSET $7;

-- name: latest_run
SELECT id, name, service, from_ts, to_ts, verdict, peak, timings, report, invalid, origin, created_at
  FROM runs
 WHERE ($1::text IS NULL OR service = $1)
 ORDER BY created_at DESC, seq DESC
 LIMIT 1;

-- The report JSON carries the name too; keep both in step.
-- name: rename_run
UPDATE runs
   SET name = $2, report = jsonb_set(report, '{name}', to_jsonb($2::text))
 WHERE id = $1
RETURNING id;

-- name: set_invalid
UPDATE runs SET invalid = $2 WHERE id = $1 RETURNING id;

-- An invalid run can never be a baseline, so invalidating one also drops it as baseline.
-- name: drop_baselines_of_run
DELETE FROM baselines WHERE run_id = $1;

-- Cascades (FKs) to domains, findings, series, points, summaries, votes and baselines.
-- name: delete_run
DELETE FROM runs WHERE id = $1 RETURNING id;

-- name: get_domains
SELECT domain, status, body FROM run_domains WHERE run_id = $1 ORDER BY ord;

-- name: get_findings
SELECT f.id, f.run_id, f.domain, f.severity, f.title, f.metric, f.at, f.value, f.body
  FROM findings f
  JOIN run_domains d ON d.run_id = f.run_id AND d.domain = f.domain
 WHERE f.run_id = $1
 ORDER BY d.ord, f.ord;
