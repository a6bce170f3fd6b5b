import { mkdirSync } from 'node:fs';
import { PGlite, type SerializerOptions, type Transaction } from '@electric-sql/pglite';
import { LoadLensError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { createMutex, type Db, sqlState, storeError } from './db.js';
import { BINARY_ARRAY_OIDS } from './pg-binary.js';
import { type SeedOptions, seedDataDir } from './pglite-seed.js';
import { quoteSchema } from './schema-name.js';

/** Anything that can run a query: the PGlite instance itself or an open transaction. */
type Runner = Pick<Transaction, 'query' | 'exec'>;

export interface PgliteDbOptions {
  /** A directory for the database files, or `memory://` for a throwaway in-memory database. */
  dataDir: string;
  /** Use this schema instead of `public` (created when missing). */
  schema?: string;
  /**
   * Where the shipped seed of a fresh data dir comes from (tests); `false` runs initdb for an
   * empty, unmigrated database (migration tests). See `pglite-seed.ts`.
   */
  seed?: false | Omit<SeedOptions, 'logger'>;
  logger?: Logger;
}

/**
 * PostgreSQL's default 128 MB of shared buffers is touched at start and costs as much RSS;
 * one embedded connection writing a run at a time needs far less.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/**
 * Serializers that pass binary-encoded arrays through untouched (PGlite otherwise formats
 * every parameter as text by its inferred type). Other values keep the default serializer.
 */
function binarySerializers(pg: PGlite): SerializerOptions {
  const out: SerializerOptions = {};
  for (const oid of BINARY_ARRAY_OIDS) {
    const fallback = pg.serializers[oid];
    const serialize = (x: unknown) => (x instanceof Uint8Array ? x : fallback ? fallback(x) : String(x));
    // PGlite's type says "string", but its bind step sends a Uint8Array as a binary parameter.
    out[oid] = serialize as (x: unknown) => string;
  }
  return out;
}

function wrap(kind: 'pglite', runner: Runner, serializers: SerializerOptions): Db {
  const self: Db = {
    kind,
    async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
      const binary = params.some((p) => p instanceof Uint8Array);
      try {
        const res = await runner.query<T>(sql, params, binary ? { serializers } : undefined);
        return res.rows;
      } catch (err) {
        throw storeError(err, 'query failed');
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await runner.exec(sql);
      } catch (err) {
        throw storeError(err, 'script failed');
      }
    },
    // Already inside a transaction: join it.
    tx: (fn) => fn(self),
    close: async () => {
      throw new LoadLensError('INTERNAL', 'close() called on a transaction handle');
    },
  };
  return self;
}

/**
 * Embedded PostgreSQL (PGlite, WebAssembly). It has one connection, so a promise-chain
 * mutex serialises every query and whole transactions: a caller's statements never land
 * inside another caller's open transaction.
 */
export async function openPgliteDb(opts: PgliteDbOptions): Promise<Db> {
  const memory = opts.dataDir.startsWith('memory://');
  let pg: PGlite;
  try {
    if (!memory) {
      mkdirSync(opts.dataDir, { recursive: true });
      if (opts.seed !== false)
        await seedDataDir(opts.dataDir, { ...opts.seed, logger: opts.logger ?? silentLogger });
    }
    pg = await PGlite.create(memory ? 'memory://' : opts.dataDir, { startParams: START_PARAMS });
  } catch (cause) {
    throw new LoadLensError('STORE_ERROR', `cannot open the embedded database in ${opts.dataDir}`, { cause });
  }
  if (opts.schema) {
    // One connection, so a session-wide search_path is exactly "this store's schema".
    try {
      const q = quoteSchema(opts.schema);
      await pg.exec(`CREATE SCHEMA IF NOT EXISTS ${q}; SET search_path TO ${q}`);
    } catch (err) {
      await pg.close().catch(() => undefined);
      throw storeError(err, `cannot use schema ${opts.schema}`);
    }
  }
  return wrapPglite(pg);
}

/**
 * The `Db` over an open PGlite instance (the store's, or the seed script's). It has one
 * connection, so a promise-chain mutex serialises every query and whole transactions.
 */
export function wrapPglite(pg: PGlite): Db {
  const mutex = createMutex();
  const serializers = binarySerializers(pg);
  const direct = wrap('pglite', pg, serializers);
  let closed = false;
  return {
    kind: 'pglite',
    query: (sql, params) => mutex.run(() => direct.query(sql, params)),
    exec: (sql) => mutex.run(() => direct.exec(sql)),
    tx: (fn) =>
      mutex.run(() =>
        pg
          .transaction((t) => fn(wrap('pglite', t, serializers)))
          .catch((err: unknown) => {
            // BEGIN/COMMIT failures arrive as raw driver errors; errors thrown by `fn` pass unchanged.
            throw sqlState(err) && !(err instanceof LoadLensError)
              ? storeError(err, 'transaction failed')
              : err;
          }),
      ),
    close: () =>
      mutex.run(async () => {
        if (closed) return;
        closed = true;
        await pg.close();
      }),
  };
}
