-- Per-chat settings (/service, /tz, /lang). Loaded by ops.repo.ts.

-- name: get_chat
SELECT chat_key, service, tz, locale FROM chat_settings WHERE chat_key = $1;

-- Each field has a "set it" flag: a patch changes only what it names.
-- name: upsert_chat
INSERT INTO chat_settings AS c (chat_key, service, tz, locale)
VALUES ($1, $3::text, $5::text, $7::text)
ON CONFLICT (chat_key) DO UPDATE
   SET service = CASE WHEN $2::boolean THEN excluded.service ELSE c.service END,
       tz      = CASE WHEN $4::boolean THEN excluded.tz ELSE c.tz END,
       locale  = CASE WHEN $6::boolean THEN excluded.locale ELSE c.locale END,
       updated_at = now()
RETURNING chat_key, service, tz, locale;
