import { isValidTimeZone } from '../analysis/format.js';
import type { SeriesUnit } from '../sources/series.js';

/**
 * How numbers are written in the context pack: a fixed, locale-free format with the unit
 * inside the string (`"1950 ms"`, `"5.8 %"`, `"210 rps"`, `"1024 MiB"`), 4 significant
 * digits and no grouping, so the model sees short values it can quote and grounding reads
 * them back with the same number parser it uses on the model's text.
 */

/** `x` to 4 significant digits, written without exponent or grouping. */
export function sig(x: number): string {
  if (!Number.isFinite(x)) return '0';
  if (Math.abs(x) < 1e-6) return '0';
  const r = Number(x.toPrecision(4));
  return Math.abs(r) >= 1e21 ? r.toFixed(0) : String(r);
}

/** `+12 %` / `-4.6 %` for a relative change given as a ratio. */
export function signedPct(ratio: number): string {
  return `${ratio >= 0 ? '+' : '-'}${sig(Math.abs(ratio) * 100)} %`;
}

/**
 * A value of a series in a readable unit: seconds as ms, ratios as %, bytes as MiB.
 * Counts stay JSON numbers (they have no unit to write).
 */
export function withUnit(x: number | null | undefined, unit: SeriesUnit | string): string | number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  switch (unit) {
    case 's':
      return `${sig(x * 1000)} ms`;
    case 'ms':
      return `${sig(x)} ms`;
    case 'ratio':
      return `${sig(x * 100)} %`;
    case 'percent':
      return `${sig(x)} %`;
    case 'rps':
      return `${sig(x)} rps`;
    case 'bytes':
      return `${sig(x / 1024 ** 2)} MiB`;
    case 'cores':
      return `${sig(x)} cores`;
    default:
      return Number(sig(x));
  }
}

/** Clock and date formatting in the report's zone (as the deterministic texts use). */
export interface PackClock {
  tz: string;
  /** `HH:MM`. */
  time(iso: string | number | null): string | null;
  /** `YYYY-MM-DD HH:MM`. */
  dateTime(iso: string | number): string;
  /** `45 min`, `2 h 5 min`, `30 s`. */
  span(ms: number): string;
}

export function packClock(tz = 'UTC'): PackClock {
  const zone = isValidTimeZone(tz) ? tz : 'UTC';
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const ms = (v: string | number) => (typeof v === 'number' ? v : Date.parse(v));
  const dateTime = (v: string | number) => parts.format(ms(v)).replace(',', '');
  return {
    tz: zone,
    dateTime,
    time: (v) => (v === null || !Number.isFinite(ms(v)) ? null : dateTime(v).slice(-5)),
    span: (d) => {
      const min = Math.round(d / 60_000);
      if (min < 1) return `${Math.round(d / 1000)} s`;
      if (min < 60) return `${min} min`;
      return `${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
    },
  };
}
