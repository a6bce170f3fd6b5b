import type { RawSeries } from './series-build.js';
import { pointCount } from './step.js';

/**
 * Time shards of a range query, as the query frontends of Mimir and Thanos cut them.
 *
 * Shard size: windows up to SHARD_FROM_MS (4 h) are one query, so an hour's report — the
 * demo, the lab, recordings — sends exactly what it always sent. Longer windows are cut
 * into pieces of about SHARD_SPAN_MS (3 h) and at most SHARD_MAX_POINTS points per
 * series: a 24 h soak becomes 8 shards, which the source's default concurrency (8) runs
 * on 8 Prometheus cores at once, each shard reading an eighth of the samples. Every shard
 * evaluates on the unsharded query's own grid (`from + k·step`), so the stitched series
 * hold exactly the points one query would have returned: none twice, none missing.
 */
export const SHARD_FROM_MS = 4 * 3_600_000;
export const SHARD_SPAN_MS = 3 * 3_600_000;
export const SHARD_MAX_POINTS = 2_000;
/** A piece is never halved below this many points per series. */
export const MIN_PIECE_POINTS = 30;

/** A part of a range query: points `first..last` of the query's grid. */
export interface Piece {
  fromMs: number;
  toMs: number;
  stepSec: number;
  /** Index of the first and last grid point the piece evaluates. */
  first: number;
  last: number;
}

/** Grid points a piece evaluates. */
export const piecePoints = (p: Piece) => p.last - p.first + 1;

function piece(
  fromMs: number,
  toMs: number,
  stepSec: number,
  first: number,
  last: number,
  end: number,
): Piece {
  const stepMs = stepSec * 1000;
  const pieceEnd = last === end ? toMs : fromMs + last * stepMs;
  return { fromMs: fromMs + first * stepMs, toMs: pieceEnd, stepSec, first, last };
}

/**
 * Cuts `fromMs..toMs` at `stepSec` into shards (see the module note). The last shard
 * ends at `toMs` itself, so a one-shard plan is the unsharded query unchanged.
 */
export function planShards(fromMs: number, toMs: number, stepSec: number): Piece[] {
  const n = pointCount(fromMs, toMs, stepSec);
  const windowMs = toMs - fromMs;
  const count =
    windowMs <= SHARD_FROM_MS
      ? 1
      : Math.min(
          n,
          // About 3 h each (24 h and a few seconds is still 8 shards), at least two.
          Math.max(2, Math.round(windowMs / SHARD_SPAN_MS), Math.ceil(n / SHARD_MAX_POINTS)),
        );
  const out: Piece[] = [];
  for (let i = 0; i < count; i++) {
    const first = Math.floor((i * n) / count);
    const last = Math.floor(((i + 1) * n) / count) - 1;
    out.push(piece(fromMs, toMs, stepSec, first, last, n - 1));
  }
  return out;
}

/** Two halves of a piece on its grid, or null when it is at the floor (MIN_PIECE_POINTS). */
export function halve(
  p: Piece,
  queryFromMs: number,
  queryToMs: number,
  lastIndex: number,
): [Piece, Piece] | null {
  if (piecePoints(p) < 2 * MIN_PIECE_POINTS) return null;
  const mid = p.first + Math.floor(piecePoints(p) / 2) - 1;
  return [
    piece(queryFromMs, queryToMs, p.stepSec, p.first, mid, lastIndex),
    piece(queryFromMs, queryToMs, p.stepSec, mid + 1, p.last, lastIndex),
  ];
}

/**
 * A piece's timeout: the configured one (`baseMs`) for a whole first-level shard, and a
 * share proportional to its time span for a part of one, never under
 * `max(500 ms, baseMs / 8)` (nor over `baseMs`).
 */
export function pieceTimeoutMs(spanMs: number, fullSpanMs: number, baseMs: number): number {
  const floor = Math.min(baseMs, Math.max(500, Math.round(baseMs / 8)));
  if (!(fullSpanMs > 0)) return baseMs;
  return Math.min(baseMs, Math.max(floor, Math.round((baseMs * spanMs) / fullSpanMs)));
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Joins the answers of consecutive pieces (in time order) into one answer: samples of
 * the same label set are concatenated, a timestamp already seen is dropped, and a series
 * present in only some pieces is kept with what those pieces returned.
 */
export function stitchRaw(parts: readonly (readonly RawSeries[])[]): RawSeries[] {
  if (parts.length === 1) return [...parts[0]!];
  const byKey = new Map<string, RawSeries>();
  for (const part of parts) {
    for (const r of part) {
      const key = labelKey(r.labels);
      const acc = byKey.get(key);
      if (!acc) {
        byKey.set(key, { ...r, t: [...r.t], v: [...r.v] });
        continue;
      }
      let lastT = acc.t.length > 0 ? acc.t[acc.t.length - 1]! : Number.NEGATIVE_INFINITY;
      for (let i = 0; i < r.t.length; i++) {
        const t = r.t[i]!;
        if (t <= lastT) continue;
        acc.t.push(t);
        acc.v.push(r.v[i]!);
        lastT = t;
      }
    }
  }
  return [...byKey.values()];
}
