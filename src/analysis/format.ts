import { glossary } from '../i18n/glossary.js';
import { type Figure, fig } from './figure.js';
import type { Locale } from './report.types.js';

/**
 * The one formatter of numbers, units, times and dates for every surface (chat, web, PDF,
 * CLI, charts' captions, findings, summaries). Rules: users are whole numbers, percentages
 * have one decimal, durations are ms below 1 s and s above, bytes use binary units, and
 * every date is ISO-like (`2026-12-01 15:20 MSK`) with its zone.
 */
export interface Formatter {
  readonly locale: Locale;
  /** The effective IANA zone (UTC when the requested one was invalid). */
  readonly tz: string;
  /** A number with grouping and 0–2 fraction digits depending on its size. */
  num(x: number): string;
  /** Whole number with grouping. */
  int(x: number): string;
  /** Requests per second, e.g. `205 rps` / `205 зап/с`. */
  rps(x: number): string;
  /** Virtual users, always whole: `81 VU`. */
  users(x: number): string;
  /** A duration given in milliseconds: `48 ms`, `4.34 s`. */
  ms(x: number): string;
  /** A duration given in seconds. */
  sec(x: number): string;
  /** A ratio 0..1 as a percentage with one decimal: `16.3%` / `16,3 %`. */
  pct(ratio: number): string;
  /** Bytes in binary units: `1.2 GiB` / `1,2 ГиБ`. */
  bytes(x: number): string;
  /** Length of a time span: `8 min`, `1 h 5 min`. */
  span(ms: number): string;
  /** Wall-clock time `HH:MM` in the zone. */
  time(epochMs: number): string;
  /** Date `YYYY-MM-DD` in the zone. */
  date(epochMs: number): string;
  /** `2026-12-01 15:20 MSK`: ISO-like date and time with the zone's label. */
  dateTime(epochMs: number): string;
  /** A window: `2026-12-01 15:20–15:50 MSK`, or both dates when it spans midnight. */
  range(fromMs: number, toMs: number): string;
  /** The zone's label: `UTC`, `MSK`, or an offset such as `+03:00`. */
  zone(atMs?: number): string;
  /** Any typed figure in its unit. */
  figure(f: Figure): string;
  /** A step or change value printed with a sign: `+12.0%`. */
  signed(f: Figure): string;
}

/** True when `tz` is an IANA zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Abbreviations readers expect that Intl only gives as `GMT+3`. */
const ZONE_NAMES: Record<string, string> = {
  'Europe/Moscow': 'MSK',
  'Europe/Simferopol': 'MSK',
  'Europe/Kirov': 'MSK',
  'Europe/Volgograd': 'MSK',
};
const UTC_NAMES = new Set([
  'UTC',
  'Etc/UTC',
  'Etc/GMT',
  'GMT',
  'Etc/Universal',
  'Etc/Zulu',
  'Universal',
  'Zulu',
]);

/** The zone's label at an instant: `UTC`, a known abbreviation (`MSK`, `EST`), else `+03:00`. */
export function zoneLabel(tz: string, atMs: number): string {
  if (UTC_NAMES.has(tz)) return 'UTC';
  const known = ZONE_NAMES[tz];
  if (known) return known;
  const short = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })
    .formatToParts(atMs)
    .find((p) => p.type === 'timeZoneName')?.value;
  if (short && /^[A-Z]{3,5}$/.test(short) && short !== 'GMT') return short;
  const off = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(atMs)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = off ? /GMT([+-]\d{2}:\d{2})/.exec(off) : null;
  return m ? m[1]! : 'UTC';
}

function digitsFor(x: number): number {
  const a = Math.abs(x);
  return a >= 100 ? 0 : a >= 10 ? 1 : 2;
}

/**
 * A formatter for `locale` and `tz`. ru uses a comma decimal separator and non-breaking
 * spaces for thousands (Intl's ru-RU rules); an unknown zone falls back to UTC.
 */
