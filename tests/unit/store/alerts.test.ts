import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from './pglite-harness.js';

const T = Date.parse('2026-11-20T12:00:00Z');
const at = (min: number) => new Date(T + min * 60_000);

const factory = pgliteFactory();
let store: Store;
beforeAll(async () => {
  ({ store } = await factory.open());
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => {
  await store.close();
  factory.cleanup();
});

async function saveRun(id: string) {
  const report = {
    runId: id,
    name: id,
    service: null,
    window: { from: at(-60).toISOString(), to: at(0).toISOString() },
    verdict: 'pass' as const,
    peak: null,
    steps: [],
    slo: [],
    domains: [],
    charts: [],
    timingsMs: { fetch: 1, analyse: 1, render: 1, total: 3 },
  };
  await store.saveRun({
    id,
    name: id,
    service: null,
    from: at(-60),
    to: at(0),
    verdict: 'pass',
    peak: null,
    timings: report.timingsMs,
    report,
    domains: [],
    series: [],
  });
}

describe('alert incidents on PGlite', () => {
  it('lets exactly one of several concurrent notifications claim a group', async () => {
    const claims = await Promise.all(
      ['e1', 'e2', 'e3', 'e4'].map((by) =>
        store.alertIncidents.open({ groupKey: 'race', startsAt: at(-10), by, now: at(0) }),
      ),
    );
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    expect(new Set(claims.map((c) => c.incident.id)).size).toBe(1);
    // The owner's retry still owns it; the start moves to the earliest seen.
    const owner = claims.find((c) => c.claimed)?.incident.openedBy as string;
    const again = await store.alertIncidents.open({
      groupKey: 'race',
      startsAt: at(-20),
      by: owner,
      now: at(1),
    });
    expect(again.claimed).toBe(true);
    expect(again.incident.startsAt.getTime()).toBe(at(-20).getTime());
  });

  it('records runs, resolves once, and opens a new incident afterwards', async () => {
    await saveRun('run-first');
    await saveRun('run-final');
    const { incident } = await store.alertIncidents.open({
      groupKey: 'life',
      startsAt: at(-5),
      by: 'a',
      now: at(0),
    });
    await store.alertIncidents.setRun(incident.id, 'first', 'run-first', at(1));
    const open = await store.alertIncidents.latest('life');
    expect(open).toMatchObject({ state: 'open', firstRunId: 'run-first', lastRunId: 'run-first' });
    expect(
      await store.alertIncidents.resolve(incident.id, { by: 'r', finalRunId: 'run-final', at: at(9) }),
    ).toBe(true);
    expect(await store.alertIncidents.resolve(incident.id, { by: 'r2', finalRunId: null, at: at(10) })).toBe(
      false,
    );
    const closed = await store.alertIncidents.latest('life');
    expect(closed).toMatchObject({ state: 'resolved', resolvedBy: 'r', finalRunId: 'run-final' });
    expect(closed?.resolvedAt?.getTime()).toBe(at(9).getTime());
    const next = await store.alertIncidents.open({
      groupKey: 'life',
      startsAt: at(20),
      by: 'b',
      now: at(20),
    });
    expect(next.claimed).toBe(true);
    expect(next.incident.id).not.toBe(incident.id);
    expect((await store.alertIncidents.latest('life'))?.id).toBe(next.incident.id);
  });

  it('hands a stale claim without a first post to the next notification, and abandons failed ones', async () => {
    await store.alertIncidents.open({ groupKey: 'stale', startsAt: at(0), by: 'dead', now: at(0) });
    const early = await store.alertIncidents.open({
      groupKey: 'stale',
      startsAt: at(0),
      by: 'x',
      now: at(5),
      staleBefore: at(-5),
    });
    expect(early.claimed).toBe(false);
    const late = await store.alertIncidents.open({
      groupKey: 'stale',
      startsAt: at(0),
      by: 'x',
      now: at(15),
      staleBefore: at(5),
    });
    expect(late.claimed).toBe(true);
    expect(late.incident.openedBy).toBe('x');
    // Only the owner can abandon, and only before its first post.
    await store.alertIncidents.abandon(late.incident.id, 'dead');
    expect(await store.alertIncidents.latest('stale')).not.toBeNull();
    await store.alertIncidents.abandon(late.incident.id, 'x');
    expect(await store.alertIncidents.latest('stale')).toBeNull();
  });

  it('creates an incident already resolved for a group never seen firing', async () => {
    const inc = await store.alertIncidents.openResolved({
      groupKey: 'ghost',
      startsAt: at(-3),
      by: 'r',
      at: at(0),
    });
    expect(inc).toMatchObject({ state: 'resolved', resolvedBy: 'r', openedBy: 'r' });
    // It does not block a later firing.
    expect(
      (await store.alertIncidents.open({ groupKey: 'ghost', startsAt: at(1), by: 'f', now: at(1) })).claimed,
    ).toBe(true);
  });
});
