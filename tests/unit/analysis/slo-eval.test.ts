import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { textsFor } from '../../../src/analysis/analysis-text.js';
import { buildMetrics } from '../../../src/analysis/metrics.js';
import { evaluateSlos, targetStepIndex } from '../../../src/analysis/slo-eval.js';
import { parseSlo } from '../../../src/analysis/slo-parse.js';
import { detectSteps } from '../../../src/analysis/steps.js';
import type { PanelData } from '../../../src/sources/series.js';
import { basicPanels, gauge, profile, type Synthetic } from './fixtures.js';

const overload = () =>
  profile({ levels: [50, 100, 150, 200, 250, 300], capacity: 210, stepSec: 300, seed: 5 });

function run(s: Synthetic, panels: PanelData[], slos: string[]) {
  return analyse({ fromMs: s.fromMs, toMs: s.toMs, panels, slos, locale: 'en', tz: 'UTC' });
}

describe('SLO evaluation per step (capacity tests)', () => {
  it('judges latency and errors at the highest step applied when no rps target is given', () => {
    const s = overload();
    const r = run(s, basicPanels(s), ['p95<500ms', 'error_rate<1%']);
    const [p95, err] = r.slo;
    expect(p95!.step).toBe(6);
    expect(p95!.passed).toBe(false);
    expect(p95!.actual).toBeGreaterThan(1000);
    expect(p95!.perStep!.map((x) => x.passed)).toEqual([true, true, true, true, false, false]);
    expect(p95!.perStep![0]!.actual).toBeCloseTo(50, -1);
    expect(err!.passed).toBe(false);
    expect(err!.unit).toBe('ratio');
    expect(r.verdict).toBe('fail');
    // With latency SLOs the peak is the highest step where they hold.
    expect(Math.abs(r.peak!.rps - 200) / 200).toBeLessThan(0.08);
  });

  it('judges them at the step reaching the rps target', () => {
    const s = overload();
    const r = run(s, basicPanels(s), ['p95<500ms', 'error_rate<1%', 'rps>=150']);
    expect(r.slo[0]).toMatchObject({ step: 3, passed: true });
    expect(r.slo[1]).toMatchObject({ step: 3, passed: true });
    expect(r.slo[2]!.passed).toBe(true);
    expect(r.slo[2]!.actual).toBeCloseTo(r.peak!.rps, 6);
    expect(r.verdict).not.toBe('fail');
  });

  it('fails an rps target above the peak', () => {
    const s = overload();
    const r = run(s, basicPanels(s), ['rps>=250']);
    expect(r.slo[0]!.passed).toBe(false);
    expect(r.slo[0]!.actual).toBeLessThan(250);
    expect(r.verdict).toBe('fail');
  });

  it('picks the lowest step within 3 % of the target', () => {
    const s = overload();
    const m = buildMetrics(basicPanels(s), s.fromMs, s.toMs);
    const { steps } = detectSteps(m);
    expect(targetStepIndex([parseSlo('rps>=205')], steps)).toBe(3);
    expect(targetStepIndex([parseSlo('rps>=1000')], steps)).toBe(5);
    expect(targetStepIndex([], steps)).toBe(5);
    expect(targetStepIndex([], [])).toBeNull();
  });
});

describe('SLO evaluation sources and gaps', () => {
  it('never invents a p90: unevaluated with a warning', () => {
    const s = overload();
    const r = run(s, basicPanels(s), ['p90<300ms']);
    expect(r.slo[0]).toMatchObject({ expr: 'p90<300ms', actual: null, passed: null });
    expect(r.warnings).toContain('SLO "p90<300ms" not evaluated: no p90 series');
    expect(r.verdict).toBe('risk');
  });

  it('reads cpu from the container when the host panel is missing, and memory as a maximum', () => {
    const s = profile({ levels: [100, 200], capacity: 1000 });
    const panels = [
      ...basicPanels(s),
      gauge(s, 'infra', 'container_cpu', (_, offered) => offered / 250),
      gauge(s, 'jvm', 'process_cpu', () => 0.1),
      gauge(s, 'jvm', 'heap_used', (i) => (i === 30 ? 900 : 300) * 1024 ** 2),
    ];
    const r = run(s, panels, ['cpu<70%', 'memory<512MiB']);
    const [cpu, mem] = r.slo;
    expect(cpu!.step).toBe(2);
    expect(cpu!.actual).toBeCloseTo(0.8, 1);
    expect(cpu!.passed).toBe(false);
    expect(mem!.step).toBeNull();
    expect(mem!.actual).toBe(900 * 1024 ** 2);
    expect(mem!.passed).toBe(false);
    // Resource SLOs only make a risk.
    expect(r.verdict).toBe('risk');
    expect(r.domains.find((d) => d.id === 'infra')!.status).toBe('fail');
    expect(r.domains.find((d) => d.id === 'jvm')!.status).toBe('fail');
  });

  it('prefers host cpu, then container, then the JVM', () => {
    const s = profile({ levels: [100], stepSec: 1200 });
    const base = basicPanels(s);
    const jvmOnly = run(s, [...base, gauge(s, 'jvm', 'process_cpu', () => 0.3)], ['cpu<50%']);
    expect(jvmOnly.slo[0]!.actual).toBeCloseTo(0.3, 6);
    const host = run(
      s,
      [...base, gauge(s, 'jvm', 'process_cpu', () => 0.3), gauge(s, 'infra', 'cpu', () => 0.6)],
      ['cpu<50%'],
    );
    expect(host.slo[0]).toMatchObject({ passed: false });
    expect(host.slo[0]!.actual).toBeCloseTo(0.6, 6);
  });

  it('judges a soak over its plateau', () => {
    const s = profile({ levels: [120], stepSec: 3000, capacity: 1000 });
    const r = run(s, basicPanels(s), ['p95<100ms', 'error_rate<0.5%', 'rps>=100']);
    expect(r.mode).toBe('soak');
    expect(r.slo.map((x) => x.passed)).toEqual([true, true, true]);
    expect(r.slo[0]!.step).toBeNull();
    expect(r.slo[0]!.actual).toBeCloseTo(50, -1);
    expect(r.verdict).toBe('pass');
  });

  it('keeps an invalid expression as unevaluated with a warning', () => {
    const s = overload();
    const r = run(s, basicPanels(s), ['p95<<1s']);
    expect(r.slo).toEqual([{ expr: 'p95<<1s', actual: null, passed: null }]);
    expect(r.warnings.some((w) => w.startsWith('SLO "p95<<1s" ignored'))).toBe(true);
  });

  it('reports a missing series in the requested language', () => {
    const s = overload();
    const m = buildMetrics(basicPanels(s, { http: false, load: false }), s.fromMs, s.toMs);
    const e = evaluateSlos({
      slos: [parseSlo('p95<1s')],
      metrics: m,
      steps: [],
      mode: 'unknown',
      peakRps: null,
      t: textsFor('ru'),
    });
    expect(e.outcomes[0]).toMatchObject({ actual: null, passed: null, domain: null });
    expect(e.warnings).toEqual(['SLO «p95<1s» не проверен: нет ряда p95']);
  });
});