export function createFormatter(locale: Locale, tz: string): Formatter {
  const tag = locale === 'ru' ? 'ru-RU' : 'en-US';
  const zone = isValidTimeZone(tz) ? tz : 'UTC';
  const u = glossary(locale).units;
  const nf = new Map<number, Intl.NumberFormat>();
  const fmtNum = (x: number, digits: number) => {
    let f = nf.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(tag, { maximumFractionDigits: digits });
      nf.set(digits, f);
    }
    return f.format(x);
  };
  const pf = new Intl.NumberFormat(tag, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  // One formatter gives every field; en-CA would too, but parts keep it independent of CLDR.
  const df = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const parts = (ms: number) => {
    const p: Record<string, string> = {};
    for (const x of df.formatToParts(ms)) p[x.type] = x.value;
    return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  };
  const nbsp = '\u00a0';
  const self: Formatter = {
    locale,
    tz: zone,
    num: (x) => fmtNum(x, digitsFor(x)),
    int: (x) => fmtNum(Math.round(x), 0),
    rps: (x) => fmtNum(x, Math.min(1, digitsFor(x))) + nbsp + u.rps,
    users: (x) => fmtNum(Math.round(x), 0) + nbsp + u.users,
    ms: (x) => {
      const a = Math.abs(x);
      if (a < 1000) return fmtNum(x, a < 10 ? 1 : 0) + nbsp + u.ms;
      return fmtNum(x / 1000, a < 10_000 ? 2 : a < 100_000 ? 1 : 0) + nbsp + u.s;
    },
    sec: (x) => self.ms(x * 1000),
    pct: (r) => pf.format(r),
    bytes: (x) => {
      let v = x;
      let i = 0;
      while (Math.abs(v) >= 1024 && i < u.bytes.length - 1) {
        v /= 1024;
        i++;
      }
      return fmtNum(v, i === 0 ? 0 : Math.min(1, digitsFor(v))) + nbsp + u.bytes[i];
    },
    span: (ms) => {
      const min = Math.round(ms / 60_000);
      if (min < 1) return fmtNum(Math.round(ms / 1000), 0) + nbsp + u.s;
      if (min < 60) return fmtNum(min, 0) + nbsp + u.min;
      const h = Math.floor(min / 60);
      const rest = min % 60;
      return fmtNum(h, 0) + nbsp + u.h + (rest > 0 ? ' ' + fmtNum(rest, 0) + nbsp + u.min : '');
    },
    time: (ms) => parts(ms).time,
    date: (ms) => parts(ms).date,
    dateTime: (ms) => {
      const p = parts(ms);
      return `${p.date} ${p.time} ${zoneLabel(zone, ms)}`;
    },
    range: (a, b) => {
      const pa = parts(a);
      const pb = parts(b);
      const z = zoneLabel(zone, a);
      return pa.date === pb.date
        ? `${pa.date} ${pa.time}–${pb.time} ${z}`
        : `${pa.date} ${pa.time} – ${pb.date} ${pb.time} ${z}`;
    },
    zone: (atMs = Date.now()) => zoneLabel(zone, atMs),
    figure: (f) => {
      if (!Number.isFinite(f.value)) return '—';
      const sign = f.signed && f.value > 0 ? '+' : '';
      switch (f.unit) {
        case 'rps':
          return sign + self.rps(f.value);
        case 'users':
          return sign + self.users(f.value);
        case 'ms':
          return sign + self.ms(f.value);
        case 'ratio':
          return sign + self.pct(f.value);
        case 'bytes':
          return sign + self.bytes(f.value);
        case 'bytes_per_min':
          return `${sign}${self.bytes(f.value)} ${u.perMin}`;
        case 'count':
          return sign + self.int(f.value);
        case 'factor':
          return `×${fmtNum(f.value, 1)}`;
        case 'span':
          return self.span(f.value);
        case 'time':
          return self.time(f.value);
      }
    },
    signed: (f) => self.figure({ ...f, signed: true }),
  };
  return self;
}

/** Shorthand for a figure formatted once: `formatFigure(f, 0.163, 'ratio')` → `16.3%`. */
export function formatFigure(f: Formatter, value: number, unit: Figure['unit']): string {
  return f.figure(fig(value, unit));
}
