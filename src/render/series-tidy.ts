/**
 * Tidying of chart lines before drawing: edge spikes of rates removed, flat and empty
 * lines found, lines drawn exactly under another found. Pure functions over values; the
 * planner applies them so the PNG, PDF and browser charts stay the same.
 */

/** At most this many points at each window edge can be a rate artefact. */
export const EDGE_POINTS = 4;
/** A line whose values vary by at most this share of their magnitude is flat. */
export const FLAT_SHARE = 0.01;
/** Two lines closer than this share of the axis maximum (mean gap) overlap. */
export const OVERLAP_SHARE = 0.015;

function finiteOf(v: readonly number[], from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = Math.max(0, from); i < Math.min(v.length, to); i++) {
    const x = v[i]!;
    if (Number.isFinite(x)) out.push(x);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Indexes of leading points that spike above the level that follows them. A rate at the
 * window's first points looks back before the test (or over a counter's start) and often
 * shows a spike that decays over a few points; the settled level is read after them. Only
 * upward spikes go: a low first point is usually the real start of a ramp.
 */
function leadingSpike(v: readonly number[]): number {
  const settled = finiteOf(v, EDGE_POINTS, EDGE_POINTS * 3);
  if (settled.length < EDGE_POINTS) return 0;
  const hi = Math.max(...settled);
  const lo = Math.min(...settled);
  const spread = Math.max(hi - lo, 0.1 * Math.abs(median(settled)), Number.EPSILON);
  let n = 0;
  while (n < EDGE_POINTS && n < v.length) {
    const x = v[n]!;
    if (Number.isFinite(x) && x <= hi + spread) break;
    n++;
  }
  // Only gaps before the first normal point: nothing was trimmed.
  return finiteOf(v, 0, n).length > 0 ? n : 0;
}

/**
 * The values with upward spikes at either window edge replaced by gaps (NaN); the time
 * axis keeps its length, so every chart of a report still spans the same window.
 */
export function trimEdgeSpikes(v: readonly number[]): number[] {
  const out = [...v];
  const head = leadingSpike(v);
  for (let i = 0; i < head; i++) out[i] = Number.NaN;
  const tail = leadingSpike([...v].reverse());
  for (let i = 0; i < tail; i++) out[out.length - 1 - i] = Number.NaN;
  return out;
}

/** Smallest and largest finite value, or null when there is none. */
export function valueRange(v: readonly number[]): { min: number; max: number } | null {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of v) {
    if (!Number.isFinite(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return max >= min ? { min, max } : null;
}

/** True when a line has no finite value, or its values barely move (all zero counts as flat). */
export function isFlat(v: readonly number[]): boolean {
  const r = valueRange(v);
  if (!r) return true;
  const scale = Math.max(Math.abs(r.min), Math.abs(r.max));
  return r.max - r.min <= FLAT_SHARE * scale;
}

/**
 * Mean gap between two lines over their common timestamps, as a share of `scale` (the
 * axis maximum); null when they share fewer than 3 points with values.
 */
export function meanGapShare(
  a: { t: readonly number[]; v: readonly number[] },
  b: { t: readonly number[]; v: readonly number[] },
  scale: number,
): number | null {
  const at = new Map<number, number>();
  for (let i = 0; i < a.t.length; i++) if (Number.isFinite(a.v[i]!)) at.set(a.t[i]!, a.v[i]!);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < b.t.length; i++) {
    const x = at.get(b.t[i]!);
    const y = b.v[i]!;
    if (x === undefined || !Number.isFinite(y)) continue;
    sum += Math.abs(x - y);
    n++;
  }
  if (n < 3 || !(scale > 0)) return null;
  return sum / n / scale;
}

/** True when two lines would be drawn one exactly under the other on an axis up to `scale`. */
export function overlaps(
  a: { t: readonly number[]; v: readonly number[] },
  b: { t: readonly number[]; v: readonly number[] },
  scale: number,
): boolean {
  const share = meanGapShare(a, b, scale);
  return share !== null && share <= OVERLAP_SHARE;
}
