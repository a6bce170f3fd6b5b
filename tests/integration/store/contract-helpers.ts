import { expect } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import type { Db } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';

/** How a backend under test provides stores and raw connections. */
export interface StoreHarness {
  kind: 'pglite' | 'postgres';
  /** A freshly migrated store in its own namespace, plus a raw Db on that same namespace. */
  open(): Promise<{ store: Store; db: Db }>;
  /** A raw Db on a fresh, empty namespace (nothing migrated). */
  openEmptyDb(): Promise<Db>;
}

/** Shared by the contract parts; `store` and `db` are set in `beforeAll`, read inside tests. */
export interface ContractContext {
  h: StoreHarness;
  store: Store;
  db: Db;
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

export async function expectCode(
  p: Promise<unknown>,
  code: Parameters<typeof isLoadLensError>[1],
): Promise<void> {
  const err = await rejection(p);
  expect(isLoadLensError(err, code), `expected ${code}, got ${String(err)}`).toBe(true);
}

/** `SELECT count(*) FROM <from>` as a number. */
export const count = async (db: Db, from: string, params: unknown[] = []) =>
  (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from}`, params))[0]!.n;
