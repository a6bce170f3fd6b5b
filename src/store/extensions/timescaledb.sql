-- Applied after the numbered migrations, only when pg_available_extensions lists
-- timescaledb (it also has to be in shared_preload_libraries; otherwise CREATE EXTENSION
-- fails and the store keeps plain tables). Idempotent: safe on every start.
-- Installed in `public`, not in this store's schema (the first on search_path): the
-- extension is database-wide, and dropping one tenant schema must not drop it for all.
CREATE EXTENSION IF NOT EXISTS timescaledb WITH SCHEMA public;

-- The extension may live in a schema that is not on this connection's search_path (public
-- here, or wherever an operator installed it first): call create_hypertable through it.
-- The pre-2.13 signature (relation, time column, ...) still exists in every 2.x release.
-- migrate_data: the points table may already hold rows when TimescaleDB arrives later.
DO $$
DECLARE
  ext_schema text;
BEGIN
  SELECT n.nspname INTO ext_schema
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'timescaledb';
  EXECUTE format(
    'SELECT %I.create_hypertable(%L::regclass, %L, chunk_time_interval => interval %L, if_not_exists => TRUE, migrate_data => TRUE)',
    ext_schema, 'points', 'ts', '1 day');
END
$$;
