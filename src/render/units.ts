import type { SeriesUnit } from '../sources/series.js';

/** How raw values of a unit are shown: multiply by `factor`, label the axis `suffix`. */
export interface DisplayScale {
  factor: number;
  suffix: string;
}

const KIB = 1024;
const MIB = KIB * 1024;
const GIB = MIB * 1024;

/**
 * Display scale for a unit given the largest absolute value on the axis. Seconds are
 * shown in ms (latencies are read in ms) until 10 s, beyond which seconds read better;
 * ratios as %, bytes in the largest binary unit that keeps values ≥ 1.
 */
export function displayScale(unit: SeriesUnit, maxAbs: number, locale: 'ru' | 'en'): DisplayScale {
  const max = Number.isFinite(maxAbs) ? Math.abs(maxAbs) : 0;
  switch (unit) {
    case 's':
      return max >= 10 ? { factor: 1, suffix: locale === 'ru' ? 'с' : 's' } : { factor: 1000, suffix: 'ms' };
    case 'ms':
      return { factor: 1, suffix: 'ms' };
    case 'ratio':
      return { factor: 100, suffix: '%' };
    case 'percent':
      return { factor: 1, suffix: '%' };
    case 'bytes':
      if (max >= GIB) return { factor: 1 / GIB, suffix: 'GiB' };
      if (max >= MIB) return { factor: 1 / MIB, suffix: 'MiB' };
      if (max >= KIB) return { factor: 1 / KIB, suffix: 'KiB' };
      return { factor: 1, suffix: 'B' };
    case 'rps':
      return { factor: 1, suffix: 'rps' };
    case 'cores':
      return { factor: 1, suffix: locale === 'ru' ? 'ядра' : 'cores' };
    case 'count':
      return { factor: 1, suffix: '' };
  }
}

/** Compact number for tick labels and markers: 12345 → 12.3k, 1234 → 1234, 0.25 → 0.25. */
export function formatCompact(value: number): string {
  if (!Number.isFinite(value)) return '';
  const abs = Math.abs(value);
  if (abs >= 1e9) return trim(value / 1e9) + 'G';
  if (abs >= 1e6) return trim(value / 1e6) + 'M';
  if (abs >= 1e4) return trim(value / 1e3) + 'k';
  if (abs >= 100 || abs === 0) return String(Math.round(value));
  return trim(value);
}

function trim(v: number): string {
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}
