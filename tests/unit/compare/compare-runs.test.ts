import { describe, expect, it } from 'vitest';
import type { Change, CompareResult } from '../../../src/compare/compare.types.js';
import { compareRuns } from '../../../src/compare/compare-runs.js';
import type { DraftChange } from '../../../src/compare/compare-series.js';
import { decideVerdict, judgeChanges, rankChanges, topChanges } from '../../../src/compare/verdict.js';
import { isLoadLensError } from '../../../src/core/errors.js';
import { latencyFn, ratioFn, rpsFn, type SyntheticRun, syntheticRun, T0, type ValueFn } from './fixtures.js';

const LEVELS = [50, 100, 150];
const DAY = 86_400_000;

function pair(a: Partial<SyntheticRun['panels']>, b: Partial<SyntheticRun['panels']>, opts = {}) {
  const base: Record<string, ValueFn> = {
    'load.users': rpsFn(0),
    'load.rps': rpsFn(),
    'http.p95': latencyFn(80, 0.03),
    'http.error_rate': ratioFn(0.001),
    'infra.cpu': (level, r) => 0.2 + level / 500 + 0.005 * (r() - 0.5),
  };
  const ra = syntheticRun({
    id: 'a',
    levels: LEVELS,
    panels: { ...base, ...a } as Record<string, ValueFn>,
    seed: 1,
  });
  const rb = syntheticRun({
    id: 'b',
    levels: LEVELS,
    panels: { ...base, ...b } as Record<string, ValueFn>,
    seed: 2,
    startMs: T0 + DAY,
  });
  return compareRuns(ra, rb, opts);
}

const row = (r: CompareResult, domain: string, metric: string, segment = 'step:1') =>
  r.changes.find((c) => c.domain === domain && c.metric === metric && c.segment === segment)!;

