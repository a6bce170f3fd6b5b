-- LLM narratives of runs, versioned. Loaded by narratives.repo.ts.

-- Serialises saves of one run's narratives (NO KEY UPDATE still lets FK checks through).
-- name: lock_run
SELECT id FROM runs WHERE id = $1 FOR NO KEY UPDATE;

-- name: insert_narrative
INSERT INTO narratives (run_id, version, status, provider, model, locale, input_tokens, output_tokens, cost_usd, body)
SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb FROM narratives WHERE run_id = $1
RETURNING run_id, version, body, created_at;

-- name: latest_narrative
SELECT run_id, version, body, created_at
  FROM narratives
 WHERE run_id = $1
 ORDER BY version DESC
 LIMIT 1;

-- name: list_narratives
SELECT run_id, version, body, created_at FROM narratives WHERE run_id = $1 ORDER BY version;

-- name: run_cost
SELECT count(*)::int AS versions,
       coalesce(sum(input_tokens), 0)::int AS input_tokens,
       coalesce(sum(output_tokens), 0)::int AS output_tokens,
       sum(cost_usd) AS cost_usd,
       bool_or(cost_usd IS NULL) AS unpriced
  FROM narratives
 WHERE run_id = $1;
