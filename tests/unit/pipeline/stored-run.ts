import type { NewRun, Store } from '../../../src/store/store.js';

let seq = 0;

/** Saves a minimal passing run (delivery records belong to one); returns its id. */
export async function storedRun(store: Store, prefix = 'run'): Promise<string> {
  const id = `${prefix}-${++seq}`;
  const from = new Date(Date.UTC(2026, 0, 1, 10));
  const to = new Date(Date.UTC(2026, 0, 1, 11));
  const timings = { fetch: 1, analyse: 1, render: 1, total: 3 };
  const report = {
    runId: id,
    name: id,
    service: null,
    window: { from: from.toISOString(), to: to.toISOString() },
    verdict: 'pass' as const,
    peak: null,
    steps: [],
    slo: [],
    domains: [],
    charts: [],
    timingsMs: timings,
  };
  await store.saveRun({
    id,
    name: id,
    service: null,
    from,
    to,
    verdict: 'pass',
    peak: null,
    timings,
    report: report as unknown as NewRun['report'],
    domains: [],
    series: [],
  });
  return id;
}
