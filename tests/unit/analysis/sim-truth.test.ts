import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { computeTimeline } from '../../../src/sim/physics.js';
import { PRESET_NAMES, scenarioByName } from '../../../src/sim/presets.js';
import { deriveTruth } from '../../../src/sim/truth.js';
import { simPanels } from './sim-panels.js';

const BASE = Date.UTC(2026, 0, 15, 8);

/**
 * The simulator's ground truth turned into expectations: the peak within ±8 %, the drop
 * at the right step, the bottleneck domain, and sensible verdicts.
 */
describe('analysis against the simulator truth', () => {
  it.each(PRESET_NAMES)('%s', (name) => {
    const sc = scenarioByName(name, BASE);
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

    expect(r.steps).toHaveLength(truth.steps.length);
    expect(r.peak).not.toBeNull();
    expect(Math.abs(r.peak!.rps - truth.peak!.rps) / truth.peak!.rps).toBeLessThanOrEqual(0.08);
    expect(Math.abs(Date.parse(r.peak!.from) - truth.peak!.fromMs)).toBeLessThanOrEqual(90_000);
    // The truth's `dropAtMs` is the first step past capacity: the report's `breakAt` (its
    // `dropAt` is set only where served throughput fell, which it does not in these tests).
    if (truth.peak!.dropAtMs === null) expect(r.peak!.breakAt).toBeNull();
    else expect(Math.abs(Date.parse(r.peak!.breakAt!) - truth.peak!.dropAtMs)).toBeLessThanOrEqual(90_000);
    expect(r.markers.dropAtMs).toBe(r.peak!.dropAt === null ? null : Date.parse(r.peak!.dropAt));
    expect(r.bottleneck).toBe(truth.bottleneckDomain);
    if (truth.bottleneckDomain) {
      const own = r.domains.find((d) => d.id === truth.bottleneckDomain)!;
      expect(own.status).not.toBe('ok');
    }
    expect(r.mode).toBe(name === 'soak_leak' ? 'soak' : 'capacity');
    const expected = {
      step_none: 'pass',
      soak_leak: 'risk',
      error_burst: 'risk',
      step_kafka: 'risk',
    } as const;
    expect(r.verdict).toBe(expected[name as keyof typeof expected] ?? 'fail');
  });
});
