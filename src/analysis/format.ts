import type { Locale } from './report.types.js';

/** Locale-aware number, unit and time formatting for summaries, findings and warnings. */
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
  /** A duration given in milliseconds: `48 ms`, `1.9 s`. */
  ms(x: number): string;
  /** A duration given in seconds. */
  sec(x: number): string;
  /** A ratio 0..1 as a percentage: `12%` / `12 %`. */
  pct(ratio: number): string;
  /** Bytes in binary units: `1.2 GiB` / `1,2 ГиБ`. */
  bytes(x: number): string;
  /** Length of a time span: `8 min`, `1 h 5 min`. */
  span(ms: number): string;
  /** Wall-clock time `HH:MM` in the zone. */
  time(epochMs: number): string;
}

const UNITS = {
  en: { rps: 'rps', ms: 'ms', s: 's', min: 'min', h: 'h', bytes: ['B', 'KiB', 'MiB', 'GiB', 'TiB'] },
  ru: { rps: 'зап/с', ms: 'мс', s: 'с', min: 'мин', h: 'ч', bytes: ['Б', 'КиБ', 'МиБ', 'ГиБ', 'ТиБ'] },
} as const;

/** True when `tz` is an IANA zone this runtime knows. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
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
  const u = UNITS[locale];
  const nf = new Map<number, Intl.NumberFormat>();
  const fmtNum = (x: number, digits: number) => {
    let f = nf.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(tag, { maximumFractionDigits: digits });
      nf.set(digits, f);
    }
    return f.format(x);
  };
  // 12%, 2.5%, 0.05%: fewer digits as the share grows.
  const pfs = [0, 1, 2].map(
    (d) => new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: d }),
  );
  const tf = new Intl.DateTimeFormat(tag, {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const nbsp = '\u00a0';
  const self: Formatter = {
    locale,
    tz: zone,
    num: (x) => fmtNum(x, digitsFor(x)),
    int: (x) => fmtNum(Math.round(x), 0),
    rps: (x) => fmtNum(x, Math.min(1, digitsFor(x))) + nbsp + u.rps,
    ms: (x) =>
      Math.abs(x) < 1000
        ? fmtNum(x, Math.abs(x) < 10 ? 1 : 0) + nbsp + u.ms
        : fmtNum(x / 1000, Math.abs(x) < 10_000 ? 2 : 1) + nbsp + u.s,
    sec: (x) => self.ms(x * 1000),
    pct: (r) => pfs[Math.abs(r) >= 0.1 ? 0 : Math.abs(r) >= 0.01 ? 1 : 2]!.format(r),
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
    time: (ms) => tf.format(ms),
  };
  return self;
}
