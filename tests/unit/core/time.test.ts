import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseTime } from '../../../src/core/duration.js';
import { isLoadLensError } from '../../../src/core/errors.js';
import { validateWindow } from '../../../src/core/window.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('durations and times', () => {
  it('parses compact durations', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(formatDuration(5_400_000)).toBe('1h30m');
    for (const bad of ['', '5', 'm', '1x', '-5m', '1h ago']) {
      expect(() => parseDuration(bad)).toThrowError(/not a duration/);
    }
  });

  it('parses ISO, epoch and relative times', () => {
    expect(parseTime('now', NOW)).toBe(NOW);
    expect(parseTime('now-1h', NOW)).toBe(NOW - 3_600_000);
    expect(parseTime('2026-11-20T10:00:00Z', NOW)).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(parseTime('2026-11-20T10:00:00+03:00', NOW)).toBe(Date.parse('2026-11-20T07:00:00Z'));
    expect(parseTime('2026-11-20 10:00', NOW)).toBe(Date.parse('2026-11-20T10:00:00Z'));
    expect(parseTime('1763632800', NOW)).toBe(1_763_632_800_000);
    const e = (() => {
      try {
        parseTime('yesterday', NOW);
      } catch (err) {
        return err;
      }
    })();
    expect(isLoadLensError(e, 'BAD_INTERVAL')).toBe(true);
  });
});

describe('validateWindow', () => {
  it('refuses an end before the start', () => {
    expect(() => validateWindow(NOW - 1000, NOW - 2000, NOW)).toThrowError(/is not after the start/);
  });
  it('refuses a start in the future', () => {
    expect(() => validateWindow(NOW + 60_000, NOW + 120_000, NOW)).toThrowError(/in the future/);
  });
  it('clamps an end in the future and says so', () => {
    const w = validateWindow(NOW - 3_600_000, NOW + 600_000, NOW);
    expect(w.toMs).toBe(NOW);
    expect(w.warnings[0]).toMatch(/in the future/);
  });
  it('refuses windows over the maximum', () => {
    expect(() => validateWindow(NOW - 48 * 3_600_000, NOW, NOW, 24 * 3_600_000)).toThrowError(
      /longer than the maximum 1d/,
    );
  });
});
