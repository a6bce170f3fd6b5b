import { describe, expect, it } from 'vitest';
import { alignRuns, loadSpan, matchSteps } from '../../../src/compare/align.js';
import type { CompareRun } from '../../../src/compare/compare.types.js';
import { runMetrics } from '../../../src/compare/run-metrics.js';
import { latencyFn, rpsFn, syntheticRun, T0 } from './fixtures.js';

const OPTS = { stepTolerance: 0.1, blockMs: 5 * 60_000 };
const panels = { 'load.users': rpsFn(0), 'load.rps': rpsFn(), 'http.p95': latencyFn(80) };

function align(a: CompareRun, b: CompareRun) {
  return alignRuns(a, b, runMetrics(a), runMetrics(b), OPTS);
}

describe('matchSteps', () => {
  it('pairs steps at the same level one to one, closest first, in A’s order', () => {
    expect(matchSteps([50, 100, 150], [52, 98, 151], 0.1)).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
    // B skipped 100 and went further: 100 and 250 find no partner.
    expect(matchSteps([50, 100, 150], [50, 150, 250], 0.1)).toEqual([
      [0, 0],
      [2, 1],
    ]);
    // Two B steps near one A step: only the closer one is taken.
    expect(matchSteps([100], [95, 101], 0.1)).toEqual([[0, 1]]);
    expect(matchSteps([100], [130], 0.1)).toEqual([]);
  });
});

describe('alignRuns', () => {
  it('step tests: plateau with plateau at the same offered load, trimmed middles, plus `all`', () => {
    const a = syntheticRun({ id: 'a', levels: [50, 100, 150], panels });
    // B starts a day later and has an extra step at 200.
    const b = syntheticRun({ id: 'b', levels: [50, 100, 150, 200], panels, startMs: T0 + 86_400_000 });
    const al = align(a, b);
    expect(al.mode).toBe('steps');
    expect(al.levelBy).toBe('load');
    expect(al.segments.map((s) => s.id)).toEqual(['step:0', 'step:1', 'step:2', 'all']);
    expect(al.unmatchedA).toEqual([]);
    expect(al.unmatchedB).toEqual([3]);
    const s1 = al.segments[1]!;
    expect(s1.rps).toBe(100);
    const w = s1.windows[0]!;
    // The middle of a 5-minute plateau: 15 % trimmed on each side.
    expect(w.a.fromMs - a.steps[1]!.fromMs).toBeCloseTo(0.15 * (a.steps[1]!.toMs - a.steps[1]!.fromMs), 0);
    expect(w.b.fromMs - w.a.fromMs).toBe(86_400_000);
    expect(al.segments[3]!.windows).toHaveLength(3);
  });

  it('matches on throughput when a run has no offered load', () => {
    const noUsers = { 'load.rps': rpsFn(), 'http.p95': latencyFn(80) };
    const a = syntheticRun({ id: 'a', levels: [50, 100], panels: noUsers });
    const b = syntheticRun({ id: 'b', levels: [50, 100], panels: noUsers });
    for (const s of [...a.steps, ...b.steps]) s.load = null;
    const al = align(a, b);
    expect(al.mode).toBe('steps');
    expect(al.levelBy).toBe('rps');
  });

  it('otherwise by offset from the start of the load, in time blocks', () => {
    const a = syntheticRun({ id: 'a', levels: [120], stepSec: 1800, panels });
    // B's window opened 4 minutes before its load started.
    const b = syntheticRun({
      id: 'b',
      levels: [120],
      stepSec: 1500,
      panels,
      leadMin: 4,
      startMs: T0 + 3_600_000,
    });
    const al = align(a, b);
    expect(al.mode).toBe('offset');
    expect(al.startA).toBe(a.fromMs);
    expect(al.startB).toBe(b.fromMs + 4 * 60_000);
    expect(al.overlapMs).toBe(1500_000 - 15_000);
    const whole = al.segments[0]!;
    expect(whole.kind).toBe('whole');
    expect(whole.windows).toHaveLength(5);
    for (const w of whole.windows) expect(w.b.fromMs - w.a.fromMs).toBe(al.startB! - al.startA!);
    expect(loadSpan(runMetrics(b))).toEqual({ fromMs: al.startB, toMs: b.toMs });
  });

  it('falls back to offset when step tests share no load level', () => {
    const a = syntheticRun({ id: 'a', levels: [50, 100], panels });
    const b = syntheticRun({ id: 'b', levels: [300, 400], panels });
    expect(align(a, b).mode).toBe('offset');
    const one = syntheticRun({ id: 'c', levels: [50, 100], panels, noSteps: true });
    expect(align(a, one).mode).toBe('offset');
  });
});
