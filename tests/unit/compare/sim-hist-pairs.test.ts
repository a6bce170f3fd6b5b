import { describe, expect, it } from 'vitest';
import type { CompareResult, CompareRun } from '../../../src/compare/compare.types.js';
import { compareRuns } from '../../../src/compare/compare-runs.js';
import { stepProfile } from '../../../src/sim/presets.js';
import { type HistRunOptions, simHistRun } from './sim-hist-runs.js';
import { BASE_MS, stepScenario } from './sim-runs.js';

/**
 * Issue 13, item 2: compare must catch a uniform latency shift at equal load whether it
 * shows in the load tool's gauges, in server histograms (p95/p99 by `histogram_quantile`
 * over prometheus_client's buckets, read through 1-minute rate windows: quantised,
 * step-like and autocorrelated), or in both — and an A/A rerun must stay `no_change`.
 * Every pair is a 6-step test (50…300 rps offered, capacity 210) whose runs differ in
 * their seed; B's responses are slower by the factor on every request.
 *
 * Measured with these seeds (default alpha 0.01), regressions of 50 pairs (A/A: false
 * alarms; 0 of 200 more A/A pairs with seeds 7000… in each configuration):
 *            A/A   +20 %  +35 %  +50 %
 *   tool      0     50     50     50
 *   server    0     49     49     50
 *   both      0     50     50     50
 * One-minute steps at a 5 s resolution, of 30 pairs: tool and both 30/30 at every shift,
 * server 27, 30, 30. The tests below use the first 20 seeds to keep the unit tier fast.
 */

const CONFIGS: Record<'tool' | 'server' | 'both', HistRunOptions> = {
  tool: { tool: true, server: false },
  server: { tool: false, server: true },
  both: { tool: true, server: true },
};
type Config = keyof typeof CONFIGS;

/** One-minute steps scraped every 5 s (rate windows of 4 scrapes: 20 s). */
const SHORT = { profile: stepProfile([50, 100, 150, 200, 250, 300], 60, 10), scrapeIntervalSec: 5 };

const seedA = (k: number) => 3000 + 2 * k;
const runsA = new Map<string, CompareRun>();

/** Run A of pair `k` (shared by the A/A and the shifted pairs of a configuration). */
function runA(config: Config, k: number): CompareRun {
  const key = `${config}:${k}`;
  let r = runsA.get(key);
  if (!r) {
    r = simHistRun(stepScenario({ seed: seedA(k) }), CONFIGS[config], `a${k}`);
    runsA.set(key, r);
  }
  return r;
}

/** Pair `k` with B's latency multiplied by `factor`. */
function pair(config: Config, k: number, factor: number): CompareResult {
  const b = simHistRun(
    stepScenario({ seed: seedA(k) + 1, startMs: BASE_MS + 86_400_000, baseLatencyMs: 40 * factor }),
    CONFIGS[config],
    `b${k}`,
  );
  return compareRuns(runA(config, k), b);
}

/** The same with one-minute steps. */
function shortPair(config: Config, k: number, factor: number): CompareResult {
  const a = simHistRun(stepScenario({ seed: seedA(k), ...SHORT }), CONFIGS[config], `a${k}`);
  const b = simHistRun(
    stepScenario({ seed: seedA(k) + 1, startMs: BASE_MS + 86_400_000, baseLatencyMs: 40 * factor, ...SHORT }),
    CONFIGS[config],
    `b${k}`,
  );
  return compareRuns(a, b);
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);
const share = (rs: CompareResult[], v: string) => rs.filter((r) => r.verdict === v).length / rs.length;

describe('issue 13: every response 35 % slower, load tool and server histogram', () => {
  const results = range(10).map((k) => pair('both', k, 1.35));

  it('is a regression on every seed', () => {
    expect(results.map((r) => r.verdict)).toEqual(results.map(() => 'regression'));
  });

  it('the load tool’s p95 and p99 are key metrics and significantly worse across the steps', () => {
    for (const r of results) {
      for (const metric of ['p95', 'p99']) {
        const row = r.changes.find((c) => c.domain === 'load' && c.metric === metric && c.segment === 'all');
        expect(row?.keyMetric).toBe(true);
        expect(row?.significant).toBe(true);
        expect(row?.direction).toBe('worse');
        expect(row!.deltaPct).toBeGreaterThan(25);
        expect(row!.deltaPct).toBeLessThan(45);
      }
    }
  });

  it('the server histogram counts through its mean (_sum/_count), which no bucket quantises', () => {
    for (const r of results) {
      const avg = r.changes.find((c) => c.domain === 'http' && c.metric === 'avg' && c.segment === 'all');
      expect(avg?.keyMetric).toBe(true);
      expect(avg!.deltaPct).toBeGreaterThan(25);
    }
    const caught = results.filter((r) =>
      r.changes.some((c) => c.domain === 'http' && c.keyMetric && c.significant && c.direction === 'worse'),
    );
    expect(caught.length).toBeGreaterThanOrEqual(9);
  });
});

describe('false alarms and detection over simulated pairs', () => {
  it.each(Object.keys(CONFIGS) as Config[])(
    '%s: A/A reruns stay no_change in at least 95 of 100',
    (config) => {
      const rs = range(50).map((k) => pair(config, k, 1));
      expect(rs.every((r) => r.alignment.mode === 'steps')).toBe(true);
      expect(share(rs, 'no_change')).toBeGreaterThanOrEqual(0.95);
      expect(share(rs, 'regression')).toBeLessThanOrEqual(0.05);
    },
  );

  it.each([
    ['tool', 1.2, 1],
    ['tool', 1.35, 1],
    ['tool', 1.5, 1],
    ['both', 1.2, 1],
    ['both', 1.35, 1],
    ['both', 1.5, 1],
    ['server', 1.2, 0.9],
    ['server', 1.35, 0.95],
    ['server', 1.5, 0.95],
  ] as const)(
    '%s, latency ×%s: a regression in a share ≥ %s of 20 pairs, never an improvement',
    (config, f, rate) => {
      const rs = range(20).map((k) => pair(config, k, f));
      expect(share(rs, 'regression')).toBeGreaterThanOrEqual(rate);
      expect(share(rs, 'improvement')).toBe(0);
    },
  );

  it('latency ×0.8 with server histograms only: an improvement, not a regression', () => {
    const rs = range(20).map((k) => pair('server', k, 0.8));
    expect(share(rs, 'improvement')).toBeGreaterThanOrEqual(0.9);
    expect(share(rs, 'regression')).toBe(0);
  });
});

describe('one-minute steps: a few samples a step, histograms through overlapping rate windows', () => {
  it('A/A: no false alarm in 20 pairs of any configuration', () => {
    for (const config of Object.keys(CONFIGS) as Config[]) {
      const rs = range(20).map((k) => shortPair(config, k, 1));
      expect(share(rs, 'no_change'), config).toBe(1);
    }
  });

  it('+20 % with load-tool gauges: a regression in every pair', () => {
    for (const config of ['tool', 'both'] as const) {
      expect(
        share(
          range(20).map((k) => shortPair(config, k, 1.2)),
          'regression',
        ),
        config,
      ).toBe(1);
    }
  });

  it('+35 % with server histograms only: a regression in ≥ 90 % of 20 pairs', () => {
    const rs = range(20).map((k) => shortPair('server', k, 1.35));
    expect(share(rs, 'regression')).toBeGreaterThanOrEqual(0.9);
  });
});
