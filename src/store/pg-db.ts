import pg from 'pg';
import { LoadLensError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { type Db, SQLSTATE, sqlState, storeError } from './db.js';
import { parseDatabaseUrl, scrubSecret } from './pg-url.js';
import { quoteSchema } from './schema-name.js';

export interface PgDbOptions {
  /** A `postgres://` URL; `sslmode` and friends are honoured (see `parseDatabaseUrl`). */
  url: string;
  /** Every pooled connection gets `search_path` = this schema, created when missing. */
  schema?: string;
  /** Pool size (default 10). */
  poolSize?: number;
  /** How long the first connection may take before CONFIG_UNREACHABLE (default 5 s). */
  connectTimeoutMs?: number;
  logger?: Logger;
  /** Reads `sslrootcert`/`sslcert`/`sslkey` files (tests inject). */
  readFile?: (path: string) => string;
}

/** int8 as a JS number, like PGlite does, so both adapters return the same shapes. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (v: string) => Number(v);
    // biome-ignore lint/suspicious/noExplicitAny: pg's overloads cannot be expressed without it
    return pg.types.getTypeParser(oid, format as any);
  },
};

/** Buffers are what node-postgres sends as binary parameters. */
function toDriverParams(params: unknown[] | undefined): unknown[] | undefined {
  if (!params) return undefined;
  return params.map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p,
  );
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function runner(q: Queryable) {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      try {
        const res = await q.query(sql, toDriverParams(params));
        return res.rows as T[];
      } catch (err) {
        throw storeError(err, 'query failed');
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        // Without parameters node-postgres uses the simple protocol: several statements are fine.
        await q.query(sql);
      } catch (err) {
        throw storeError(err, 'script failed');
      }
    },
  };
}

/**
 * PostgreSQL through a node-postgres pool. Opening checks the connection at once, so a
 * wrong or unreachable DATABASE_URL fails at startup with CONFIG_UNREACHABLE naming only
 * `host:port` (never the password).
 */
export async function openPgDb(opts: PgDbOptions): Promise<Db> {
  const target = parseDatabaseUrl(opts.url, opts.readFile);
  const logger = opts.logger ?? silentLogger;
  // Validated before connecting: the name ends up in DDL and in the connection options.
  const quoted = opts.schema ? quoteSchema(opts.schema) : null;
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    ssl: target.ssl,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'loadlens',
    // A server-side option, so even connections opened later by the pool use the schema.
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    types,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (err) => logger.warn('postgres idle client error', { err }));

  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    await pool.end().catch(() => undefined);
    const reason = describeConnectError(cause, target.secret);
    throw new LoadLensError(
      'CONFIG_UNREACHABLE',
      `DATABASE_URL: cannot connect to ${target.display} (${reason})`,
      {
        cause: new Error(reason),
        details: { target: target.display },
      },
    );
  }
  try {
    if (opts.schema && quoted) await createSchema(client, opts.schema, quoted);
  } catch (err) {
    client.release(true);
    await pool.end().catch(() => undefined);
    throw storeError(err, `cannot create schema ${quoted}`);
  }
  client.release();

  const direct = runner(pool);
  let closed = false;
  return {
    kind: 'postgres',
    query: direct.query,
    exec: direct.exec,
    async tx<T>(fn: (db: Db) => Promise<T>): Promise<T> {
      let c: pg.PoolClient;
      try {
        c = await pool.connect();
      } catch (err) {
        throw storeError(err, 'cannot get a connection');
      }
      const r = runner(c);
      const inTx: Db = { kind: 'postgres', ...r, tx: (inner) => inner(inTx), close: notOnTx };
      try {
        await r.exec('BEGIN');
        const out = await fn(inTx);
        await r.exec('COMMIT');
        c.release();
        return out;
      } catch (err) {
        try {
          await c.query('ROLLBACK');
          c.release();
        } catch (rollbackErr) {
          // The connection is unusable: drop it from the pool instead of returning it.
          c.release(rollbackErr instanceof Error ? rollbackErr : true);
        }
        throw err;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function notOnTx(): Promise<void> {
  throw new LoadLensError('INTERNAL', 'close() called on a transaction handle');
}

async function createSchema(client: pg.PoolClient, name: string, quoted: string): Promise<void> {
  // Look first: a least-privilege role may use an existing schema without the right to create one.
  const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [name]);
  if (found.rowCount) return;
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
  } catch (err) {
    // Two pools creating the same schema at once: the loser sees a duplicate, which is fine.
    const state = sqlState(err);
    if (state !== SQLSTATE.uniqueViolation && state !== SQLSTATE.duplicateSchema) throw err;
  }
}

/** A short reason: the errno code (ECONNREFUSED, ENOTFOUND, …) or the server's message, scrubbed. */
function describeConnectError(err: unknown, secret: string | null): string {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown[] };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const first = Array.isArray(e?.errors) ? (e.errors[0] as { code?: unknown } | undefined) : undefined;
  const nested = typeof first?.code === 'string' ? first.code : undefined;
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  const reason =
    code && !/^[0-9A-Z]{5}$/.test(code) ? code : nested ? nested : code ? `${message} [${code}]` : message;
  return scrubSecret(reason, secret);
}
