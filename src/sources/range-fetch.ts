import { isLoadLensError, LoadLensError } from '../core/errors.js';
import { halve, type Piece, pieceTimeoutMs, planShards, stitchRaw } from './range-shards.js';
import type { RawSeries } from './series-build.js';
import { formatDuration, niceStep, pointCount } from './step.js';

/** What one piece of a range query returned. */
export interface PieceAnswer {
  raw: RawSeries[];
  warnings: string[];
}

/** A range query to fetch in pieces. */
export interface RangeFetchPlan {
  fromMs: number;
  toMs: number;
  stepSec: number;
  /** Timeout of a whole first-level shard (the source's configured timeout). */
  timeoutMs: number;
  /** The query's id or text, for warnings and errors. */
  label: string;
  /** `Prometheus`, `Grafana`: who timed out. */
  system: string;
}

/** The stitched answer, the step it is at, what was done to get it, and the requests sent. */
export interface RangeFetchResult {
  raw: RawSeries[];
  stepSec: number;
  warnings: string[];
  tries: number;
}

/** Fetches one piece within a timeout; throws LoadLensError (SOURCE_TIMEOUT when it timed out). */
export type FetchPiece = (p: Piece, timeoutMs: number) => Promise<PieceAnswer>;

/** Halvings of a timed-out shard before the step is coarsened instead (1 shard → 4 quarters). */
const MAX_SPLIT_DEPTH = 2;
/** The coarser step after splitting did not help: four times fewer evaluations. */
const COARSEN_FACTOR = 4;
/** Below this many points per series a coarser step would say too little to be worth it. */
const MIN_COARSE_POINTS = 10;

const isTimeout = (err: unknown) => isLoadLensError(err, 'SOURCE_TIMEOUT');
const triesOf = (err: unknown) => {
  const n = isLoadLensError(err) ? err.details.tries : undefined;
  return typeof n === 'number' && n > 0 ? n : 1;
};

/** The first rejection of settled promises, preferring one that is not a timeout. */
function firstFailure(settled: PromiseSettledResult<unknown>[]): unknown {
  const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  return (failed.find((f) => !isTimeout(f.reason)) ?? failed[0])?.reason;
}

/**
 * Fetches a range query as time shards (see `range-shards.ts`), concurrently — the source's
 * limiter bounds how many run at once. A timeout is never answered with the same request:
 * the timed-out shard is halved (each half with a proportional timeout, down to a floor),
 * and if a piece still times out, the whole query is asked once more at a 4× coarser step.
 * What was done is returned as a warning; when nothing helped, the SOURCE_TIMEOUT thrown
 * says how many requests were sent (`details.tries`). Other errors end it at once.
 */
export async function fetchInPieces(plan: RangeFetchPlan, fetchPiece: FetchPiece): Promise<RangeFetchResult> {
  const { fromMs, toMs, stepSec } = plan;
  const warnings: string[] = [];
  let tries = 0;
  let halved = 0;
  const lastIndex = pointCount(fromMs, toMs, stepSec) - 1;
  const shards = planShards(fromMs, toMs, stepSec);
  const fullSpan = Math.max(...shards.map((s) => s.toMs - s.fromMs));

  const run = async (p: Piece, depth: number): Promise<RawSeries[][]> => {
    try {
      const a = await fetchPiece(p, pieceTimeoutMs(p.toMs - p.fromMs, fullSpan, plan.timeoutMs));
      tries++;
      warnings.push(...a.warnings);
      return [a.raw];
    } catch (err) {
      tries += triesOf(err);
      const halves = isTimeout(err) && depth < MAX_SPLIT_DEPTH ? halve(p, fromMs, toMs, lastIndex) : null;
      if (!halves) throw err;
      halved++;
      const settled = await Promise.allSettled(halves.map((h) => run(h, depth + 1)));
      if (settled.some((s) => s.status === 'rejected')) throw firstFailure(settled);
      return settled.flatMap((s) => (s as PromiseFulfilledResult<RawSeries[][]>).value);
    }
  };

  const fine = await Promise.allSettled(shards.map((s) => run(s, 0)));
  let failure = firstFailure(fine);
  if (failure === undefined) {
    const parts = fine.flatMap((s) => (s as PromiseFulfilledResult<RawSeries[][]>).value);
    if (halved > 0) {
      warnings.push(
        `${plan.label}: ${plan.system} timed out on part of the window; fetched it in shorter pieces`,
      );
    }
    return { raw: stitchRaw(parts), stepSec, warnings: dedupe(warnings), tries };
  }
  if (!isTimeout(failure)) throw withTries(failure, tries);

  const coarse = niceStep(stepSec * COARSEN_FACTOR);
  if (pointCount(fromMs, toMs, coarse) >= MIN_COARSE_POINTS) {
    const pieces = planShards(fromMs, toMs, coarse);
    const span = Math.max(...pieces.map((s) => s.toMs - s.fromMs));
    const settled = await Promise.allSettled(
      pieces.map(async (p) => {
        try {
          const a = await fetchPiece(p, pieceTimeoutMs(p.toMs - p.fromMs, span, plan.timeoutMs));
          tries++;
          return a;
        } catch (err) {
          tries += triesOf(err);
          throw err;
        }
      }),
    );
    failure = firstFailure(settled);
    if (failure === undefined) {
      const answers = settled.map((s) => (s as PromiseFulfilledResult<PieceAnswer>).value);
      for (const a of answers) warnings.push(...a.warnings);
      warnings.push(
        `${plan.label} fetched at ${formatDuration(coarse)} step instead of ${formatDuration(stepSec)}: ${plan.system} timed out`,
      );
      return {
        raw: stitchRaw(answers.map((a) => a.raw)),
        stepSec: coarse,
        warnings: dedupe(warnings),
        tries,
      };
    }
    if (!isTimeout(failure)) throw withTries(failure, tries);
  }
  const last = failure as LoadLensError;
  throw new LoadLensError(
    'SOURCE_TIMEOUT',
    `${plan.system} timed out on ${plan.label} after ${tries} ${tries === 1 ? 'try' : 'tries'}: ${last.message}`,
    { cause: last, details: { ...last.details, tries }, retryable: true },
  );
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** The error with the query's total request count (all pieces) in `details.tries`. */
function withTries(err: unknown, tries: number): unknown {
  if (isLoadLensError(err)) err.details.tries = tries;
  return err;
}
