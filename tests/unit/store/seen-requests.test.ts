import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/store/db.js';
import { SEEN_REQUEST_TTL_MS, type SeenRequestStore } from '../../../src/store/seen-requests.repo.js';
import { createSqlStore } from '../../../src/store/sql-store.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from './pglite-harness.js';

const factory = pgliteFactory();
let db: Db;
let seen: SeenRequestStore;
let now = Date.UTC(2026, 11, 1, 12);

beforeAll(async () => {
  db = (await factory.open()).db;
  seen = createSqlStore(db, { clock: { now: () => now } }).seenRequests;
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => {
  await db?.close();
  factory.cleanup();
});

describe('seen requests (replay guard)', () => {
  it('of 20 concurrent claims of one key exactly one wins; other keys are independent', async () => {
    const wins = await Promise.all(Array.from({ length: 20 }, () => seen.claim('slack:abc')));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await seen.claim('slack:abc')).toBe(false);
    expect(await seen.claim('slack:other')).toBe(true);
  });

  it('forgets a key once it is older than the TTL (trimmed on a later claim)', async () => {
    now += SEEN_REQUEST_TTL_MS + 10 * 60_000;
    expect(await seen.claim('slack:fresh')).toBe(true);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM seen_requests');
    expect(row?.n).toBe(1);
    expect(await seen.claim('slack:abc')).toBe(true);
  });
});
