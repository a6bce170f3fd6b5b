-- Summary versions, votes and baselines. Loaded by feedback.repo.ts.

-- Serialises summary saves of one run (NO KEY UPDATE still lets FK checks through).
-- name: lock_run
SELECT id FROM runs WHERE id = $1 FOR NO KEY UPDATE;

-- name: insert_summary
INSERT INTO summaries (run_id, version, author, body)
SELECT $1, coalesce(max(version), 0) + 1, $2, $3 FROM summaries WHERE run_id = $1
RETURNING run_id, version, author, body, created_at;

-- name: list_summaries
SELECT run_id, version, author, body, created_at FROM summaries WHERE run_id = $1 ORDER BY version;

-- name: upsert_vote
INSERT INTO votes (run_id, target, voter, value, comment)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (run_id, target, voter)
DO UPDATE SET value = excluded.value, comment = excluded.comment, created_at = now()
RETURNING run_id, target, voter, value, comment, created_at;

-- name: list_votes
SELECT run_id, target, voter, value, comment, created_at
  FROM votes
 WHERE run_id = $1
 ORDER BY created_at, target, voter;

-- FOR SHARE: a concurrent setRunInvalid waits until the baseline is written (and then drops it).
-- name: run_for_baseline
SELECT service, invalid FROM runs WHERE id = $1 FOR SHARE;

-- name: upsert_baseline
INSERT INTO baselines (service, run_id, set_by)
VALUES ($1, $2, $3)
ON CONFLICT (service) DO UPDATE SET run_id = excluded.run_id, set_by = excluded.set_by, set_at = now()
RETURNING service, run_id, set_by, set_at;

-- name: get_baseline
SELECT service, run_id, set_by, set_at FROM baselines WHERE service = $1;
