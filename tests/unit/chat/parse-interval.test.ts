import { describe, expect, it } from 'vitest';
import { INTERVAL_FORMS, intervalForms, parseInterval } from '../../../src/chat/parse-interval.js';
import { fromWallClock, zoneOffsetMs } from '../../../src/core/tz.js';

const NOW = Date.parse('2026-11-20T12:00:00Z'); // 15:00 in Moscow

describe('parseInterval', () => {
  it('reads relative forms', () => {
    expect(parseInterval('30m', NOW, 'UTC')).toEqual({ fromMs: NOW - 1_800_000, toMs: NOW });
    expect(parseInterval('last 2h', NOW, 'UTC')).toEqual({ fromMs: NOW - 7_200_000, toMs: NOW });
    expect(parseInterval('последние 2ч', NOW, 'UTC')).toEqual({ fromMs: NOW - 7_200_000, toMs: NOW });
    expect(parseInterval('1h30m', NOW, 'UTC').fromMs).toBe(NOW - 5_400_000);
  });

  it('reads today ranges in the chat zone', () => {
    const r = parseInterval('10:00-11:30', NOW, 'Europe/Moscow');
    expect(new Date(r.fromMs).toISOString()).toBe('2026-11-20T07:00:00.000Z');
    expect(new Date(r.toMs).toISOString()).toBe('2026-11-20T08:30:00.000Z');
    const utc = parseInterval('10:00 - 11:30', NOW, 'UTC');
    expect(new Date(utc.fromMs).toISOString()).toBe('2026-11-20T10:00:00.000Z');
  });

  it('treats an end before the start as crossing midnight', () => {
    const r = parseInterval('23:30-00:30', Date.parse('2026-11-20T00:45:00Z'), 'UTC');
    expect(new Date(r.fromMs).toISOString()).toBe('2026-11-19T23:30:00.000Z');
  });

  it('reads absolute and ISO ranges', () => {
    const r = parseInterval('2026-11-20 10:00 - 2026-11-20 11:30', NOW, 'Europe/Moscow');
    expect(new Date(r.fromMs).toISOString()).toBe('2026-11-20T07:00:00.000Z');
    const iso = parseInterval('2026-11-20T10:00:00Z/2026-11-20T11:30:00Z', NOW, 'Europe/Moscow');
    expect(new Date(iso.toMs).toISOString()).toBe('2026-11-20T11:30:00.000Z');
  });

  it('reads the Russian day-first form', () => {
    const r = parseInterval('01.12.2026 15:20 - 01.12.2026 15:50', NOW, 'Europe/Moscow');
    expect(new Date(r.fromMs).toISOString()).toBe('2026-12-01T12:20:00.000Z');
    expect(new Date(r.toMs).toISOString()).toBe('2026-12-01T12:50:00.000Z');
    const tight = parseInterval('1.12.2026 15:20-1.12.2026 15:50', NOW, 'UTC');
    expect(new Date(tight.toMs).toISOString()).toBe('2026-12-01T15:50:00.000Z');
  });

  it('reads yesterday/today with and without a time range, in both languages', () => {
    // NOW is 15:00 in Moscow on 2026-11-20.
    for (const w of ['yesterday', 'вчера', 'Вчера']) {
      const r = parseInterval(`${w} 15:20-15:50`, NOW, 'Europe/Moscow');
      expect(new Date(r.fromMs).toISOString()).toBe('2026-11-19T12:20:00.000Z');
      expect(new Date(r.toMs).toISOString()).toBe('2026-11-19T12:50:00.000Z');
    }
    const whole = parseInterval('вчера', NOW, 'Europe/Moscow');
    expect(new Date(whole.fromMs).toISOString()).toBe('2026-11-18T21:00:00.000Z');
    expect(new Date(whole.toMs).toISOString()).toBe('2026-11-19T21:00:00.000Z');
    for (const w of ['today', 'сегодня']) {
      const r = parseInterval(w, NOW, 'Europe/Moscow');
      expect(new Date(r.fromMs).toISOString()).toBe('2026-11-19T21:00:00.000Z');
      expect(r.toMs).toBe(NOW);
    }
    const today = parseInterval('сегодня 10:00-11:00', NOW, 'Europe/Moscow');
    expect(new Date(today.fromMs).toISOString()).toBe('2026-11-20T07:00:00.000Z');
  });

  it('takes a time-only range that has not happened yet today as the last one', () => {
    // 00:30 in Moscow: 15:20-15:50 means yesterday's, not "in the future".
    const afterMidnight = Date.parse('2026-11-19T21:30:00Z');
    const r = parseInterval('15:20-15:50', afterMidnight, 'Europe/Moscow');
    expect(new Date(r.fromMs).toISOString()).toBe('2026-11-19T12:20:00.000Z');
    expect(new Date(r.toMs).toISOString()).toBe('2026-11-19T12:50:00.000Z');
    // A range that started but has not ended yet stays today's (the end is clamped later).
    const running = parseInterval('14:30-15:30', NOW, 'Europe/Moscow');
    expect(new Date(running.fromMs).toISOString()).toBe('2026-11-20T11:30:00.000Z');
  });

  it('lists the forms in the chat language', () => {
    expect(intervalForms('ru').join(' ')).toMatch(/вчера 15:20-15:50.*сегодня.*01|20\.11\.2026/);
    expect(intervalForms('ru').join(' ')).not.toMatch(/last|yesterday|today/);
    expect(intervalForms('en')).toEqual(INTERVAL_FORMS);
  });

  it('names the working forms when it cannot read the input', () => {
    for (const bad of [
      'someday',
      'yesterday 2026-11-20 10:00 - 2026-11-20 11:00',
      '31.12.2026',
      '25:00-26:00',
      '10:00',
      'last',
      '2026-13-01 10:00 - 2026-13-01 11:00',
      '',
    ]) {
      expect(() => parseInterval(bad, NOW, 'UTC')).toThrowError(INTERVAL_FORMS[2] as string);
    }
  });
});

describe('tz helpers', () => {
  it('handles DST transitions', () => {
    // Berlin leaves summer time on 2026-10-25 at 03:00 local.
    expect(zoneOffsetMs(Date.parse('2026-10-24T12:00:00Z'), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(zoneOffsetMs(Date.parse('2026-10-26T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(new Date(fromWallClock('Europe/Berlin', 2026, 10, 26, 10, 0)).toISOString()).toBe(
      '2026-10-26T09:00:00.000Z',
    );
  });
});
