import type { Locale } from '../analysis/report.types.js';
import { parseDuration } from '../core/duration.js';
import { LoadLensError } from '../core/errors.js';
import { fromWallClock, wallClock } from '../core/tz.js';

/** A window asked for in chat, resolved to epoch ms. */
export interface ParsedInterval {
  fromMs: number;
  toMs: number;
}

/** The forms users can type (English), shown when they type something else. */
export const INTERVAL_FORMS = [
  '30m',
  'last 2h',
  '10:00-11:30',
  'yesterday 15:20-15:50',
  'today',
  '2026-11-20 10:00 - 2026-11-20 11:30',
  '20.11.2026 10:00 - 20.11.2026 11:30',
  '2026-11-20T10:00:00Z/2026-11-20T11:30:00Z',
];

const FORMS_RU = [
  '30m',
  'последние 2ч',
  '10:00-11:30',
  'вчера 15:20-15:50',
  'сегодня',
  '20.11.2026 10:00 - 20.11.2026 11:30',
  '2026-11-20 10:00 - 2026-11-20 11:30',
  '2026-11-20T10:00:00Z/2026-11-20T11:30:00Z',
];

/** The interval forms in the chat's language, for help and error messages. */
export function intervalForms(locale: Locale): string[] {
  return locale === 'ru' ? FORMS_RU : INTERVAL_FORMS;
}

