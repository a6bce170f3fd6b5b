import type { TimeSeries } from './signals.js';
import { growsSteadily } from './signals.js';
import type { Step } from './steps.js';

/** Throughput must grow by at least this share of the relative load increase to "follow" it. */
export const FOLLOW_SHARE = 0.5;
/** Load increases below this (relative) are not a new step for the following test. */
export const MIN_LOAD_INCREASE = 0.03;
/** p95 growing by this factor between steps counts as latency climbing. */
export const LATENCY_CLIMB = 1.2;
/** Error ratio growing by this many points (absolute) counts as errors climbing. */
export const ERROR_CLIMB = 0.01;
/** Throughput falling by more than this (relative) is a drop even without a latency signal. */
export const THROUGHPUT_FALL = 0.05;
/** Smallest lag rise (messages) over a step that can count as the consumer falling behind. */
export const LAG_MIN_GROWTH = 50;

/** A step's mean error rate at or above this, and this far above the quietest step's, is unsustainable. */
export const STEP_ERROR_RATE = 0.01;

/**
 * Without offered load: p95 growing by this factor over the last sustainable step while
 * throughput grows by less than FLAT_THROUGHPUT is the latency knee (the server only queues).
 */
export const KNEE_WITHOUT_LOAD = 1.5;
/** Relative throughput growth below which, without offered load, throughput counts as flat. */
export const FLAT_THROUGHPUT = 0.1;

/**
 * Why a step is past capacity: throughput stopped following the load (or, without offered
 * load, fell), the Kafka consumer fell behind, errors grew, or — without offered load —
 * latency climbed while throughput stayed flat (degradation).
 */
export type DropReason = 'throughput' | 'kafka_lag' | 'errors' | 'latency';

export interface PeakResult {
  /** Index of the peak step, or null. */
  index: number | null;
  /** Index of the first unsustainable step after the peak, or null. */
  dropIndex: number | null;
  dropAtMs: number | null;
  dropReason: DropReason | null;
  /** Per step: why it is not sustainable, or null when it is. */
  reasons: Array<DropReason | null>;
  /** Per step: the sustainable step its throughput was compared with, or null. */
  reference: Array<number | null>;
  /**
   * True when something broke at or past the peak: a later step is unsustainable, or the
   * peak is a single plateau that was not sustainable itself (errors, growing lag, SLOs).
   */
  saturated: boolean;
  /**
   * True when throughput really fell at the drop (below the peak's by more than
   * THROUGHPUT_FALL): only then is it a "drop" to draw; otherwise the step past the peak
   * degraded (latency, errors) while throughput held.
   */
  throughputFell: boolean;
  /** True when the steps' load is a concurrency the server measured (see `followThreshold`). */
  concurrencyLoad: boolean;
}

export interface PeakOptions {
  /**
   * The steps' `load` is a concurrency measured at the server (connections, requests in
   * flight) rather than the load tool's offered load: see `followThreshold`.
   */
  concurrencyLoad?: boolean;
}

/** True when the consumer falls behind during the step (lag grows steadily over its middle). */
export function lagGrowsOver(lag: TimeSeries | null, step: Step): boolean {
  return (
    lag !== null &&
    growsSteadily(lag, step.midFromMs, step.midToMs, {
      minR2: 0.6,
      minRelative: 0.25,
      minAbsolute: LAG_MIN_GROWTH,
    })
  );
}

/**
 * Throughput growth (relative) that still "follows" a relative load increase `loadInc`:
 * FOLLOW_SHARE of it for an offered load, and for a concurrency load (connections or
 * requests in flight measured at the server) at most FLAT_THROUGHPUT. By Little's law
 * (L = λ·W) throughput grows sub-linearly with concurrency as soon as latency grows at all,
 * long before capacity; a concurrency step that still adds a tenth more throughput has not
 * peaked.
 */
export function followThreshold(loadInc: number, concurrencyLoad: boolean): number {
  return concurrencyLoad ? Math.min(FOLLOW_SHARE * loadInc, FLAT_THROUGHPUT) : FOLLOW_SHARE * loadInc;
}

/**
 * Throughput stops following between `prev` and `cur` when the load rose but the
 * throughput grew by less than `followThreshold` of that rise (or fell), while latency or
 * errors climbed. Without an offered-load series the test cannot apply (false).
 */
export function stopsFollowing(prev: Step, cur: Step, concurrencyLoad = false): boolean {
  if (prev.load === null || cur.load === null || prev.rps === null || cur.rps === null) return false;
  if (prev.load <= 0 || prev.rps <= 0) return false;
  const loadInc = (cur.load - prev.load) / prev.load;
  if (loadInc < MIN_LOAD_INCREASE) return false;
  const thrInc = (cur.rps - prev.rps) / prev.rps;
  if (thrInc >= followThreshold(loadInc, concurrencyLoad)) return false;
  const latencyKnown = prev.p95Ms !== null && cur.p95Ms !== null;
  const errorsKnown = prev.errorRate !== null && cur.errorRate !== null;
  const latencyClimbs = latencyKnown && cur.p95Ms! > LATENCY_CLIMB * prev.p95Ms!;
  const errorsClimb = errorsKnown && cur.errorRate! > prev.errorRate! + ERROR_CLIMB;
  return latencyClimbs || errorsClimb || thrInc < -THROUGHPUT_FALL || (!latencyKnown && !errorsKnown);
}