describe('compareRuns: floors, direction, verdict', () => {
  it('A/A with different noise: no change, every key metric tested', () => {
    const r = pair({}, {});
    expect(r.verdict).toBe('no_change');
    expect(r.alignment.mode).toBe('steps');
    expect(r.keyTested).toBe(3 * 4 + 4); // 4 key metrics × (3 steps + all)
    expect(r.top).toEqual([]);
    expect(r.summary.en).toMatch(/^vs a: no significant change \(16 key metrics compared\)$/);
  });

  it('absolute floor: 40 → 45 ms is +12 % and significant, but noise under a 10 ms floor', () => {
    const r = pair({ 'http.p95': latencyFn(40, 0.01) }, { 'http.p95': latencyFn(45, 0.01) });
    const p95 = row(r, 'http', 'p95');
    expect(p95.deltaPct).toBeGreaterThan(10);
    expect(p95.pValue!).toBeLessThan(1e-4);
    expect(p95.floors.clearsAbsolute).toBe(false);
    expect(p95.significant).toBe(false);
    expect(p95.direction).toBe('same');
    expect(r.verdict).toBe('no_change');
    const tight = pair(
      { 'http.p95': latencyFn(40, 0.01) },
      { 'http.p95': latencyFn(45, 0.01) },
      { floors: { latencySec: 0.002 } },
    );
    expect(tight.verdict).toBe('regression');
    expect(row(tight, 'http', 'p95').direction).toBe('worse');
  });

  it('effect-size floor: a consistent +3 % is significant but not a change', () => {
    const r = pair({ 'http.p95': latencyFn(400, 0.003) }, { 'http.p95': latencyFn(412, 0.003) });
    const p95 = row(r, 'http', 'p95');
    expect(p95.pValue!).toBeLessThan(1e-4);
    expect(p95.floors.clearsAbsolute).toBe(true);
    expect(p95.floors.clearsEffect).toBe(false);
    expect(r.verdict).toBe('no_change');
    expect(pair({}, {}, { minRelativeChange: 0.02 }).verdict).toBe('no_change');
    const lower = pair(
      { 'http.p95': latencyFn(400, 0.003) },
      { 'http.p95': latencyFn(412, 0.003) },
      { minRelativeChange: 0.02 },
    );
    expect(lower.verdict).toBe('regression');
  });

  it('lower throughput is worse, higher is better', () => {
    const down = pair({}, { 'load.rps': rpsFn(0.01, 0.85) });
    expect(down.verdict).toBe('regression');
    const thr = row(down, 'load', 'rps');
    expect(thr.significant).toBe(true);
    expect(thr.direction).toBe('worse');
    expect(thr.deltaPct).toBeCloseTo(-15, 0);
    expect(down.top[0]!.metric).toBe('rps');
    const up = pair({}, { 'load.rps': rpsFn(0.01, 1.15) });
    expect(up.verdict).toBe('improvement');
    expect(row(up, 'load', 'rps').direction).toBe('better');
  });

  it('extra errors are a regression; a rise under the 0.5-point floor is not', () => {
    const more = pair({}, { 'http.error_rate': ratioFn(0.02, 0.002) });
    expect(more.verdict).toBe('regression');
    const err = row(more, 'http', 'error_rate');
    expect(err.stat).toBe('mean');
    expect(err.direction).toBe('worse');
    const little = pair({}, { 'http.error_rate': ratioFn(0.003) });
    expect(row(little, 'http', 'error_rate').floors.clearsAbsolute).toBe(false);
    expect(little.verdict).toBe('no_change');
  });

  it('a worse key metric outweighs a better one, and leads the top changes', () => {
    const r = pair({}, { 'http.p95': latencyFn(56, 0.03), 'load.rps': rpsFn(0.01, 0.85) });
    expect(r.verdict).toBe('regression');
    expect(r.top[0]!.direction).toBe('worse');
    expect(r.top.some((c) => c.direction === 'better' && c.metric === 'p95')).toBe(true);
    // One row per series in the top list, however many steps changed.
    const ids = r.top.map((c) => `${c.domain}.${c.metric}.${c.series}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('neutral metrics may change significantly without a direction or a say in the verdict', () => {
    const r = pair({ 'jvm.heap_max': () => 1e9 }, { 'jvm.heap_max': (_l, r) => 2e9 + r() });
    const max = row(r, 'jvm', 'heap_max');
    expect(max.direction).toBe('same');
    expect(max.keyMetric).toBe(false);
    expect(r.verdict).toBe('no_change');
    expect(r.top).toEqual([]);
  });

  it('insufficient data without a key metric in both runs', () => {
    const a = syntheticRun({
      id: 'a',
      levels: LEVELS,
      panels: { 'load.users': rpsFn(0), 'jvm.threads': () => 50 },
    });
    const b = syntheticRun({
      id: 'b',
      levels: LEVELS,
      panels: { 'load.users': rpsFn(0), 'jvm.threads': () => 50 },
    });
    const r = compareRuns(a, b);
    expect(r.verdict).toBe('insufficient_data');
    expect(r.warnings.join(' ')).toMatch(/No key metric/);
    expect(r.summary.ru).toMatch(/данных для сравнения недостаточно/);
    // Key metrics present, but a one-minute test leaves too few samples to test anything.
    const p = { 'load.rps': rpsFn(), 'http.p95': latencyFn(80) };
    const short = compareRuns(
      syntheticRun({ id: 'a', levels: [100], stepSec: 60, panels: p }),
      syntheticRun({ id: 'b', levels: [100], stepSec: 60, panels: p, seed: 3 }),
    );
    expect(short.alignment.mode).toBe('offset');
    expect(short.verdict).toBe('insufficient_data');
    expect(short.warnings.join(' ')).toMatch(/fewer than 5 samples/);
  });

  it('the JSON contract: names, types, one object that survives JSON', () => {
    const r = pair({}, { 'http.p95': latencyFn(120, 0.03) });
    const json = JSON.parse(JSON.stringify(r)) as CompareResult;
    expect(json.a).toBe('a');
    expect(json.b).toBe('b');
    expect(['regression', 'improvement', 'no_change', 'insufficient_data']).toContain(json.verdict);
    expect(json.changes.length).toBeGreaterThan(0);
    for (const c of json.changes) {
      expect(typeof c.domain).toBe('string');
      expect(typeof c.metric).toBe('string');
      expect(typeof c.series).toBe('string');
      expect(typeof c.stat).toBe('string');
      expect(typeof c.a).toBe('number');
      expect(typeof c.b).toBe('number');
      expect(typeof c.deltaPct).toBe('number');
      expect(c.pValue === null || typeof c.pValue === 'number').toBe(true);
      expect(typeof c.significant).toBe('boolean');
      expect(['worse', 'better', 'same']).toContain(c.direction);
    }
    // Ranked: significant rows first.
    const firstQuiet = json.changes.findIndex((c) => !c.significant);
    expect(json.changes.slice(firstQuiet).every((c) => !c.significant)).toBe(true);
    expect(json.table.find((t) => t.metric === 'p95' && t.segment === 'all')!.a.p99).toBeGreaterThan(0);
  });

  it('rejects nonsense options', () => {
    expect(() => pair({}, {}, { alpha: 2 })).toThrow(/alpha/);
    try {
      pair({}, {}, { floors: { rps: -1 } });
      expect.unreachable();
    } catch (err) {
      expect(isLoadLensError(err, 'BAD_INPUT')).toBe(true);
    }
  });
});

describe('judging rows', () => {
  const draft = (over: Partial<DraftChange>): DraftChange => ({
    domain: 'http',
    metric: 'p95',
    series: 'all',
    stat: 'p50',
    a: 0.1,
    b: 0.2,
    deltaPct: 100,
    pValue: 0.001,
    seriesKey: 'http.p95',
    segment: 'step:0',
    atRps: 100,
    unit: 's',
    keyMetric: true,
    panelLevel: true,
    shift: 0.1,
    shiftCi: [0.09, 0.11],
    effect: 1,
    inflation: 1,
    samples: { a: 20, b: 20 },
    floors: { absolute: 0.01, relative: 0.05, clearsAbsolute: true, clearsEffect: true },
    moved: 'up',
    score: 1,
    polarity: 'higher_worse',
    ...over,
  });

  it('Bonferroni over the key rows: p = 0.001 survives 10 tests, not 100', () => {
    const ten = judgeChanges(
      Array.from({ length: 10 }, () => draft({})),
      0.05,
    );
    expect(ten[0]!.pAdjusted).toBeCloseTo(0.01, 12);
    expect(ten[0]!.significant).toBe(true);
    const hundred = judgeChanges(
      Array.from({ length: 100 }, () => draft({})),
      0.05,
    );
    expect(hundred[0]!.significant).toBe(false);
    expect(decideVerdict(hundred)).toBe('no_change');
    expect(decideVerdict(ten)).toBe('regression');
    expect(decideVerdict(judgeChanges([draft({ pValue: null })], 0.05))).toBe('insufficient_data');
  });

  it('weighted Bonferroni: the all-steps rows share half the budget, the per-step rows the other half', () => {
    const rows = [
      draft({ segment: 'all', pValue: 0.0009 }),
      draft({ segment: 'all', pValue: 0.5, metric: 'p99' }),
      ...Array.from({ length: 30 }, (_, i) => draft({ segment: `step:${i % 6}`, pValue: 0.0003 })),
    ];
    const judged = judgeChanges(rows, 0.01);
    // 2 all-steps rows: p · 2 / ½ = 0.0036; 30 per-step rows: p · 30 / ½ = 0.018.
    expect(judged[0]!.pAdjusted).toBeCloseTo(0.0036, 12);
    expect(judged[0]!.significant).toBe(true);
    expect(judged[2]!.pAdjusted).toBeCloseTo(0.018, 12);
    expect(judged[2]!.significant).toBe(false);
    // Without per-step rows the all-steps rows keep the plain p · m.
    expect(judgeChanges(rows.slice(0, 2), 0.01)[0]!.pAdjusted).toBeCloseTo(0.0018, 12);
  });

  it('a move the shift and the statistic disagree on is no change', () => {
    const [j] = judgeChanges([draft({ moved: 'none' })], 0.05);
    expect(j!.significant).toBe(false);
    expect(j!.direction).toBe('same');
  });

  it('ranks significant rows first, then by size; the top list leads with the verdict’s direction', () => {
    const rows = judgeChanges(
      [
        draft({ score: 0.2, seriesKey: 'x', series: 'x' }),
        draft({ score: 5, pValue: 0.5, series: 'y' }),
        draft({ score: 0.9, moved: 'down', series: 'z' }),
        draft({ score: 0.4, series: 'x', segment: 'step:1' }),
      ],
      0.05,
    ).map((c) => ({ ...c, text: { en: '', ru: '' } }) as Change);
    const ranked = rankChanges(rows);
    expect(ranked.map((c) => c.score)).toEqual([0.9, 0.4, 0.2, 5]);
    const top = topChanges(ranked, 'regression', 5);
    expect(top.map((c) => `${c.series}:${c.score}`)).toEqual(['x:0.4', 'z:0.9']);
  });
});
