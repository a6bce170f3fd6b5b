import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { startDeliveryRetention } from '../../../src/app/delivery-retention.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { Db } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from './pglite-harness.js';

const factory = pgliteFactory();
let db: Db;
let store: Store;
const NOW = Date.UTC(2026, 11, 1, 12);
const DAY = 86_400_000;

beforeAll(async () => {
  ({ db, store } = await factory.open());
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => {
  await db?.close();
  factory.cleanup();
});

async function aRun(): Promise<string> {
  const report = {
    runId: '',
    name: 'r',
    service: null,
    window: { from: new Date(NOW - 3_600_000).toISOString(), to: new Date(NOW).toISOString() },
    verdict: 'pass',
    peak: null,
    steps: [],
    slo: [],
    domains: [],
    charts: [],
    timingsMs: { fetch: 1, analyse: 1, render: 1, total: 3 },
  } satisfies ReportJson;
  const run = await store.saveRun({
    name: 'r',
    service: null,
    from: new Date(NOW - 3_600_000),
    to: new Date(NOW),
    verdict: 'pass',
    peak: null,
    timings: report.timingsMs,
    report,
    domains: [],
    series: [],
  });
  return run.id;
}

describe('delivery retention', () => {
  it('a worker trims delivery records older than DELIVERY_KEEP_DAYS and keeps the recent ones', async () => {
    const run = await aRun();
    for (const step of ['album', 'summary', 'progress'])
      await store.delivery.putStep(run, 'telegram:-100', step, []);
    // Two records from 40 and 31 days ago, one from yesterday.
    const age = (step: string, days: number) =>
      db.query('UPDATE deliveries SET created_at = $1 WHERE run_id = $2 AND step = $3', [
        new Date(NOW - days * DAY),
        run,
        step,
      ]);
    await age('album', 40);
    await age('summary', 31);
    await age('progress', 1);
    const config = loadConfig({ env: { DELIVERY_KEEP_DAYS: '30' } });
    const retention = startDeliveryRetention({ store, config, clock: fixedClock(NOW), logger: silentLogger });
    await retention.stop();
    expect(await store.delivery.getStep(run, 'telegram:-100', 'album')).toBeNull();
    expect(await store.delivery.getStep(run, 'telegram:-100', 'summary')).toBeNull();
    expect(await store.delivery.getStep(run, 'telegram:-100', 'progress')).toEqual([]);
    expect(await store.retention.trimDeliveries(new Date(NOW - 30 * DAY))).toBe(0);
  });
});
