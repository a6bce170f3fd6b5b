import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineContext } from '../../../src/pipeline/engine-context.js';
import { runReport } from '../../../src/pipeline/report-engine.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import { describeLabAcceptance } from '../../lab/acceptance.js';
import { labContext, labStore } from '../../lab/lab-context.js';
import { lastStep, maxOverStep } from '../../lab/lab-evidence.js';
import { type LabAsk, labRequest } from '../../lab/lab-requests.js';
import { recordLab } from '../../lab/record-lab.js';
import { runLabs } from '../../lab/run-labs.js';
import { type Lab, startLab } from '../../lab/start-lab.js';
import type { LabTruth } from '../../lab/truth.js';

/**
 * The real-exporter lab (issue 13): real programs under real load, scraped every second by
 * a real Prometheus, and the load tools' own figures as the truth. Reports of each lab's
 * window (zero-config, and named by the service's job) must agree with the tool.
 */
const LAB_MS = 6 * 60_000;
let lab: Lab | undefined;
let ctx: EngineContext | undefined;
const truths = new Map<LabTruth['lab'], LabTruth>();

beforeAll(async () => {
  const t0 = Date.now();
  lab = await startLab();
  const up = Date.now() - t0;
  for (const t of await runLabs(lab)) truths.set(t.lab, t);
  ctx = labContext(createPrometheusSource({ url: lab.prom.url }), await labStore());
  // LOADLENS_LAB_RECORD=1 also refreshes tests/fixtures/real (as scripts/record-lab.ts does).
  if (process.env.LOADLENS_LAB_RECORD === '1') {
    for (const t of truths.values()) await recordLab(t, lab.prom.url, ctx.store, { raw: true });
  }
  process.stdout.write(
    `[lab] up in ${(up / 1000).toFixed(1)} s, lab done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}, LAB_MS);

afterAll(async () => {
  await ctx?.store.close();
  await lab?.stop();
});

function truthOf(name: LabTruth['lab']): () => LabTruth {
  return () => {
    const t = truths.get(name);
    if (!t) throw new Error(`lab ${name} did not run`);
    return t;
  };
}

async function report(truth: LabTruth, ask: LabAsk = {}) {
  if (!ctx) throw new Error('the lab did not start');
  return (await runReport(ctx, labRequest(truth, ask))).report;
}

describeLabAcceptance('postgres-pgbench', truthOf('postgres-pgbench'), report);
describeLabAcceptance('node-autocannon', truthOf('node-autocannon'), report);
describeLabAcceptance('flask-hey', truthOf('flask-hey'), report);

describe('the lab saturates where it claims to (Prometheus and the tools, not the engine)', () => {
  it('pgbench: transactions queue on row locks at the top step', async () => {
    const t = truthOf('postgres-pgbench')();
    // Waiters on a locked row each hold a tuple ExclusiveLock request in pg_locks.
    const locks = await maxOverStep(
      lab?.prom.url ?? '',
      'sum(pg_locks_count{job="postgres",datname="postgres",mode="exclusivelock"})',
      lastStep(t),
    );
    expect(locks).toBeGreaterThanOrEqual(2);
  });

  it('orders-node: requests queue for the pg pool at the top step', async () => {
    const t = truthOf('node-autocannon')();
    const waiting = await maxOverStep(
      lab?.prom.url ?? '',
      'sum(pg_pool_waiting{job="orders-node"})',
      lastStep(t),
    );
    expect(waiting).toBeGreaterThanOrEqual(1);
  });

  it('flask-app: its process burns most of one core (the GIL) at the top step', async () => {
    const t = truthOf('flask-hey')();
    const cores = await maxOverStep(
      lab?.prom.url ?? '',
      'sum(rate(process_cpu_seconds_total{job="flask-app"}[5s]))',
      lastStep(t),
    );
    expect(cores).toBeGreaterThanOrEqual(0.6);
  });
});
