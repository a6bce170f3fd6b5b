import { describe, expect, it } from 'vitest';
import type { Change } from '../../../src/compare/compare.types.js';
import { explainChange, formatP, summaryLine, verdictLine } from '../../../src/compare/explain.js';

const change = (over: Partial<Change> = {}): Omit<Change, 'text'> => ({
  domain: 'http',
  metric: 'p95',
  series: 'all',
  stat: 'p50',
  a: 0.078,
  b: 0.105,
  deltaPct: 34.6,
  pValue: 0.00002,
  significant: true,
  direction: 'worse',
  seriesKey: 'http.p95',
  segment: 'step:3',
  atRps: 200,
  unit: 's',
  keyMetric: true,
  panelLevel: true,
  shift: 0.027,
  shiftCi: [0.02, 0.03],
  effect: 1,
  pAdjusted: 0.001,
  inflation: 1,
  samples: { a: 22, b: 22 },
  floors: { absolute: 0.01, relative: 0.05, clearsAbsolute: true, clearsEffect: true },
  moved: 'up',
  score: 0.35,
  ...over,
});

const NBSP = '\u00a0';

describe('one-line explanations', () => {
  it('says what moved, where, by how much, from what to what, and how sure', () => {
    expect(explainChange(change(), 'en')).toBe(
      `Latency p95 at 200${NBSP}rps rose 35% (78${NBSP}ms → 105${NBSP}ms, p < 0.001)`,
    );
    expect(explainChange(change(), 'ru')).toBe(
      `Задержка p95 на 200${NBSP}зап/с: рост на 35${NBSP}% (78${NBSP}мс → 105${NBSP}мс, p < 0,001)`,
    );
  });

  it('falls, throughput and ratios, series names, whole-run and all-steps segments', () => {
    const thr = change({
      domain: 'load',
      metric: 'rps',
      a: 200,
      b: 170,
      deltaPct: -15,
      pValue: 0.012,
      unit: 'rps',
      moved: 'down',
      atRps: null,
      segment: 'whole',
    });
    expect(explainChange(thr, 'en')).toBe(
      `Requests per second (load tool) fell 15% (200${NBSP}rps → 170${NBSP}rps, p = 0.012)`,
    );
    const err = change({
      metric: 'error_rate',
      series: 'orders',
      panelLevel: false,
      a: 0.001,
      b: 0.031,
      deltaPct: 3000,
      unit: 'ratio',
      segment: 'all',
      atRps: null,
    });
    expect(explainChange(err, 'en', { steps: 6 })).toBe(
      '5xx error rate (orders) across 6 steps rose 3,000% (0.1% → 3.1%, p < 0.001)',
    );
    expect(explainChange(err, 'ru', { steps: 6 })).toMatch(
      /^Доля ошибок 5xx \(orders\) по 6 ступеням: рост на 3\s000\s%/,
    );
  });

  it('formats p-values in the locale', () => {
    expect(formatP('en', 0.0004)).toBe('p < 0.001');
    expect(formatP('en', 0.0123)).toBe('p = 0.012');
    expect(formatP('ru', 0.0123)).toBe('p = 0,012');
    expect(formatP('en', null)).toBe('p = –');
  });
});

describe('summary lines', () => {
  const c = {
    ...change(),
    text: { en: 'Latency p95 at 200 rps rose 35%', ru: 'Задержка p95 на 200 зап/с: рост на 35 %' },
  };
  const runs = {
    a: { id: 'r1', name: 'orders 2026-01-15 10:00', service: 'orders', from: '', to: '', peakRps: 200 },
    b: { id: 'r2', name: 'orders 2026-01-16 10:00', service: 'orders', from: '', to: '', peakRps: 180 },
  };

  it('verdict and the top change, with how many more', () => {
    const r = { verdict: 'regression' as const, top: [c, c, c], keyTested: 28, runs };
    expect(verdictLine(r, 'en')).toBe('regression: Latency p95 at 200 rps rose 35% (+2 more)');
    expect(summaryLine(r, 'en', { baseline: true })).toBe(
      'vs baseline orders 2026-01-15 10:00: regression: Latency p95 at 200 rps rose 35% (+2 more)',
    );
    expect(summaryLine(r, 'ru')).toBe(
      'по сравнению с orders 2026-01-15 10:00: регрессия: Задержка p95 на 200 зап/с: рост на 35 % (и ещё 2)',
    );
  });

  it('no change says how much was compared; insufficient data says so', () => {
    expect(verdictLine({ verdict: 'no_change', top: [], keyTested: 28 }, 'en')).toBe(
      'no significant change (28 key metrics compared)',
    );
    expect(verdictLine({ verdict: 'insufficient_data', top: [], keyTested: 0 }, 'ru')).toBe(
      'данных для сравнения недостаточно',
    );
  });
});
