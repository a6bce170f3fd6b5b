-- Alert webhook events. Loaded by ops.repo.ts.

-- name: insert_alert
INSERT INTO alert_events (id, source, group_key, status, service, labels, payload, run_id, received_at)
VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8, coalesce($9::timestamptz, now()))
RETURNING id, source, group_key, status, service, labels, payload, run_id, received_at;

-- name: list_alerts
SELECT id, source, group_key, status, service, labels, payload, run_id, received_at
  FROM alert_events
 WHERE ($1::text IS NULL OR group_key = $1)
 ORDER BY received_at DESC, id DESC
 LIMIT $2;

-- name: link_alert
UPDATE alert_events SET run_id = $2 WHERE id = $1 RETURNING id;
