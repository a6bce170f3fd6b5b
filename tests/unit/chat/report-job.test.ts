import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { reportJob } from '../../../src/pipeline/jobs/report.job.js';
import { PGLITE_HOOK_TIMEOUT } from '../store/pglite-harness.js';
import { chatServices, NOW } from './chat-services.js';

let env: Awaited<ReturnType<typeof chatServices>>;
beforeEach(async () => {
  env = await chatServices();
}, PGLITE_HOOK_TIMEOUT);
afterEach(async () => env.close());

describe('report job retried after its run was stored', () => {
  it('draws the missing charts from the stored series and queues delivery once', async () => {
    const from = NOW - 3_600_000;
    const t = Array.from({ length: 240 }, (_, i) => from + i * 15_000);
    const report = {
      runId: '',
      name: 'retried',
      service: null,
      window: { from: new Date(from).toISOString(), to: new Date(NOW).toISOString() },
      verdict: 'pass',
      peak: null,
      steps: [],
      slo: [],
      domains: [],
      charts: [],
      timingsMs: { fetch: 1, analyse: 1, render: 1, total: 3 },
    } satisfies ReportJson;
    const run = await env.services.store.saveRun({
      name: 'retried',
      service: null,
      from: new Date(from),
      to: new Date(NOW),
      verdict: 'pass',
      peak: null,
      timings: report.timingsMs,
      report,
      domains: [],
      series: [
        {
          key: 'load.rps.a',
          domain: 'load',
          panel: 'rps',
          name: 'rps',
          unit: 'rps',
          labels: {},
          t,
          v: t.map((_, i) => 50 + (i >> 5) * 20),
        },
        {
          key: 'load.users.a',
          domain: 'load',
          panel: 'users',
          name: 'vus',
          unit: 'count',
          labels: {},
          t,
          v: t.map((_, i) => 10 + (i >> 5) * 4),
        },
      ],
    });
    expect(await env.services.store.delivery.listCharts(run.id)).toHaveLength(0);
    const job = reportJob(env.services);
    const payload = {
      runId: run.id,
      address: { platform: 'telegram' as const, chatId: '-100' },
      user: { id: 'u1' },
      locale: 'en' as const,
      tz: 'UTC',
      service: null,
      fromMs: from,
      toMs: NOW,
    };
    const signal = new AbortController().signal;
    await job({ id: 'j1', kind: 'report', payload, attempt: 2, signal, progress: async () => undefined });
    const charts = await env.services.store.delivery.listCharts(run.id);
    expect(charts.map((c) => c.id)).toContain('load_throughput');
    expect(charts[0]?.png.subarray(1, 4).toString()).toBe('PNG');
    expect(await env.services.queue.getState(`deliver-${run.id}-telegram:-100`)).not.toBe('unknown');
  });
});
