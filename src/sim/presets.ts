import { LoadLensError } from '../core/errors.js';
import type { Bottleneck, ProfileSegment, Scenario } from './scenario.js';

/** Names of the standard scenarios, in the order `standardScenarios` returns them. */
export const PRESET_NAMES = [
  'step_db_pool',
  'step_cpu',
  'step_gc',
  'step_kafka',
  'step_none',
  'soak_leak',
  'error_burst',
] as const;

export type PresetName = (typeof PRESET_NAMES)[number];

/** Offered load of the step tests: the capacity (210 rps) lies between the 4th and 5th step. */
export const STEP_LEVELS_RPS = [50, 100, 150, 200, 250, 300] as const;

/** Capacity of the saturating presets: 200 rps follows (95 %), 250 rps does not. */
export const PRESET_CAPACITY_RPS = 210;

const SCRAPE_SEC = 15;
const STEP_SEC = 480;
const RAMP_SEC = 60;

/**
 * A k6-style staged profile: ramp up from 0 to the first level, hold each level for
 * `stepSec` with `rampSec` linear ramps between, then ramp down to 0.
 */
export function stepProfile(
  levels: readonly number[],
  stepSec = STEP_SEC,
  rampSec = RAMP_SEC,
): ProfileSegment[] {
  const out: ProfileSegment[] = [];
  let prev = 0;
  for (const rps of levels) {
    out.push({ kind: 'ramp', fromRps: prev, toRps: rps, durationSec: rampSec });
    out.push({ kind: 'step', rps, durationSec: stepSec });
    prev = rps;
  }
  out.push({ kind: 'ramp', fromRps: prev, toRps: 0, durationSec: rampSec });
  return out;
}

function stepTest(name: string, seed: number, startMs: number, bottleneck: Bottleneck): Scenario {
  return {
    name,
    seed,
    startMs,
    scrapeIntervalSec: SCRAPE_SEC,
    profile: stepProfile(STEP_LEVELS_RPS),
    // With no bottleneck the system has head-room above the top step.
    capacityRps: bottleneck === 'none' ? 450 : PRESET_CAPACITY_RPS,
    bottleneck,
    faults: [],
  };
}

function build(name: PresetName, startMs: number): Scenario {
  switch (name) {
    case 'step_db_pool':
      return stepTest(name, 1001, startMs, 'db_pool');
    case 'step_cpu':
      return stepTest(name, 1002, startMs, 'cpu');
    case 'step_gc':
      return stepTest(name, 1003, startMs, 'gc');
    case 'step_kafka':
      return stepTest(name, 1004, startMs, 'kafka');
    case 'step_none':
      return stepTest(name, 1005, startMs, 'none');
    case 'soak_leak':
      // ~1 h at 120 rps (57 % of capacity) while the heap leaks 6 MiB a minute.
      return {
        name,
        seed: 1006,
        startMs,
        scrapeIntervalSec: SCRAPE_SEC,
        profile: stepProfile([120], 3360),
        capacityRps: PRESET_CAPACITY_RPS,
        bottleneck: 'none',
        faults: [{ kind: 'memory_leak', bytesPerMinute: 6 * 1024 * 1024 }],
      };
    case 'error_burst':
      // Four 10-minute steps far below capacity; 25 % errors for 2 minutes inside the third.
      return {
        name,
        seed: 1007,
        startMs,
        scrapeIntervalSec: SCRAPE_SEC,
        profile: stepProfile([40, 80, 120, 160], 600),
        capacityRps: PRESET_CAPACITY_RPS,
        bottleneck: 'none',
        faults: [{ kind: 'error_burst', atSec: 1500, durationSec: 120, errorRate: 0.25 }],
      };
  }
}

/**
 * The standard scenario set: one ~1 h step test per bottleneck, a soak with a memory leak and
 * a test with an error burst. Scenario `i` starts at `baseStartMs + i * spacingMs`, so they
 * can share one Prometheus/InfluxDB without overlapping.
 */
export function standardScenarios(baseStartMs: number, spacingMs = 2 * 3600_000): Scenario[] {
  return PRESET_NAMES.map((name, i) => build(name, baseStartMs + i * spacingMs));
}

/** One standard scenario by name, with the same start time `standardScenarios` gives it. */
export function scenarioByName(name: string, baseStartMs: number, spacingMs = 2 * 3600_000): Scenario {
  const i = PRESET_NAMES.indexOf(name as PresetName);
  if (i < 0) {
    throw new LoadLensError('BAD_INPUT', `Unknown scenario "${name}"; known: ${PRESET_NAMES.join(', ')}`, {
      details: { name },
    });
  }
  return build(name as PresetName, baseStartMs + i * spacingMs);
}
