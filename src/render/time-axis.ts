import { LoadLensError } from '../core/errors.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tick spacings a reader can add up in their head. */
const NICE_STEPS_MS = [
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

function partsFormatter(tz: string): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (err) {
    throw new LoadLensError('BAD_INPUT', `unknown time zone "${tz}"`, { cause: err, details: { tz } });
  }
}

/** Offset of `tz` from UTC at instant `atMs`, in ms (e.g. +3 h for Europe/Moscow). */
export function tzOffsetMs(tz: string, atMs: number): number {
  const parts = partsFormatter(tz).formatToParts(new Date(atMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(atMs / SECOND) * SECOND;
}

/** The smallest nice spacing that keeps at most `maxTicks` ticks over `spanMs`. */
export function pickTickStepMs(spanMs: number, maxTicks: number): number {
  const limit = Math.max(1, maxTicks - 1);
  for (const step of NICE_STEPS_MS) if (spanMs / step <= limit) return step;
  return NICE_STEPS_MS[NICE_STEPS_MS.length - 1]!;
}

/**
 * Tick positions (epoch ms) over [minMs, maxMs] at a nice spacing, aligned to round
 * wall-clock times in `tz` (so 30-minute ticks land on :00 and :30 even at +05:45).
 */
export function timeTicks(minMs: number, maxMs: number, tz: string, maxTicks: number): number[] {
  if (!Number.isFinite(minMs) || !Number.isFinite(maxMs) || maxMs <= minMs) return [];
  const step = pickTickStepMs(maxMs - minMs, maxTicks);
  const offset = tzOffsetMs(tz, minMs);
  const first = Math.ceil((minMs + offset) / step) * step - offset;
  const ticks: number[] = [];
  for (let t = first; t <= maxMs && ticks.length < 1000; t += step) ticks.push(t);
  return ticks;
}

/**
 * A tick-label formatter in the report's time zone: `HH:MM`, with seconds when ticks are
 * closer than a minute and with the day when the window spans more than a day.
 * Always 24-hour: engineers read logs in 24-hour time in both languages.
 */
export function makeTimeFormatter(
  locale: string,
  tz: string,
  opts: { stepMs?: number; spanMs?: number } = {},
): (ms: number) => string {
  partsFormatter(tz); // validates the zone with a clear error
  const withSeconds = (opts.stepMs ?? MINUTE) < MINUTE;
  const withDate = (opts.spanMs ?? 0) > DAY;
  const fmt = new Intl.DateTimeFormat(locale, {
    timeZone: tz,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    ...(withDate ? { day: '2-digit', month: '2-digit' } : {}),
  });
  return (ms) => fmt.format(new Date(ms));
}
