-- Chat requests already taken (issue 16). A replayed Slack slash command or button press
-- (same trigger_id, or the same body) claims the same key and is dropped before anything is
-- posted. Rows only need to outlive the platforms' 5-minute replay window; older ones are
-- trimmed by the store (seen-requests.repo.ts).
CREATE TABLE seen_requests (
  key     text PRIMARY KEY,
  seen_at timestamptz NOT NULL
);
CREATE INDEX seen_requests_seen_at ON seen_requests (seen_at);
