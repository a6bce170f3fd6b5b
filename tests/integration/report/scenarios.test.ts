import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReportJson, Verdict } from '../../../src/analysis/report.types.js';
import type { EngineContext } from '../../../src/pipeline/engine-context.js';
import { runReport } from '../../../src/pipeline/report-engine.js';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { engineContext } from './engine-context.js';

/**
 * The acceptance test of the report engine: every simulator scenario, backfilled into real
 * Prometheus, gives the verdict, the peak (±8%) and the bottleneck domain of its truth.
 * No SLOs are given, so the verdict comes from findings alone: an overloaded system (errors
 * above 5% on a plateau) fails, a leak or growing lag is a risk, head-room passes.
 */
const EXPECTED_VERDICT: Record<string, Verdict> = {
  step_db_pool: 'fail',
  step_cpu: 'fail',
  step_gc: 'fail',
  step_kafka: 'risk',
  step_none: 'pass',
  soak_leak: 'risk',
};

let ctx: EngineContext;
beforeAll(async () => {
  ctx = await engineContext();
});
afterAll(async () => {
  await ctx?.store.close();
});

async function report(truth: GroundTruth, slos: string[] = []): Promise<ReportJson> {
  const out = await runReport(ctx, {
    fromMs: truth.startMs,
    toMs: truth.endMs,
    selector: `scenario="${truth.scenario}"`,
    slos,
    charts: false,
  });
  return out.report;
}

describe('report engine on simulated scenarios in real Prometheus', () => {
  const scenarios = inject('scenarios');
  for (const [name, verdict] of Object.entries(EXPECTED_VERDICT)) {
    it(`${name}: verdict ${verdict}, peak and bottleneck as simulated`, async () => {
      const truth = scenarios[name];
      expect(truth, `scenario ${name} in the harness`).toBeDefined();
      const r = await report(truth as GroundTruth);
      const detail = JSON.stringify({
        verdict: r.verdict,
        peak: r.peak,
        truthPeak: truth?.peak,
        bottleneck: r.bottleneck,
        findings: r.domains.flatMap((d) => d.findings.map((f) => `${d.id}:${f.severity}:${f.title}`)),
      });
      expect(r.verdict, detail).toBe(verdict);
      expect(r.bottleneck ?? null, detail).toBe(truth?.bottleneckDomain ?? null);
      if (truth?.peak) {
        expect(r.peak, detail).not.toBeNull();
        expect(Math.abs((r.peak?.rps ?? 0) - truth.peak.rps) / truth.peak.rps, detail).toBeLessThanOrEqual(
          0.08,
        );
      }
      for (const d of r.domains) expect(d.status, `${d.id} has data`).not.toBe('no_data');
    });
  }

  it('with SLOs: a system with head-room passes, an overloaded one fails at its top step', async () => {
    const slos = ['p95<500ms', 'error_rate<1%'];
    const none = await report(scenarios.step_none as GroundTruth, slos);
    expect(none.verdict).toBe('pass');
    expect(none.slo.every((s) => s.passed === true)).toBe(true);
    const cpu = await report(scenarios.step_cpu as GroundTruth, [...slos, 'rps>=250']);
    expect(cpu.verdict).toBe('fail');
    expect(cpu.slo.find((s) => s.expr === 'rps>=250')?.passed).toBe(false);
  });

  it('an error burst is found in the window', async () => {
    const r = await report(scenarios.error_burst as GroundTruth);
    const titles = r.domains.flatMap((d) => d.findings.map((f) => f.title.toLowerCase()));
    expect(
      titles.some((t) => t.includes('error')),
      titles.join('; '),
    ).toBe(true);
  });

  it('the JSON contract holds', async () => {
    const r = await report(scenarios.step_gc as GroundTruth, ['p95<500ms']);
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining([
        'runId',
        'name',
        'service',
        'window',
        'verdict',
        'peak',
        'steps',
        'slo',
        'domains',
        'charts',
        'timingsMs',
      ]),
    );
    expect(r.domains.map((d) => d.id)).toEqual(['load', 'http', 'jvm', 'database', 'kafka', 'infra']);
    expect(r.steps.length).toBe(6);
    for (const s of r.steps) {
      expect(Number.isNaN(Date.parse(s.from))).toBe(false);
      expect(typeof s.rps).toBe('number');
      expect(s.errorRate === null || (s.errorRate >= 0 && s.errorRate <= 1)).toBe(true);
    }
    expect(r.timingsMs.total).toBeGreaterThanOrEqual(r.timingsMs.fetch);
    const stored = await ctx.store.getRun(r.runId);
    expect(stored?.verdict).toBe(r.verdict);
  });
});
