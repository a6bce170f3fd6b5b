import { describe, expect, it } from 'vitest';
import {
  halve,
  MIN_PIECE_POINTS,
  piecePoints,
  pieceTimeoutMs,
  planShards,
  stitchRaw,
} from '../../../src/sources/range-shards.js';
import { pointCount } from '../../../src/sources/step.js';

const FROM = Date.UTC(2026, 0, 1, 0, 0, 7);
const H = 3_600_000;

describe('planShards', () => {
  it('keeps a window up to 4 h as the one unsharded query, ending at the asked end', () => {
    const to = FROM + H + 4_321;
    expect(planShards(FROM, to, 15)).toEqual([
      { fromMs: FROM, toMs: to, stepSec: 15, first: 0, last: pointCount(FROM, to, 15) - 1 },
    ]);
    expect(planShards(FROM, FROM + 4 * H, 15)).toHaveLength(1);
  });

  it('cuts 24 h into 8 shards on the query grid, covering every point exactly once', () => {
    const to = FROM + 24 * H + 30_000;
    const step = 60;
    const shards = planShards(FROM, to, step);
    expect(shards).toHaveLength(8);
    const seen: number[] = [];
    for (const s of shards) {
      expect((s.fromMs - FROM) % (step * 1000)).toBe(0);
      expect(s.fromMs).toBe(FROM + s.first * step * 1000);
      for (let k = s.first; k <= s.last; k++) seen.push(k);
    }
    expect(seen).toEqual([...Array(pointCount(FROM, to, step)).keys()]);
    expect(shards.at(-1)!.toMs).toBe(to);
    // Interior shards end on their last grid point, so the next one starts one step later.
    expect(shards[1]!.fromMs - shards[0]!.toMs).toBe(step * 1000);
  });

  it('adds shards when a long window at a fine step exceeds 2,000 points per shard', () => {
    const shards = planShards(FROM, FROM + 6 * H, 1);
    expect(shards.length).toBe(Math.ceil(pointCount(FROM, FROM + 6 * H, 1) / 2_000));
    for (const s of shards) expect(piecePoints(s)).toBeLessThanOrEqual(2_000);
  });
});

describe('halve', () => {
  it('splits a piece on the grid and stops at the floor', () => {
    const to = FROM + 24 * H;
    const [s] = planShards(FROM, to, 60);
    const last = pointCount(FROM, to, 60) - 1;
    const halves = halve(s!, FROM, to, last)!;
    expect(halves[0].first).toBe(s!.first);
    expect(halves[1].last).toBe(s!.last);
    expect(halves[1].first).toBe(halves[0].last + 1);
    expect(halves[1].fromMs).toBe(FROM + halves[1].first * 60_000);
    const small = { ...s!, last: s!.first + 2 * MIN_PIECE_POINTS - 2 };
    expect(halve(small, FROM, to, last)).toBeNull();
  });
});

describe('pieceTimeoutMs', () => {
  it('gives a whole shard the configured timeout and a part a proportional share above a floor', () => {
    expect(pieceTimeoutMs(3 * H, 3 * H, 30_000)).toBe(30_000);
    expect(pieceTimeoutMs(1.5 * H, 3 * H, 30_000)).toBe(15_000);
    expect(pieceTimeoutMs(0.75 * H, 3 * H, 30_000)).toBe(7_500);
    expect(pieceTimeoutMs(0.01 * H, 3 * H, 30_000)).toBe(3_750);
    expect(pieceTimeoutMs(100, 3 * H, 1_500)).toBe(500);
    expect(pieceTimeoutMs(0, 0, 30_000)).toBe(30_000);
  });
});

describe('stitchRaw', () => {
  it('joins series by label set, drops seam duplicates and keeps series seen in only some shards', () => {
    const a = { labels: { uri: '/a' }, t: [0, 1000], v: [1, 2] };
    const b = { labels: { uri: '/b' }, t: [1000], v: [5] };
    const a2 = { labels: { uri: '/a' }, t: [1000, 2000, 3000], v: [2, 3, 4] };
    const c = { labels: { uri: '/c' }, t: [3000], v: [9] };
    const out = stitchRaw([
      [a, b],
      [c, a2],
    ]);
    expect(out.map((r) => r.labels.uri)).toEqual(['/a', '/b', '/c']);
    expect(out[0]).toEqual({ labels: { uri: '/a' }, t: [0, 1000, 2000, 3000], v: [1, 2, 3, 4] });
    expect(out[1]!.t).toEqual([1000]);
    expect(out[2]!.t).toEqual([3000]);
    // The inputs are not modified.
    expect(a.t).toEqual([0, 1000]);
  });

  it('matches label sets whatever the order of their keys', () => {
    const out = stitchRaw([
      [{ labels: { a: '1', b: '2' }, t: [0], v: [1] }],
      [{ labels: { b: '2', a: '1' }, t: [60_000], v: [2] }],
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.v).toEqual([1, 2]);
  });
});
