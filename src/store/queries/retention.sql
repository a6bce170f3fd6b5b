-- Retention of chat delivery records. Loaded by retention.repo.ts.

-- name: trim_deliveries
WITH gone AS (DELETE FROM deliveries WHERE created_at < $1 RETURNING 1)
SELECT count(*)::int AS n FROM gone;
