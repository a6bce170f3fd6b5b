import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assetPath } from '../core/assets.js';
import { LoadLensError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { Db } from './db.js';

/**
 * Advisory lock key held while migrating ("LLMG"). Transaction-scoped, so a crashed
 * migrator never leaves it held; every schema shares it (migrations are rare and short).
 */
export const MIGRATION_LOCK_KEY = 0x4c4c4d47;

/** One migration file: `NNN_name.sql`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export interface MigrateOptions {
  /** Folder of `NNN_name.sql` files (default: the packaged `src/store/migrations`). */
  dir?: string;
  logger?: Logger;
}

export interface MigrateResult {
  /** Versions this call applied (empty when already up to date or another process did it). */
  applied: number[];
  /** The highest applied version afterwards. */
  current: number;
}

const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** The packaged migrations folder (works from src/ and dist/). */
export function defaultMigrationsDir(): string {
  return assetPath('src', 'store', 'migrations');
}

/** Reads and orders the migration files; rejects stray names and duplicate versions. */
export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  } catch (cause) {
    throw new LoadLensError('MIGRATION_FAILED', `cannot read migrations in ${dir}`, {
      cause,
      retryable: false,
    });
  }
  const out: Migration[] = [];
  for (const file of names) {
    const m = FILE.exec(file);
    if (!m) {
      throw new LoadLensError(
        'MIGRATION_FAILED',
        `migration file ${file}: name must look like 001_name.sql`,
        {
          retryable: false,
        },
      );
    }
    out.push({ version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, file), 'utf8') });
  }
  out.sort((a, b) => a.version - b.version);
  for (let i = 1; i < out.length; i++) {
    if (out[i]!.version === out[i - 1]!.version) {
      throw new LoadLensError('MIGRATION_FAILED', `two migrations have version ${out[i]!.version}`, {
        retryable: false,
      });
    }
  }
  return out;
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version     int PRIMARY KEY,
  name        text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
)`;

/**
 * Brings the schema up to date. Each pending migration runs in its own transaction with
 * its `schema_migrations` row, under `pg_advisory_xact_lock`, and re-checks under the lock
 * whether it is still pending: concurrent migrators (several replicas starting at once)
 * apply every version exactly once, and a failing migration leaves nothing behind.
 */
export async function migrate(db: Db, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const logger = opts.logger ?? silentLogger;
  const migrations = loadMigrations(opts.dir);
  await db.tx(async (t) => {
    await t.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await t.exec(BOOKKEEPING);
  });
  const applied: number[] = [];
  for (const m of migrations) {
    const did = await db.tx(async (t) => {
      await t.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = await t.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (done.length > 0) return false;
      try {
        await t.exec(m.sql);
      } catch (cause) {
        const msg = cause instanceof Error ? cause.message : String(cause);
        throw new LoadLensError('MIGRATION_FAILED', `migration ${fileName(m)} failed: ${msg}`, {
          cause,
          retryable: false,
        });
      }
      await t.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (did) {
      applied.push(m.version);
      logger.info('migration applied', { version: m.version, name: m.name });
    }
  }
  const [row] = await db.query<{ current: number | null }>(
    'SELECT max(version) AS current FROM schema_migrations',
  );
  return { applied, current: row?.current ?? 0 };
}

function fileName(m: Migration): string {
  return `${String(m.version).padStart(3, '0')}_${m.name}.sql`;
}
