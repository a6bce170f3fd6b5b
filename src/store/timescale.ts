import { readFileSync } from 'node:fs';
import { assetPath } from '../core/assets.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { Db } from './db.js';
import { MIGRATION_LOCK_KEY } from './migrate.js';

/** The conditional TimescaleDB step (not a numbered migration: it depends on the server). */
export function timescaleSqlPath(): string {
  return assetPath('src', 'store', 'extensions', 'timescaledb.sql');
}

/** True when the server could install TimescaleDB. */
export async function timescaleAvailable(db: Db): Promise<boolean> {
  const rows = await db.query("SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'");
  return rows.length > 0;
}

/**
 * Turns `points` into a hypertable when TimescaleDB is available; returns whether it is
 * in use. Failure (e.g. the library is not preloaded) is logged and leaves plain tables,
 * which work the same, only slower on very large histories.
 */
export async function applyTimescale(db: Db, logger: Logger = silentLogger): Promise<boolean> {
  if (db.kind === 'pglite' || !(await timescaleAvailable(db))) return false;
  const sql = readFileSync(timescaleSqlPath(), 'utf8');
  try {
    await db.tx(async (t) => {
      await t.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await t.exec(sql);
    });
    return true;
  } catch (err) {
    logger.warn('timescaledb available but not usable; keeping plain tables', { err });
    return false;
  }
}
