-- Charts and delivery steps of chat reports. Loaded by delivery.repo.ts.

-- name: put_chart
INSERT INTO run_charts (run_id, chart_id, position, title, png)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (run_id, chart_id) DO UPDATE SET position = excluded.position, title = excluded.title, png = excluded.png;

-- name: list_charts
SELECT chart_id, title, png FROM run_charts WHERE run_id = $1 ORDER BY position;

-- name: get_step
SELECT refs FROM deliveries WHERE run_id = $1 AND chat_key = $2 AND step = $3;

-- name: put_step
INSERT INTO deliveries (run_id, chat_key, step, refs)
VALUES ($1, $2, $3, $4::jsonb)
ON CONFLICT (run_id, chat_key, step) DO NOTHING;
