-- Alert incidents (migration 004). Loaded by alerts.repo.ts.

-- name: insert_open
INSERT INTO alert_incidents (id, group_key, state, starts_at, opened_by, opened_at, updated_at)
VALUES ($1, $2, 'open', $3, $4, $5, $5)
ON CONFLICT (group_key) WHERE state = 'open' DO NOTHING
RETURNING *;

-- name: touch_open
UPDATE alert_incidents
   SET starts_at = least(starts_at, $2)
 WHERE group_key = $1 AND state = 'open'
RETURNING *;

-- name: take_over
UPDATE alert_incidents
   SET opened_by = $2, updated_at = $4
 WHERE id = $1 AND state = 'open' AND first_run_id IS NULL AND opened_by = $3 AND updated_at < $5
RETURNING *;

-- name: latest
SELECT * FROM alert_incidents WHERE group_key = $1 ORDER BY opened_at DESC, id DESC LIMIT 1;

-- name: set_first_run
UPDATE alert_incidents SET first_run_id = $2, last_run_id = coalesce(last_run_id, $2), updated_at = $3
 WHERE id = $1;

-- name: set_last_run
UPDATE alert_incidents SET last_run_id = $2, updated_at = $3 WHERE id = $1;

-- name: resolve
UPDATE alert_incidents
   SET state = 'resolved', resolved_by = $2, final_run_id = $3, resolved_at = $4, updated_at = $4
 WHERE id = $1 AND state = 'open'
RETURNING id;

-- name: insert_resolved
INSERT INTO alert_incidents (id, group_key, state, starts_at, opened_by, resolved_by, opened_at, updated_at, resolved_at)
VALUES ($1, $2, 'resolved', $3, $4, $4, $5, $5, $5)
RETURNING *;

-- name: abandon
DELETE FROM alert_incidents WHERE id = $1 AND opened_by = $2 AND first_run_id IS NULL;
