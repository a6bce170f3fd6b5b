import { panelSpec } from '../../../src/analysis/panels.js';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import type { CompareRun, CompareStep } from '../../../src/compare/compare.types.js';
import type { DomainId } from '../../../src/config/file.schema.js';
import type { NewRun, StoredSeries } from '../../../src/store/store.js';
import { prng } from '../analysis/fixtures.js';

export const T0 = Date.UTC(2026, 0, 15, 10, 0, 0);
const SCRAPE_MS = 15_000;

/** Value of a panel at point `i` of a step with offered `level`; `r` is a uniform 0..1 draw. */
export type ValueFn = (level: number, r: () => number, i: number) => number;

export interface SyntheticRun {
  id: string;
  /** Offered load per step (also the served throughput unless a `load.rps` fn says otherwise). */
  levels: number[];
  /** Panels as `domain.panel` → value function. */
  panels: Record<string, ValueFn>;
  stepSec?: number;
  startMs?: number;
  /** Idle minutes before the load starts (offset alignment must skip them). */
  leadMin?: number;
  seed?: number;
  service?: string | null;
  /** Report no steps (as for a run the analysis could not cut into steps). */
  noSteps?: boolean;
}

/** Gaussian-ish noise: mean of three uniforms, centred, scaled to about ±1. */
export function noise(r: () => number): number {
  return (r() + r() + r() - 1.5) * 2;
}

/**
 * A hand-made run: back-to-back plateaus at `levels` (no ramps), a point every 15 s, one
 * stored series per panel in the catalogue's unit, and the steps the analysis would report.
 */
export function syntheticRun(o: SyntheticRun): CompareRun {
  const stepMs = (o.stepSec ?? 300) * 1000;
  const lead = (o.leadMin ?? 0) * 60_000;
  const start = o.startMs ?? T0;
  const rand = prng(o.seed ?? 1);
  const t: number[] = [];
  const levelAt: number[] = [];
  for (let x = 0; x < lead; x += SCRAPE_MS) {
    t.push(start + x);
    levelAt.push(0);
  }
  const steps: CompareStep[] = [];
  o.levels.forEach((level, k) => {
    const from = start + lead + k * stepMs;
    steps.push({ fromMs: from, toMs: from + stepMs - SCRAPE_MS, load: level, rps: level });
    for (let x = 0; x < stepMs; x += SCRAPE_MS) {
      t.push(from + x);
      levelAt.push(level);
    }
  });
  const series: StoredSeries[] = Object.entries(o.panels).map(([key, fn]) => {
    const [domain, panel] = key.split('.') as [DomainId, string];
    // Idle time: the load panels read 0, the service's own panels have no data yet.
    const idle = panel === 'users' || panel === 'rps';
    const v = levelAt.map((level, i) => (level === 0 && !idle ? Number.NaN : fn(level, rand, i)));
    return {
      key,
      domain,
      panel,
      name: key,
      unit: panelSpec(domain, panel)?.unit ?? 'count',
      labels: {},
      t,
      v,
    };
  });
  return {
    id: o.id,
    name: o.id,
    service: o.service === undefined ? 'orders' : o.service,
    fromMs: t[0]!,
    toMs: t[t.length - 1]!,
    steps: o.noSteps ? [] : steps,
    peakRps: o.levels[o.levels.length - 1] ?? null,
    series,
  };
}

/** Throughput that follows the load with `rel` relative noise. */
export const rpsFn =
  (rel = 0.01, factor = 1): ValueFn =>
  (level, r) =>
    level * factor * (1 + rel * noise(r));

/** A latency (seconds) of `ms` plus `perRps` ms per offered rps, with `rel` relative noise. */
export const latencyFn =
  (ms: number, rel = 0.03, perRps = 0): ValueFn =>
  (level, r) =>
    ((ms + perRps * level) / 1000) * (1 + rel * noise(r));

/** A constant ratio with absolute noise `abs`, never below 0. */
export const ratioFn =
  (value: number, abs = 0.0002): ValueFn =>
  (_level, r) =>
    Math.max(0, value + abs * noise(r));

/** What `store.saveRun` needs to keep a comparison input as a run (a minimal report). */
export function toNewRun(run: CompareRun): NewRun {
  const iso = (ms: number) => new Date(ms).toISOString();
  const report: ReportJson = {
    runId: run.id,
    name: run.name,
    service: run.service,
    window: { from: iso(run.fromMs), to: iso(run.toMs) },
    verdict: 'pass',
    peak:
      run.peakRps === null
        ? null
        : { rps: run.peakRps, from: iso(run.fromMs), to: iso(run.toMs), dropAt: null },
    steps: run.steps.map((s) => ({
      from: iso(s.fromMs),
      to: iso(s.toMs),
      rps: s.rps ?? 0,
      p95Ms: null,
      errorRate: null,
      stable: true,
      load: s.load,
    })),
    slo: [],
    domains: [],
    charts: [],
    timingsMs: { fetch: 0, analyse: 0, render: 0, total: 0 },
  };
  return {
    id: run.id,
    name: run.name,
    service: run.service,
    from: new Date(run.fromMs),
    to: new Date(run.toMs),
    verdict: 'pass',
    peak: report.peak,
    timings: report.timingsMs,
    report,
    domains: [],
    series: run.series,
  };
}
