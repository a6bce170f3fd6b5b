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
export function fitStep(
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

/** Most points per series `chooseStep` aims at: enough for 1 s steps over half an hour. */
export const TARGET_MAX_POINTS = 2_000;
/** Scrape interval assumed when it is unknown (Prometheus' usual default). */
export const DEFAULT_SCRAPE_SEC = 15;

/** What `chooseStep` needs to know about a window and its data. */
export interface StepRequest {
  fromMs: number;
  toMs: number;
  /** The data's scrape interval in seconds (see `scrapeSecFromCount`); null or absent → 15 s. */
  scrapeSec?: number | null;
  /** The source's limit of points per series. */
  maxPoints?: number;
}

/**
 * The query step for a window: as fine as the data is scraped, coarsened only to keep a
 * series under TARGET_MAX_POINTS (and always under the source's `maxPoints`). A step finer
 * than the scrape interval only repeats samples; a step much coarser than it throws away
 * the level changes a short load step makes (a 6-minute window scraped every 2 s is read
 * at 2 s, 181 points, not at 15 s, 25 points). 1 h at 15 s → 15 s; 1 h at 1 s → 2 s; 24 h
 * at 15 s → 1 min; 7 days → 10 min. Always a nice step.
 */
export function chooseStep(req: StepRequest): number {
  const { fromMs, toMs } = req;
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs < fromMs) {
    throw new LoadLensError('BAD_INTERVAL', `invalid window: ${fromMs}..${toMs}`);
  }
  const scrape =
    req.scrapeSec != null && req.scrapeSec > 0 && Number.isFinite(req.scrapeSec)
      ? req.scrapeSec
      : DEFAULT_SCRAPE_SEC;
  const durationSec = (toMs - fromMs) / 1000;
  const wanted = niceStep(Math.max(scrape, durationSec / (TARGET_MAX_POINTS - 1)));
  return fitStep(fromMs, toMs, wanted, req.maxPoints ?? PROMETHEUS_MAX_POINTS).stepSec;
}

/**
 * The scrape interval from a sample count: `count` samples of one series over `windowSec`
 * seconds (the answer of `max(count_over_time(metric{selector}[window]))`, see
 * `scrapeCountQuery`). Null when there are too few samples to tell (< 3). Rounded to
 * 0.1 s so 14.97 reads as 15.
 */
export function scrapeSecFromCount(count: number, windowSec: number): number | null {
  if (!(count >= 3) || !(windowSec > 0)) return null;
  return Math.round((windowSec / (count - 1)) * 10) / 10;
}

/**
 * The instant PromQL that counts the samples of the most often scraped series of `metric`
 * over the window (evaluate it at the window's end): one small answer, whatever the window.
 * `selector` is a list of label matchers without braces (may be empty).
 */
export function scrapeCountQuery(metric: string, selector: string, windowSec: number): string {
  const sel = selector.trim().length > 0 ? `{${selector}}` : '';
  return `max(count_over_time(${metric}${sel}[${formatDuration(Math.max(1, Math.ceil(windowSec)))}]))`;
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
  const { stepSec, coarsened } = fitStep(fromMs, toMs, desiredStepSec, maxPoints);
  const warnings = coarsened
    ? [
        `step raised from ${formatDuration(desiredStepSec)} to ${formatDuration(stepSec)} to stay under ${maxPoints} points`,
      ]
    : [];
  return { stepSec, warnings };
}
