-- Job records (the queue keeps its own state in Redis; this is the durable history). Loaded by ops.repo.ts.

-- Putting an existing id again re-queues it with the new kind and payload.
-- name: upsert_job
INSERT INTO jobs (id, kind, status, payload)
VALUES ($1, $2, 'queued', $3::text::jsonb)
ON CONFLICT (id) DO UPDATE
   SET kind = excluded.kind, payload = excluded.payload, status = 'queued',
       result = NULL, error = NULL, updated_at = now()
RETURNING id, kind, status, payload, result, error, attempts, created_at, updated_at;

-- Each field has a "set it" flag, so NULL can be written on purpose (e.g. clearing error).
-- name: update_job
UPDATE jobs
   SET status   = CASE WHEN $2::boolean THEN $3::text ELSE status END,
       result   = CASE WHEN $4::boolean THEN $5::text::jsonb ELSE result END,
       error    = CASE WHEN $6::boolean THEN $7::text ELSE error END,
       attempts = CASE WHEN $8::boolean THEN $9::int ELSE attempts END,
       updated_at = now()
 WHERE id = $1
RETURNING id;

-- name: get_job
SELECT id, kind, status, payload, result, error, attempts, created_at, updated_at FROM jobs WHERE id = $1;
