import { parseDuration } from '../core/duration.js';
import { LoadLensError } from '../core/errors.js';
import { fromWallClock, wallClock } from '../core/tz.js';

/** A window asked for in chat, resolved to epoch ms. */
export interface ParsedInterval {
  fromMs: number;
  toMs: number;
}

/** The forms users can type, shown when they type something else. */
export const INTERVAL_FORMS = [
  '30m',
  'last 2h',
  '10:00-11:30',
  '2026-11-20 10:00 - 2026-11-20 11:30',
  '2026-11-20T10:00:00Z/2026-11-20T11:30:00Z',
];

const HHMM = /^(\d{1,2}):(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function bad(input: string): LoadLensError {
  return new LoadLensError(
    'BAD_INTERVAL',
    `cannot read "${input}" as an interval; use ${INTERVAL_FORMS.join(', ')}`,
    {
      details: { input, forms: INTERVAL_FORMS.join(', ') },
    },
  );
}

/** One end of an absolute interval: `10:00` (today in tz), `2026-11-20 10:00` (in tz) or zoned ISO. */
function parsePoint(text: string, nowMs: number, tz: string): number | null {
  const s = text.trim();
  const hm = HHMM.exec(s);
  if (hm) {
    const h = Number(hm[1]);
    const mi = Number(hm[2]);
    if (h > 23 || mi > 59) return null;
    const today = wallClock(nowMs, tz);
    return fromWallClock(tz, today.y, today.mo, today.d, h, mi);
  }
  const dt = DATE_TIME.exec(s);
  if (dt) {
    const [y, mo, d, h, mi, sec] = dt.slice(1).map((x) => Number(x ?? 0)) as number[];
    if (
      (mo as number) < 1 ||
      (mo as number) > 12 ||
      (d as number) < 1 ||
      (d as number) > 31 ||
      (h as number) > 23 ||
      (mi as number) > 59
    )
      return null;
    return fromWallClock(
      tz,
      y as number,
      mo as number,
      d as number,
      h as number,
      mi as number,
      sec as number,
    );
  }
  if (ISO_ZONED.test(s)) {
    const ms = Date.parse(s);
    return Number.isFinite(ms) ? ms : null;
  }
  return null;
}

/** Splits `A - B`, `A-B`, `A/B` or `A..B` into two ends, tolerating the dashes inside dates. */
function splitRange(s: string): [string, string] | null {
  for (const sep of [' - ', ' – ', '/', '..', '–']) {
    const i = s.indexOf(sep);
    if (i > 0) return [s.slice(0, i), s.slice(i + sep.length)];
  }
  const hm = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(s);
  if (hm) return [hm[1] as string, hm[2] as string];
  const dt =
    /^(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?)-(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?)$/.exec(
      s,
    );
  if (dt) return [dt[1] as string, dt[2] as string];
  return null;
}

/**
 * Parses a chat interval in the chat's time zone: `30m`, `last 2h`, `за 2ч`-free forms
 * are not guessed; `10:00-11:30` means today; `2026-11-20 10:00 - 2026-11-20 11:30` and
 * ISO 8601 (`start/end`) are absolute. An end earlier than its start on a same-day
 * `HH:MM-HH:MM` range means the range crossed midnight, so the start moves to yesterday.
 */
export function parseInterval(input: string, nowMs: number, tz: string): ParsedInterval {
  const s = input.trim().toLowerCase().replace(/\s+/g, ' ');
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
  const parts = splitRange(input.trim());
  if (!parts) throw bad(input);
  let from = parsePoint(parts[0], nowMs, tz);
  const to = parsePoint(parts[1], nowMs, tz);
  if (from === null || to === null) throw bad(input);
  if (to <= from && HHMM.test(parts[0].trim()) && HHMM.test(parts[1].trim())) from -= 86_400_000;
  return { fromMs: from, toMs: to };
}