/**
 * Without an offered-load series (the steps were cut from the server's own levels): `cur`
 * is past capacity when its throughput fell by more than THROUGHPUT_FALL below `prev`
 * (`throughput`), or its p95 grew KNEE_WITHOUT_LOAD-fold while throughput grew less than
 * FLAT_THROUGHPUT (`latency`). Null when it held, or when offered load is known.
 */
export function degradesWithoutLoad(prev: Step, cur: Step): DropReason | null {
  if (prev.load !== null || cur.load !== null || prev.rps === null || cur.rps === null || prev.rps <= 0) {
    return null;
  }
  const thrInc = (cur.rps - prev.rps) / prev.rps;
  if (thrInc < -THROUGHPUT_FALL) return 'throughput';
  if (prev.p95Ms !== null && cur.p95Ms !== null && prev.p95Ms > 0) {
    if (cur.p95Ms >= KNEE_WITHOUT_LOAD * prev.p95Ms && thrInc < FLAT_THROUGHPUT) return 'latency';
  }
  return null;
}

/**
 * Which steps are sustainable. A step is not when (1) its throughput stopped following the
 * load compared with the last sustainable step below it, (2) consumer lag grows steadily
 * across it, or (3) its mean error rate reaches STEP_ERROR_RATE and is that much above the
 * quietest step's (a constant background error rate does not count as climbing).
 */
function judgeSteps(
  steps: Step[],
  lag: TimeSeries | null,
  knee: boolean,
  concurrencyLoad: boolean,
): Pick<PeakResult, 'reasons' | 'reference'> {
  const quietest = Math.min(...steps.map((s) => s.errorRate ?? Infinity));
  const reasons: Array<DropReason | null> = [];
  const reference: Array<number | null> = [];
  let ref: Step | null = null;
  for (const s of steps) {
    reference.push(ref?.index ?? null);
    let reason: DropReason | null = null;
    // With latency SLOs the SLOs judge latency; the built-in knee only decides without them.
    const degraded = ref ? degradesWithoutLoad(ref, s) : null;
    if (ref && stopsFollowing(ref, s, concurrencyLoad)) reason = 'throughput';
    else if (degraded === 'throughput' || (degraded === 'latency' && knee)) reason = degraded;
    else if (lagGrowsOver(lag, s)) reason = 'kafka_lag';
    else if (
      s.errorRate !== null &&
      s.errorRate >= STEP_ERROR_RATE &&
      s.errorRate >= quietest + STEP_ERROR_RATE
    ) {
      reason = 'errors';
    }
    reasons.push(reason);
    if (reason === null) ref = s;
  }
  return { reasons, reference };
}

/**
 * The peak sustainable step (see `judgeSteps` for what is sustainable).
 *
 * - With latency/error SLOs (`sloPass` given): the highest-throughput sustainable step whose
 *   SLOs hold, preferring stable steps (an unstable one only when no stable one qualifies).
 * - Without: the highest-throughput sustainable step — on a rising profile the last one
 *   before throughput stops following.
 *
 * A single plateau (a soak, one constant-rate run) is its own peak whatever happened on
 * it: its throughput is what the system sustained, and `saturated` tells whether something
 * broke there. `dropAt` is the start of the first unsustainable step after the peak (null
 * if none).
 */
export function findPeak(
  steps: Step[],
  lag: TimeSeries | null,
  sloPass?: Array<boolean | null>,
  opts: PeakOptions = {},
): PeakResult {
  const concurrencyLoad = opts.concurrencyLoad ?? false;
  const judged = judgeSteps(steps, lag, !sloPass, concurrencyLoad);
  let candidates = steps.filter((s) => judged.reasons[s.index] === null);
  if (sloPass) {
    const passing = candidates.filter((s) => sloPass[s.index] !== false);
    const stable = passing.filter((s) => s.stable);
    candidates = stable.length > 0 ? stable : passing;
  }
  let best: Step | null = null;
  for (const s of candidates) if (!best || (s.rps ?? 0) >= (best.rps ?? 0)) best = s;
  const only = steps.length === 1 ? steps[0]! : null;
  const brokeOnPlateau = only !== null && (judged.reasons[0] !== null || sloPass?.[0] === false);
  if (!best && only && only.rps !== null) best = only;
  const from = best ? best.index + 1 : 0;
  let dropIndex: number | null = null;
  for (let i = from; i < steps.length; i++) {
    if (judged.reasons[i] !== null) {
      dropIndex = i;
      break;
    }
  }
  const drop = dropIndex === null ? null : steps[dropIndex]!;
  return {
    index: best?.index ?? null,
    dropIndex,
    dropAtMs: drop?.fromMs ?? null,
    dropReason: dropIndex === null ? null : judged.reasons[dropIndex]!,
    ...judged,
    saturated:
      best !== null &&
      (dropIndex !== null ||
        brokeOnPlateau ||
        steps.some((s) => s.index > best.index && sloPass?.[s.index] === false)),
    concurrencyLoad,
    throughputFell: best?.rps != null && drop?.rps != null && drop.rps < best.rps * (1 - THROUGHPUT_FALL),
  };
}
