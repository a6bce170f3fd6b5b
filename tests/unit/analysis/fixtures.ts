import { analyse } from '../../../src/analysis/analyse.js';
import { panelSpec } from '../../../src/analysis/panels.js';
import type { DomainId } from '../../../src/config/file.schema.js';
import type { PanelData, Series, SeriesRole, SeriesUnit } from '../../../src/sources/series.js';

/** Deterministic PRNG (mulberry32) so fixtures are noisy but reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const START = Date.UTC(2026, 0, 15, 10, 0, 0);

/** A series with a generated id. */
export function series(id: string, t: number[], v: number[], labels: Record<string, string> = {}): Series {
  return { id, name: id, labels, t, v };
}

/** A PanelData for a catalogue panel (role and unit from the catalogue unless given). */
export function panel(
  domain: DomainId,
  id: string,
  s: Series | Series[],
  over: { role?: SeriesRole; unit?: SeriesUnit } = {},
): PanelData {
  const spec = panelSpec(domain, id);
  return {
    domain,
    panel: id,
    title: spec?.title.en ?? id,
    role: over.role ?? spec?.role ?? 'gauge',
    unit: over.unit ?? spec?.unit ?? 'count',
    pack: 'test',
    query: `${domain}_${id}`,
    series: Array.isArray(s) ? s : [s],
  };
}

export interface ProfileOptions {
  /** Offered load per step (used both as VUs and as offered rps). */
  levels: number[];
  stepSec?: number;
  rampSec?: number;
  scrapeSec?: number;
  startMs?: number;
  /** Sustainable throughput; above it served throughput stays flat and latency climbs. */
  capacity?: number;
  /** Relative noise of throughput and latency. */
  noise?: number;
  seed?: number;
}

/** A synthetic load test: the offered-load profile and what a system with `capacity` serves. */
export interface Synthetic {
  fromMs: number;
  toMs: number;
  scrapeMs: number;
  t: number[];
  offered: number[];
  served: number[];
  /** Relative overload per point: max(0, offered/capacity − 1). */
  over: number[];
  /** The true plateaus. */
  plateaus: Array<{ fromMs: number; toMs: number; level: number }>;
  rand: () => number;
  noise: number;
}

/** k6-style staged profile: ramp, hold each level, ramp down to 0. */
export function profile(o: ProfileOptions): Synthetic {
  const stepSec = o.stepSec ?? 300;
  const rampSec = o.rampSec ?? 60;
  const scrape = (o.scrapeSec ?? 15) * 1000;
  const start = o.startMs ?? START;
  const capacity = o.capacity ?? Infinity;
  const noise = o.noise ?? 0.02;
  const rand = prng(o.seed ?? 42);
  const segs: Array<{ from: number; to: number; a: number; b: number }> = [];
  const plateaus: Synthetic['plateaus'] = [];
  let at = start;
  let prev = 0;
  for (const level of o.levels) {
    segs.push({ from: at, to: at + rampSec * 1000, a: prev, b: level });
    at += rampSec * 1000;
    segs.push({ from: at, to: at + stepSec * 1000, a: level, b: level });
    plateaus.push({ fromMs: at, toMs: at + stepSec * 1000, level });
    at += stepSec * 1000;
    prev = level;
  }
  segs.push({ from: at, to: at + rampSec * 1000, a: prev, b: 0 });
  at += rampSec * 1000;
  const t: number[] = [];
  const offered: number[] = [];
  for (let x = start; x <= at; x += scrape) {
    const seg = segs.find((s) => x >= s.from && x < s.to) ?? segs[segs.length - 1]!;
    t.push(x);
    offered.push(seg.a + ((seg.b - seg.a) * (x - seg.from)) / (seg.to - seg.from));
  }
  const noisy = (x: number) => x * (1 + noise * (rand() * 2 - 1));
  const served = offered.map((x) => noisy(Math.min(x, capacity)));
  const over = offered.map((x) => Math.max(0, x / capacity - 1));
  return { fromMs: start, toMs: at, scrapeMs: scrape, t, offered, served, over, plateaus, rand, noise };
}

/** The usual load/http panels of a synthetic test (latency climbs and errors grow past capacity). */
export function basicPanels(
  s: Synthetic,
  o: { users?: boolean; http?: boolean; load?: boolean; baseP95?: number } = {},
): PanelData[] {
  const base = o.baseP95 ?? 0.05;
  const p95 = s.over.map((x) => base * (1 + s.noise * (s.rand() * 2 - 1)) + x * 10);
  const p99 = p95.map((x) => x * 1.5);
  const err = s.over.map((x) => 0.001 + x * 0.3);
  const out: PanelData[] = [];
  if (o.users !== false)
    out.push(panel('load', 'users', series('load.users', s.t, s.offered.map(Math.round))));
  if (o.load !== false) {
    out.push(panel('load', 'rps', series('load.rps', s.t, s.served)));
    out.push(
      panel(
        'load',
        'p95',
        series(
          'load.p95',
          s.t,
          p95.map((x) => x * 1.05),
        ),
      ),
    );
    out.push(panel('load', 'error_rate', series('load.error_rate', s.t, err)));
  }
  if (o.http !== false) {
    out.push(panel('http', 'rps', series('http.rps', s.t, s.served)));
    out.push(panel('http', 'p95', series('http.p95', s.t, p95)));
    out.push(panel('http', 'p99', series('http.p99', s.t, p99)));
    out.push(panel('http', 'error_rate', series('http.error_rate', s.t, err)));
  }
  return out;
}

/** A constant-ish gauge over the test's timestamps: `f(i, offered, over)`. */
export function gauge(
  s: Synthetic,
  domain: DomainId,
  id: string,
  f: (i: number, offered: number, over: number) => number,
  labels: Record<string, string> = {},
): PanelData {
  return panel(
    domain,
    id,
    series(
      `${domain}.${id}`,
      s.t,
      s.t.map((_, i) => f(i, s.offered[i]!, s.over[i]!)),
      labels,
    ),
  );
}

/**
 * Analyses a synthetic test with its basic panels plus `extra` and no SLOs: the result and
 * every finding with its domain.
 */
export function analyseWith(s: Synthetic, extra: PanelData[]) {
  const r = analyse({
    fromMs: s.fromMs,
    toMs: s.toMs,
    panels: [...basicPanels(s), ...extra],
    slos: [],
    locale: 'en',
    tz: 'UTC',
  });
  return { r, all: r.domains.flatMap((d) => d.findings.map((f) => ({ ...f, domain: d.id }))) };
}
