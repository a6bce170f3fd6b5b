import { LoadLensError } from '../core/errors.js';
import type { CompareFloors, CompareOptions } from './compare.types.js';
import { DEFAULT_FLOORS } from './metric-direction.js';

/** Every option of a comparison, defaults filled in. */
export type Settings = Required<Omit<CompareOptions, 'floors'>> & { floors: CompareFloors };

export const DEFAULT_SETTINGS: Settings = {
  alpha: 0.01,
  minRelativeChange: 0.05,
  minEffect: 0.33,
  floors: DEFAULT_FLOORS,
  stepTolerance: 0.1,
  blockMs: 5 * 60_000,
  maxSamples: 240,
  minSamples: 5,
  confidence: 0.95,
  top: 5,
};

function check(ok: boolean, what: string): void {
  if (!ok) throw new LoadLensError('BAD_INPUT', `compare options: ${what}`);
}

/** Fills in defaults and rejects nonsense (BAD_INPUT) before any work is done. */
export function resolveSettings(opts: CompareOptions = {}): Settings {
  const s: Settings = {
    ...DEFAULT_SETTINGS,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
    floors: { ...DEFAULT_FLOORS, ...opts.floors },
  };
  check(s.alpha > 0 && s.alpha < 1, `alpha must be in (0, 1), got ${s.alpha}`);
  check(s.confidence > 0 && s.confidence < 1, `confidence must be in (0, 1), got ${s.confidence}`);
  check(s.minRelativeChange >= 0, 'minRelativeChange must be ≥ 0');
  check(s.minEffect >= 0 && s.minEffect <= 1, 'minEffect must be in [0, 1]');
  check(s.stepTolerance >= 0 && s.stepTolerance < 1, 'stepTolerance must be in [0, 1)');
  check(s.blockMs >= 1000, 'blockMs must be at least 1000');
  check(Number.isInteger(s.maxSamples) && s.maxSamples >= 10, 'maxSamples must be an integer ≥ 10');
  check(Number.isInteger(s.minSamples) && s.minSamples >= 2, 'minSamples must be an integer ≥ 2');
  check(Number.isInteger(s.top) && s.top >= 1, 'top must be a positive integer');
  for (const [k, v] of Object.entries(s.floors))
    check(Number.isFinite(v) && v >= 0, `floor ${k} must be ≥ 0`);
  return s;
}
