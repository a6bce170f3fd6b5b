-- Stored series and their points. Loaded by series.repo.ts.

-- name: insert_series
INSERT INTO series (run_id, ord, key, domain, panel, name, unit, labels)
SELECT $1, o, k, d, p, n, u, l::jsonb
  FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS x (o, k, d, p, n, u, l)
RETURNING id, ord;

-- Bulk insert: three binary-encoded arrays of equal length (see pg-binary.ts).
-- name: insert_points
INSERT INTO points (series_id, ts, value)
SELECT s, t, v FROM unnest($1::int8[], $2::timestamptz[], $3::float8[]) AS u (s, t, v);

-- $2 NULL = every series of the run.
-- name: get_series
SELECT id, key, domain, panel, name, unit, labels
  FROM series
 WHERE run_id = $1 AND ($2::text[] IS NULL OR key = ANY ($2::text[]))
 ORDER BY ord;

-- Epoch milliseconds; extract() is numeric, cast after scaling so no precision is lost.
-- name: get_points
SELECT series_id,
       array_agg((extract(epoch FROM ts) * 1000)::float8 ORDER BY ts) AS t,
       array_agg(value ORDER BY ts) AS v
  FROM points
 WHERE series_id = ANY ($1::int8[])
 GROUP BY series_id;
