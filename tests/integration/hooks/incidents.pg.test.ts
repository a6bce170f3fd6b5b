import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { openSchemaStore } from '../../harness/pg-schema.js';

// Incident claims on PostgreSQL, where concurrent notifications really run in parallel.
let store: Store;
let closeStore: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const opened = await openSchemaStore('alerts', 8);
  store = opened.store;
  closeStore = opened.close;
});
afterAll(async () => {
  await closeStore?.();
});

describe('alert incidents on PostgreSQL', () => {
  it('lets exactly one of 40 concurrent notifications claim the group', async () => {
    const now = new Date();
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        store.alertIncidents.open({
          groupKey: 'pg-race',
          startsAt: new Date(now.getTime() - i * 1000),
          by: `e${i}`,
          now,
        }),
      ),
    );
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    expect(new Set(claims.map((c) => c.incident.id)).size).toBe(1);
    const latest = await store.alertIncidents.latest('pg-race');
    // Every caller moved the start to the earliest it saw.
    expect(latest?.startsAt.getTime()).toBe(now.getTime() - 39_000);
  });

  it('opens a fresh incident when racing with a resolution', async () => {
    const now = new Date();
    const { incident } = await store.alertIncidents.open({
      groupKey: 'pg-flap',
      startsAt: now,
      by: 'a',
      now,
    });
    const [resolved, reopened] = await Promise.all([
      store.alertIncidents.resolve(incident.id, { by: 'r', finalRunId: null, at: now }),
      store.alertIncidents.open({ groupKey: 'pg-flap', startsAt: now, by: 'b', now }),
    ]);
    expect(resolved).toBe(true);
    // Either b saw a's incident still open (and does not own it) or it opened a new one.
    if (reopened.claimed) expect(reopened.incident.id).not.toBe(incident.id);
    else expect(reopened.incident.id).toBe(incident.id);
  });
});
