import { join } from 'node:path';
import type { Clock } from '../core/clock.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { openPgDb } from './pg-db.js';
import { openPgliteDb } from './pglite-db.js';
import { createSqlStore } from './sql-store.js';
import type { Store } from './store.js';
import { applyTimescale } from './timescale.js';

export interface OpenStoreOptions {
  /** PostgreSQL URL (`DATABASE_URL`); when unset the embedded PGlite is used. */
  databaseUrl?: string;
  /**
   * `LOADLENS_DATA_DIR` (default `./data`): PGlite keeps its files in `<dataDir>/pglite`.
   * `memory://` gives a throwaway in-memory database (tests).
   */
  dataDir?: string;
  /** A schema instead of `public` (tests, several tenants in one database). */
  schema?: string;
  /** `DATABASE_POOL_SIZE` (PostgreSQL only). */
  poolSize?: number;
  logger?: Logger;
  /** First-connection timeout for PostgreSQL (default 5 s). */
  connectTimeoutMs?: number;
  /** A migrations folder other than the packaged one (tests). */
  migrationsDir?: string;
  clock?: Clock;
}

/** Where PGlite keeps its files for a given data dir. */
export function pgliteDir(dataDir: string): string {
  return dataDir.startsWith('memory://') ? 'memory://' : join(dataDir, 'pglite');
}

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set (an unreachable one throws
 * CONFIG_UNREACHABLE within about `connectTimeoutMs`), else PGlite; then applies pending
 * migrations and, on PostgreSQL with TimescaleDB available, the hypertable step.
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const logger = opts.logger ?? silentLogger;
  const db: Db = opts.databaseUrl
    ? await openPgDb({
        url: opts.databaseUrl,
        schema: opts.schema,
        poolSize: opts.poolSize,
        connectTimeoutMs: opts.connectTimeoutMs,
        logger,
      })
    : await openPgliteDb({ dataDir: pgliteDir(opts.dataDir ?? './data'), schema: opts.schema, logger });
  try {
    const m = await migrate(db, { dir: opts.migrationsDir, logger });
    const timescale = await applyTimescale(db, logger);
    logger.info('store ready', { kind: db.kind, version: m.current, applied: m.applied.length, timescale });
    return createSqlStore(db, { timescale, clock: opts.clock });
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
