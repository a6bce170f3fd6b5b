import { asStoreUnavailable } from '../core/connection-errors.js';
import { LoadLensError } from '../core/errors.js';

/**
 * The smallest database surface the store needs, so one store implementation runs on
 * node-postgres (a pool) and on embedded PGlite (a single connection).
 *
 * Parameters are bound, never interpolated. A `Uint8Array` parameter is sent in
 * PostgreSQL's binary format: bulk inserts use it for float8[]/timestamptz[]/int8[] arrays
 * (see `pg-binary.ts`), which is several times faster than the text format on PGlite.
 */
export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /** One statement with `$n` parameters; returns its rows. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A multi-statement script without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws (the
   * error is rethrown unchanged). Inside `fn` use only the `Db` it receives; calling `tx`
   * on that one joins the same transaction.
   */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The SQLSTATE of a driver error, looking through LoadLensError causes. */
export function sqlState(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Well-known SQLSTATEs the store reacts to. */
export const SQLSTATE = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  duplicateSchema: '42P06',
} as const;

/**
 * Wraps a driver error into STORE_ERROR, keeping the driver error (and its SQLSTATE) as `cause`;
 * a lost or refused connection becomes STORE_UNAVAILABLE, which the queue retries through an outage.
 */
export function storeError(err: unknown, what: string): LoadLensError {
  if (err instanceof LoadLensError) return err;
  const outage = asStoreUnavailable(err, what);
  if (outage) return outage;
  const msg = err instanceof Error ? err.message : String(err);
  const state = sqlState(err);
  return new LoadLensError('STORE_ERROR', `${what}: ${msg}`, {
    cause: err,
    ...(state ? { details: { sqlstate: state } } : {}),
  });
}

/** A promise-chain mutex: `run` calls execute one after another, never interleaved. */
export function createMutex(): { run<T>(fn: () => Promise<T>): Promise<T> } {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      const result = tail.then(fn);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
