-- Replay guard of chat requests. Loaded by seen-requests.repo.ts.

-- Atomic: of two identical requests at the same instant exactly one gets a row back.
-- name: claim_request
INSERT INTO seen_requests (key, seen_at)
VALUES ($1, $2)
ON CONFLICT (key) DO NOTHING
RETURNING key;

-- name: trim_requests
DELETE FROM seen_requests WHERE seen_at < $1;
