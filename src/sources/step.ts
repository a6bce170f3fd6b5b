import { LoadLensError } from '../core/errors.js';

/** Prometheus refuses ranges with more points per series than this. */
export const PROMETHEUS_MAX_POINTS = 11_000;

/** Steps a human would pick on a dashboard, in seconds (ascending). */
const NICE_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
];

/** The smallest "nice" step ≥ `sec` (whole days beyond one day). */
export function niceStep(sec: number): number {
  for (const s of NICE_STEPS) if (s >= sec) return s;
  return Math.ceil(sec / 86_400) * 86_400;
}

/** Points per series Prometheus returns for a range at a step (both ends inclusive). */
export function pointCount(fromMs: number, toMs: number, stepSec: number): number {
  return Math.floor((toMs - fromMs) / 1000 / stepSec) + 1;
}

/**
 * The step to query at: `desiredStepSec` unless that would exceed `maxPoints` per series,
 * in which case the smallest nice step that fits (never finer than asked).
 */
export function chooseStep(
  fromMs: number,
  toMs: number,
  desiredStepSec: number,
  maxPoints = PROMETHEUS_MAX_POINTS,
): { stepSec: number; coarsened: boolean } {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) {
    throw new LoadLensError('BAD_INTERVAL', `invalid window: ${fromMs}..${toMs}`);
  }
  if (!(desiredStepSec > 0) || !Number.isFinite(desiredStepSec)) {
    throw new LoadLensError('BAD_INPUT', `step must be a positive number of seconds, got ${desiredStepSec}`);
  }
  if (pointCount(fromMs, toMs, desiredStepSec) <= maxPoints) {
    return { stepSec: desiredStepSec, coarsened: false };
  }
  // n points span (n − 1) steps, hence the − 1.
  const minStep = (toMs - fromMs) / 1000 / Math.max(1, maxPoints - 1);
  let stepSec = niceStep(Math.max(minStep, desiredStepSec));
  while (pointCount(fromMs, toMs, stepSec) > maxPoints) stepSec = niceStep(stepSec + 1);
  return { stepSec, coarsened: true };
}

/**
 * A default step for a window: roughly 300–1,000 points, but never finer than a typical
 * 15 s scrape interval (finer steps only repeat samples). 1 h → 15 s, 6 h → 30 s, 24 h → 2 min.
 */
export function defaultStep(fromMs: number, toMs: number): number {
  const durationSec = Math.max(0, (toMs - fromMs) / 1000);
  return niceStep(Math.max(15, durationSec / 1000));
}

/** A duration literal understood by PromQL, InfluxQL and Flux: `15s`, `2m`, `1h`, `500ms`. */
export function formatDuration(sec: number): string {
  if (sec < 1 || !Number.isInteger(sec)) return `${Math.max(1, Math.round(sec * 1000))}ms`;
  if (sec % 86_400 === 0) return `${sec / 86_400}d`;
  if (sec % 3600 === 0) return `${sec / 3600}h`;
  if (sec % 60 === 0) return `${sec / 60}m`;
  return `${sec}s`;
}

/**
 * Applies `chooseStep` for a source and phrases the warning the user sees when the step
 * had to be raised.
 */
export function planStep(
  fromMs: number,
  toMs: number,
  desiredStepSec: number,
  maxPoints = PROMETHEUS_MAX_POINTS,
): { stepSec: number; warnings: string[] } {
  const { stepSec, coarsened } = chooseStep(fromMs, toMs, desiredStepSec, maxPoints);
  const warnings = coarsened
    ? [
        `step raised from ${formatDuration(desiredStepSec)} to ${formatDuration(stepSec)} to stay under ${maxPoints} points`,
      ]
    : [];
  return { stepSec, warnings };
}
