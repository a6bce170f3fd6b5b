-- Per-chat SLOs of a service (/slo). Loaded by chat-slos.repo.ts.

-- name: get_slos
SELECT chat_key, service, slos, set_by, set_at FROM chat_slos WHERE chat_key = $1 AND service = $2;

-- name: list_slos
SELECT chat_key, service, slos, set_by, set_at FROM chat_slos WHERE chat_key = $1 ORDER BY service;

-- name: upsert_slos
INSERT INTO chat_slos (chat_key, service, slos, set_by)
VALUES ($1, $2, $3::jsonb, $4)
ON CONFLICT (chat_key, service) DO UPDATE SET slos = excluded.slos, set_by = excluded.set_by, set_at = now()
RETURNING chat_key, service, slos, set_by, set_at;

-- name: delete_slos
DELETE FROM chat_slos WHERE chat_key = $1 AND service = $2 RETURNING service;
