import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { chooseBottleneck } from '../../../src/analysis/findings/collect.js';
import type { Finding } from '../../../src/analysis/findings/common.js';
import type { PanelData } from '../../../src/sources/series.js';
import { basicPanels, profile, type Synthetic } from './fixtures.js';

function analysed(s: Synthetic, panels: PanelData[] = basicPanels(s), locale: 'en' | 'ru' = 'en') {
  const r = analyse({ fromMs: s.fromMs, toMs: s.toMs, panels, slos: [], locale, tz: 'UTC' });
  return { r, all: r.domains.flatMap((d) => d.findings.map((f) => ({ ...f, domain: d.id }))) };
}

/** Sets the error-rate panels of `panels` to `f(i)`. */
function withErrors(s: Synthetic, f: (i: number) => number): PanelData[] {
  const panels = basicPanels(s);
  for (const p of panels.filter((x) => x.panel === 'error_rate')) p.series[0]!.v = s.t.map((_, i) => f(i));
  return panels;
}

const overload = () =>
  profile({ levels: [50, 100, 150, 200, 250, 300], capacity: 210, stepSec: 300, seed: 4 });

describe('errors', () => {
  const s = profile({ levels: [40, 80, 120, 160], stepSec: 600, capacity: 1000, seed: 2 });
  // 2 minutes inside the third step.
  const inBurst = (i: number) =>
    s.t[i]! >= s.plateaus[2]!.fromMs + 120_000 && s.t[i]! < s.plateaus[2]!.fromMs + 240_000;

  it('reports a short burst far above the rest (high from 10 %)', () => {
    const x = analysed(
      s,
      withErrors(s, (i) => (inBurst(i) ? 0.25 : 0.0005)),
    );
    const burst = x.all.find((f) => f.id === 'error_burst' && f.domain === 'http')!;
    expect(burst.severity).toBe('high');
    expect(burst.value).toBeCloseTo(0.25);
    expect(Date.parse(burst.at!)).toBe(s.plateaus[2]!.fromMs + 120_000);
    expect(burst.evidence).toBe(
      'Errors reached 25.0% for 2\u00a0min at 10:25, against 0.1% the rest of the time',
    );
    // A burst inside a step is not the step's error level.
    expect(x.all.map((f) => f.id)).not.toContain('plateau_errors');
    expect(x.r.verdict).toBe('risk');
    expect(x.r.bottleneck).toBeNull();
    expect(Math.abs(x.r.peak!.rps - 160) / 160).toBeLessThan(0.05);
  });

  it('calls a smaller burst medium', () => {
    const x = analysed(
      s,
      withErrors(s, (i) => (inBurst(i) ? 0.05 : 0.0005)),
    );
    expect(x.all.find((f) => f.id === 'error_burst')!.severity).toBe('medium');
  });

  it('ignores a steady low error rate and a single bad sample', () => {
    const x = analysed(
      s,
      withErrors(s, (i) => (i === 100 ? 0.5 : 0.002)),
    );
    expect(x.all.map((f) => f.id)).not.toContain('error_burst');
  });

  it('is critical when a step runs above 5 % errors', () => {
    const x = analysed(overload());
    const f = x.all.find((f) => f.id === 'plateau_errors' && f.domain === 'http')!;
    expect(f.severity).toBe('critical');
    expect(f.threshold).toBe(0.05);
    expect(f.value).toBeGreaterThan(0.05);
    expect(x.r.verdict).toBe('fail');
    expect(x.r.domains.find((d) => d.id === 'http')!.status).toBe('fail');
  });
});

describe('latency knee and throughput plateau', () => {
  it('reports both past capacity, as symptoms pointing at http', () => {
    const x = analysed(overload());
    const knee = x.all.find((f) => f.id === 'latency_knee')!;
    expect(knee).toMatchObject({ severity: 'high', domain: 'http', metric: 'http.p95', threshold: 2 });
    expect(knee.value).toBeGreaterThan(2);
    expect(knee.evidence).toMatch(/between steps 4 and 5/);
    const plateau = x.all.find((f) => f.id === 'throughput_plateau')!;
    expect(plateau).toMatchObject({ severity: 'high', domain: 'load' });
    expect(plateau.evidence).toMatch(
      /^The offered load rose by \+25.0% into step 5 but throughput changed by/,
    );
    expect(x.r.bottleneck).toBe('http');
  });

  it('reports neither while the system keeps up', () => {
    const s = profile({ levels: [50, 100, 150, 200], capacity: 1000, seed: 4 });
    const x = analysed(s);
    expect(x.all).toEqual([]);
    expect(x.r.bottleneck).toBeNull();
    expect(x.r.verdict).toBe('pass');
  });

  it('does not call a 1.5× latency rise with following throughput a knee', () => {
    const s = profile({ levels: [100, 200], capacity: 1000, seed: 4 });
    const panels = basicPanels(s);
    const p95 = panels.find((p) => p.domain === 'http' && p.panel === 'p95')!.series[0]!;
    p95.v = s.offered.map((o) => (o > 150 ? 0.075 : 0.05));
    expect(analysed(s, panels).all.map((f) => f.id)).not.toContain('latency_knee');
  });

  it('writes titles and evidence in Russian', () => {
    const x = analysed(overload(), undefined, 'ru');
    const knee = x.all.find((f) => f.id === 'latency_knee')!;
    expect(knee.title).toBe('Резкий рост задержки');
    expect(knee.evidence).toMatch(
      /^p95 вырос с 50\sмс до [\d,]+\sс \(×[\d,]+\) между ступенями 4 и 5, а пропускная способность — лишь с 200\sзап\/с/,
    );
  });
});

describe('chooseBottleneck', () => {
  const f = (
    id: Finding['id'],
    severity: Finding['severity'],
    atMs: number | null,
    extra: Partial<Finding>,
  ): Finding => ({
    id,
    severity,
    atMs,
    at: null,
    title: id,
    metric: id,
    value: null,
    domain: 'http',
    ...extra,
  });

  it('prefers severity, then the earliest saturation', () => {
    const db = f('db_pool_saturated', 'high', 2000, { domain: 'database', bottleneck: 'database' });
    const cpu = f('cpu_saturation', 'high', 1000, { domain: 'infra', bottleneck: 'infra' });
    const gc = f('gc_pause_share', 'medium', 500, { domain: 'jvm', bottleneck: 'jvm' });
    expect(chooseBottleneck([db, cpu, gc], true)).toBe('infra');
    expect(chooseBottleneck([gc, { ...db, severity: 'critical' }, cpu], true)).toBe('database');
    expect(chooseBottleneck([gc], false)).toBe('jvm');
  });

  it('falls back to http for symptoms only, and to null for nothing', () => {
    const knee = f('latency_knee', 'high', 0, { symptom: true });
    const leak = f('heap_leak', 'high', 0, { domain: 'jvm' });
    expect(chooseBottleneck([knee, leak], false)).toBe('http');
    expect(chooseBottleneck([], true)).toBe('http');
    expect(chooseBottleneck([leak], false)).toBeNull();
  });
});
