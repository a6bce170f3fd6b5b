import { analyse } from '../../../src/analysis/analyse.js';
import type { CompareRun } from '../../../src/compare/compare.types.js';
import { compareRunFromReport } from '../../../src/compare/compare-input.js';
import { toStoredSeries } from '../../../src/pipeline/to-stored-series.js';
import { stepProfile } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { simPanels } from '../analysis/sim-panels.js';

/** Start of every simulated run A; run B starts a day later (comparisons never look at the date). */
export const BASE_MS = Date.UTC(2026, 0, 15, 8);
const DAY_MS = 86_400_000;

/**
 * A 6-step test like the presets (50…300 rps offered, capacity 210, 8-minute plateaus),
 * shortened to 5-minute plateaus to keep many-seed loops fast.
 */
export function stepScenario(over: Partial<Scenario> = {}): Scenario {
  return {
    name: 'pair',
    seed: 1,
    startMs: BASE_MS,
    scrapeIntervalSec: 15,
    profile: stepProfile([50, 100, 150, 200, 250, 300], 300, 60),
    capacityRps: 210,
    bottleneck: 'cpu',
    faults: [],
    baseLatencyMs: 40,
    ...over,
  };
}

/**
 * One simulated run through the pure path the pipeline takes: simulator timeline → panels
 * (as the packs would query them) → `analyse` → the report's steps and the stored series.
 */
export function simRun(s: Scenario, id = `${s.name}-${s.seed}`): CompareRun {
  const { panels, tl } = simPanels(s);
  const fromMs = tl.tMs[0]!;
  const toMs = tl.tMs[tl.n - 1]!;
  const r = analyse({ fromMs, toMs, panels, slos: [], locale: 'en', tz: 'UTC' });
  return compareRunFromReport(
    {
      runId: id,
      name: id,
      service: 'orders',
      window: { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() },
      steps: r.steps,
      peak: r.peak,
    },
    toStoredSeries(panels),
  );
}

/** A pair: A from `a`, B from `b` with another seed, a day later. */
export function simPair(a: Partial<Scenario>, b: Partial<Scenario>, seedA: number, seedB: number) {
  const sa = stepScenario({ seed: seedA, ...a });
  const sb = stepScenario({ seed: seedB, startMs: BASE_MS + DAY_MS, ...b });
  return { a: simRun(sa, `a${seedA}`), b: simRun(sb, `b${seedB}`) };
}
