import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createMutex, type Db, sqlState } from '../../../src/store/db.js';
import { float8Array, int8Array, timestamptzArray } from '../../../src/store/pg-binary.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from './pglite-harness.js';

const factory = pgliteFactory();
let db: Db;
beforeAll(async () => {
  db = await factory.openEmptyDb();
  await db.exec('CREATE TABLE log (n serial PRIMARY KEY, who text NOT NULL)');
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => {
  await db?.close();
  factory.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('binary array parameters', () => {
  it('round-trip float8 (NaN as NULL, infinities kept), timestamptz and int8', async () => {
    const values = [1.5, Number.NaN, -0.1, Number.POSITIVE_INFINITY, 1e-310, 42];
    const rows = await db.query<{ v: number | null }>('SELECT v FROM unnest($1::float8[]) AS u (v)', [
      float8Array(values),
    ]);
    expect(rows.map((r) => r.v)).toEqual([1.5, null, -0.1, Number.POSITIVE_INFINITY, 1e-310, 42]);

    const ms = [
      0,
      Date.UTC(1999, 11, 31, 23, 59, 59, 999),
      Date.UTC(2025, 5, 1, 12, 0, 0, 123),
      1_700_000_000_000.5,
    ];
    const ts = await db.query<{ t: Date; e: number }>(
      'SELECT t, (extract(epoch FROM t) * 1000)::float8 AS e FROM unnest($1::timestamptz[]) AS u (t)',
      [timestamptzArray(ms)],
    );
    expect(ts.map((r) => r.e)).toEqual(ms);
    expect(ts[2]!.t.toISOString()).toBe('2025-06-01T12:00:00.123Z');

    const ints = await db.query<{ i: number }>('SELECT i FROM unnest($1::int8[]) AS u (i)', [
      int8Array([1, 2 ** 40, -7]),
    ]);
    expect(ints.map((r) => r.i)).toEqual([1, 2 ** 40, -7]);
    // A slice encodes only its range.
    const part = await db.query<{ n: number }>('SELECT cardinality($1::float8[]) AS n', [
      float8Array(values, 2, 5),
    ]);
    expect(part[0]!.n).toBe(3);
  });
});

describe('PGlite Db', () => {
  it('serialises transactions and plain queries so they never interleave', async () => {
    await db.exec('TRUNCATE log RESTART IDENTITY');
    const a = db.tx(async (t) => {
      await t.query("INSERT INTO log (who) VALUES ('a')");
      await sleep(40);
      await t.query("INSERT INTO log (who) VALUES ('a')");
    });
    const b = db.tx(async (t) => {
      await t.query("INSERT INTO log (who) VALUES ('b')");
      await t.query("INSERT INTO log (who) VALUES ('b')");
    });
    const c = db.query("INSERT INTO log (who) VALUES ('c')");
    await Promise.all([a, b, c]);
    const rows = await db.query<{ who: string }>('SELECT who FROM log ORDER BY n');
    expect(rows.map((r) => r.who).join('')).toBe('aabbc');
  });

  it('rolls back when the callback throws and rethrows the same error', async () => {
    await db.exec('TRUNCATE log RESTART IDENTITY');
    const boom = new Error('boom');
    const err = await db
      .tx(async (t) => {
        await t.query("INSERT INTO log (who) VALUES ('x')");
        throw boom;
      })
      .catch((e: unknown) => e);
    expect(err).toBe(boom);
    expect(await db.query('SELECT * FROM log')).toEqual([]);
    // Nested tx joins the outer one: both inserts or neither.
    await db.tx((t) => t.tx((u) => u.query("INSERT INTO log (who) VALUES ('y')")));
    expect((await db.query('SELECT who FROM log')).length).toBe(1);
  });

  it('wraps driver errors as STORE_ERROR with the SQLSTATE kept', async () => {
    const err = await db.query('SELEC 1').catch((e: unknown) => e);
    expect(isLoadLensError(err, 'STORE_ERROR')).toBe(true);
    expect(sqlState(err)).toBe('42601');
    const dup = await db
      .tx(async (t) => {
        await t.query('INSERT INTO log (n, who) VALUES (1000, $1)', ['d']);
        await t.query('INSERT INTO log (n, who) VALUES (1000, $1)', ['d']);
      })
      .catch((e: unknown) => e);
    expect(sqlState(dup)).toBe('23505');
    // The connection is usable afterwards.
    expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});

describe('createMutex', () => {
  it('runs tasks one at a time in call order, surviving failures', async () => {
    const m = createMutex();
    const seen: string[] = [];
    const task = (id: string, ms: number, fail = false) =>
      m.run(async () => {
        seen.push(`${id}>`);
        await sleep(ms);
        seen.push(`<${id}`);
        if (fail) throw new Error(id);
        return id;
      });
    const results = await Promise.allSettled([task('1', 20), task('2', 1, true), task('3', 5)]);
    expect(seen).toEqual(['1>', '<1', '2>', '<2', '3>', '<3']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