const DAY_MS = 86_400_000;
const HHMM = /^(\d{1,2}):(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
/** `01.12.2026 15:20`, the usual Russian form (day first). */
const DMY_TIME = /^(\d{1,2})\.(\d{1,2})\.(\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DAY_WORDS: Record<string, number> = { today: 0, сегодня: 0, yesterday: -1, вчера: -1 };

function bad(input: string): LoadLensError {
  return new LoadLensError(
    'BAD_INTERVAL',
    `cannot read "${input}" as an interval; use ${INTERVAL_FORMS.join(', ')}`,
    {
      details: { input, forms: INTERVAL_FORMS.join(', ') },
    },
  );
}

function validClock(h: number, mi: number, s = 0): boolean {
  return h <= 23 && mi <= 59 && s <= 59;
}

/** Local midnight of the day `offset` days from `nowMs`'s day in the zone, as wall-clock fields. */
function dayOf(nowMs: number, tz: string, offset: number): { y: number; mo: number; d: number } {
  const today = wallClock(nowMs, tz);
  const noon = fromWallClock(tz, today.y, today.mo, today.d, 12) + offset * DAY_MS;
  const w = wallClock(noon, tz);
  return { y: w.y, mo: w.mo, d: w.d };
}

/**
 * One end of an absolute interval: `10:00` (on `day`), `2026-11-20 10:00` or
 * `20.11.2026 10:00` (in tz), or zoned ISO.
 */
function parsePoint(text: string, day: { y: number; mo: number; d: number }, tz: string): number | null {
  const s = text.trim();
  const hm = HHMM.exec(s);
  if (hm) {
    const h = Number(hm[1]);
    const mi = Number(hm[2]);
    return validClock(h, mi) ? fromWallClock(tz, day.y, day.mo, day.d, h, mi) : null;
  }
  let fields: number[] | null = null;
  const dt = DATE_TIME.exec(s);
  if (dt) fields = dt.slice(1).map((x) => Number(x ?? 0));
  const dmy = DMY_TIME.exec(s);
  if (dmy) {
    const [d, mo, y, h, mi, sec] = dmy.slice(1).map((x) => Number(x ?? 0)) as number[];
    fields = [y!, mo!, d!, h!, mi!, sec!];
  }
  if (fields) {
    const [y, mo, d, h, mi, sec] = fields as [number, number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || !validClock(h, mi, sec)) return null;
    return fromWallClock(tz, y, mo, d, h, mi, sec);
  }
  if (ISO_ZONED.test(s)) {
    const ms = Date.parse(s);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

const POINT =
  '(?:\\d{4}-\\d{2}-\\d{2}[ T]\\d{1,2}:\\d{2}(?::\\d{2})?|\\d{1,2}\\.\\d{1,2}\\.\\d{4},? \\d{1,2}:\\d{2}(?::\\d{2})?)';

/** Splits `A - B`, `A-B`, `A/B` or `A..B` into two ends, tolerating the dashes inside dates. */
function splitRange(s: string): [string, string] | null {
  for (const sep of [' - ', ' – ', '/', '..', '–']) {
    const i = s.indexOf(sep);
    if (i > 0) return [s.slice(0, i), s.slice(i + sep.length)];
  }
  const hm = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(s);
  if (hm) return [hm[1] as string, hm[2] as string];
  const dt = new RegExp(`^(${POINT})-(${POINT})$`).exec(s);
  if (dt) return [dt[1] as string, dt[2] as string];
  return null;
}

/**
 * Parses a chat interval in the chat's time zone:
 * - relative: `30m`, `last 2h`, `последние 2ч`;
 * - a whole day so far or a whole day: `today`/`сегодня`, `yesterday`/`вчера`;
 * - a time range `10:00-11:30`, optionally after `today`/`yesterday` (`вчера 15:20-15:50`).
 *   Without a day word it means the last such range: a range whose end is still ahead
 *   (sent after midnight) is yesterday's, and an end before the start crosses midnight;
 * - absolute: `2026-11-20 10:00 - 2026-11-20 11:30`, `20.11.2026 10:00 - 20.11.2026 11:30`,
 *   ISO 8601 `start/end`.
 */
export function parseInterval(input: string, nowMs: number, tz: string): ParsedInterval {
  // Day words and units are matched in lower case; ISO ends keep their `T` and `Z`.
  let raw = input.trim().replace(/\s+/g, ' ');
  const s = raw.toLowerCase();
  if (s === '') throw bad(input);
  const rel = /^(?:last |последние |за )?(\d[\dhmsdw.]*(?:min)?|\d+ ?(?:h|m|d|ч|м|мин|д))$/.exec(s);
  if (rel) {
    const unit = (rel[1] as string)
      .replace(/ /g, '')
      .replace(/мин$|м$/, 'm')
      .replace(/ч$/, 'h')
      .replace(/д$/, 'd');
    let ms: number;
    try {
      ms = parseDuration(unit);
    } catch {
      throw bad(input);
    }
    return { fromMs: nowMs - ms, toMs: nowMs };
  }
  const word = /^(today|сегодня|yesterday|вчера)(?: (.*))?$/.exec(s);
  const dayOffset = word ? DAY_WORDS[word[1] as string]! : null;
  if (word) {
    raw = raw.slice((word[1] as string).length).trim();
    if (raw === '') {
      const d = dayOf(nowMs, tz, dayOffset!);
      const from = fromWallClock(tz, d.y, d.mo, d.d);
      const next = dayOf(nowMs, tz, dayOffset! + 1);
      return { fromMs: from, toMs: Math.min(nowMs, fromWallClock(tz, next.y, next.mo, next.d)) };
    }
  }
  const parts = splitRange(raw);
  if (!parts) throw bad(input);
  const timeOnly = HHMM.test(parts[0].trim()) && HHMM.test(parts[1].trim());
  if (word && !timeOnly) throw bad(input);
  const day = dayOf(nowMs, tz, dayOffset ?? 0);
  let from = parsePoint(parts[0], day, tz);
  let to = parsePoint(parts[1], day, tz);
  if (from === null || to === null) throw bad(input);
  if (timeOnly) {
    // An end before its start crossed midnight: the start is the day before.
    if (to <= from) from -= DAY_MS;
    // No day given and the range has not happened yet today: the last such range.
    if (dayOffset === null && from >= nowMs) {
      from -= DAY_MS;
      to -= DAY_MS;
    }
  }
  return { fromMs: from, toMs: to };
}
