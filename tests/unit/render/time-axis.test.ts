import { describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { makeTimeFormatter, pickTickStepMs, timeTicks, tzOffsetMs } from '../../../src/render/time-axis.js';
import { T0 } from './fixtures.js';

const MIN = 60_000;

describe('time axis', () => {
  it('computes zone offsets, including DST', () => {
    expect(tzOffsetMs('Europe/Moscow', T0)).toBe(3 * 60 * MIN);
    expect(tzOffsetMs('UTC', T0)).toBe(0);
    expect(tzOffsetMs('America/New_York', T0)).toBe(-5 * 60 * MIN); // 2 March: EST
    expect(tzOffsetMs('America/New_York', Date.UTC(2026, 6, 1))).toBe(-4 * 60 * MIN); // July: EDT
  });

  it('formats tick labels in the report time zone, 24-hour', () => {
    expect(makeTimeFormatter('en', 'Europe/Moscow')(T0)).toBe('13:00');
    expect(makeTimeFormatter('ru', 'Asia/Kathmandu')(T0)).toBe('15:45');
    expect(makeTimeFormatter('en', 'America/New_York')(T0 + 5 * 60 * MIN)).toBe('10:00');
    expect(makeTimeFormatter('en', 'UTC', { stepMs: 15_000 })(T0 + 15_000)).toBe('10:00:15');
  });

  it('adds the date when the window spans more than a day', () => {
    const label = makeTimeFormatter('ru', 'UTC', { spanMs: 3 * 24 * 60 * MIN })(T0);
    expect(label).toContain('02.03');
    expect(label).toContain('10:00');
  });

  it('picks nice tick spacings', () => {
    expect(pickTickStepMs(60 * MIN, 9)).toBe(10 * MIN);
    expect(pickTickStepMs(60 * MIN, 5)).toBe(15 * MIN);
    expect(pickTickStepMs(10 * MIN, 9)).toBe(2 * MIN);
    expect(pickTickStepMs(6 * 60 * MIN, 9)).toBe(60 * MIN);
  });

  it('aligns ticks to round local times, even at +05:45', () => {
    const from = T0 + 7 * MIN;
    const to = from + 3 * 60 * MIN;
    const ticks = timeTicks(from, to, 'Asia/Kathmandu', 9);
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.length).toBeLessThanOrEqual(9);
    const fmt = makeTimeFormatter('en', 'Asia/Kathmandu');
    for (const t of ticks) {
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThanOrEqual(to);
      expect(fmt(t)).toMatch(/:(00|30)$/);
    }
    // the same instants are not round in UTC, proving the zone was used
    expect(ticks.some((t) => new Date(t).getUTCMinutes() % 30 !== 0)).toBe(true);
  });

  it('returns no ticks for an empty range', () => {
    expect(timeTicks(T0, T0, 'UTC', 8)).toEqual([]);
  });

  it('rejects an unknown zone with BAD_INPUT', () => {
    let caught: unknown;
    try {
      makeTimeFormatter('en', 'Mars/Olympus');
    } catch (err) {
      caught = err;
    }
    expect(isLoadLensError(caught, 'BAD_INPUT')).toBe(true);
  });
});
