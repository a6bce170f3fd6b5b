import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { sustainMsFor } from '../../../src/analysis/findings/common.js';
import { computeTimeline } from '../../../src/sim/physics.js';
import { stepProfile } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { deriveTruth } from '../../../src/sim/truth.js';
import { simPanels } from './sim-panels.js';

/**
 * A lab-style test (issue 13): 20-second steps scraped every second. The resource that
 * runs out across the last steps is the bottleneck even though those steps add up to less
 * than the minute a long test needs for "sustained".
 */
describe('short load steps', () => {
  it('sustained is half a typical step when steps are shorter than a minute', () => {
    const steps = [0, 1, 2].map((i) => ({ fromMs: i * 20_000, toMs: i * 20_000 + 19_000 }));
    expect(sustainMsFor(1000, steps)).toBe(10_000);
    expect(sustainMsFor(1000)).toBe(60_000);
    expect(sustainMsFor(15_000, [{ fromMs: 0, toMs: 480_000 }])).toBe(60_000);
    expect(sustainMsFor(5000, steps)).toBe(15_000);
  });

  it.each([
    ['db_pool', 'database'],
    ['cpu', 'infra'],
  ] as const)('%s: the bottleneck is flagged in %s', (bottleneck, domain) => {
    const sc: Scenario = {
      name: `lab_${bottleneck}`,
      seed: 31,
      startMs: Date.UTC(2026, 0, 15, 8),
      scrapeIntervalSec: 1,
      profile: stepProfile([50, 100, 150, 200, 250, 300], 20, 2),
      capacityRps: 210,
      bottleneck,
      faults: [],
    };
    const truth = deriveTruth(sc, computeTimeline(sc));
    const { panels, tl } = simPanels(sc);
    const r = analyse({
      fromMs: tl.tMs[0]!,
      toMs: tl.tMs[tl.n - 1]!,
      panels,
      slos: [],
      locale: 'en',
      tz: 'UTC',
    });
    expect(r.steps).toHaveLength(6);
    expect(Math.abs(r.peak!.rps - truth.peak!.rps) / truth.peak!.rps).toBeLessThanOrEqual(0.15);
    expect(r.bottleneck).toBe(domain);
    expect(r.domains.find((d) => d.id === domain)!.findings.some((f) => f.role === 'bottleneck')).toBe(true);
  });
});
