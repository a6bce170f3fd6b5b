import { clip, ECHO_MAX_CHARS } from '../core/clip.js';
import { LoadLensError } from '../core/errors.js';
import { sloGrammarHelp, type TextKey, text } from './analysis-text.js';
import type { Locale } from './report.types.js';

export { sloGrammarHelp };

export const SLO_INDICATORS = [
  'p50',
  'p90',
  'p95',
  'p99',
  'avg',
  'error_rate',
  'rps',
  'cpu',
  'memory',
] as const;
export type SloIndicator = (typeof SLO_INDICATORS)[number];
export type SloOp = '<' | '<=' | '>' | '>=';

/** Unit of an SLO's threshold and of its `actual` value. */
export type SloUnit = 'ms' | 'ratio' | 'rps' | 'bytes';

/** A parsed SLO; `value` is normalised to `unit`. */
export interface Slo {
  expr: string;
  indicator: SloIndicator;
  op: SloOp;
  value: number;
  unit: SloUnit;
}

const LATENCY = new Set<SloIndicator>(['p50', 'p90', 'p95', 'p99', 'avg']);

/** True for indicators read from latency series. */
export function isLatencyIndicator(i: SloIndicator): boolean {
  return LATENCY.has(i);
}

const LATENCY_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, sec: 1000, us: 0.001, µs: 0.001 };
const RPS_UNITS = new Set(['', 'rps', '/s', 'req/s', 'rq/s']);
const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  ki: 1024,
  kib: 1024,
  kb: 1e3,
  m: 1024 ** 2,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1e6,
  g: 1024 ** 3,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1e9,
  t: 1024 ** 4,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1e12,
};

const GRAMMAR = /^\s*([a-z][a-z0-9_]*)\s*(<=|>=|<|>)\s*(\d+(?:[.,]\d+)?|[.,]\d+)\s*([a-zµ%/]*)\s*$/i;

function fail(expr: string, locale: Locale, reason: TextKey, params: Record<string, string> = {}): never {
  const why = text(locale, reason, params);
  throw new LoadLensError(
    'BAD_INPUT',
    // The quote is cut short (issue 16): a huge argument must not push the reason out of the message.
    text(locale, 'slo.error', {
      expr: clip(expr.replace(/\s+/g, ' '), ECHO_MAX_CHARS),
      reason: why,
      help: sloGrammarHelp(locale),
    }),
    { details: { expr, reason: why } },
  );
}

/** A fraction given as `80%` or `0.8`. */
function fraction(expr: string, locale: Locale, x: number, unit: string, indicator: string): number {
  if (unit === '%') return x / 100;
  if (unit !== '') fail(expr, locale, 'slo.r.unit', { unit, indicator });
  if (x > 1) fail(expr, locale, 'slo.r.fraction');
  return x;
}

/**
 * Parses `<indicator><op><number><unit>` (spaces allowed, case-insensitive, `,` or `.` as
 * the decimal mark): `p95<500ms`, `p99<=1s`, `avg<200ms`, `error_rate<1%`,
 * `error_rate<0.01`, `rps>=200`, `cpu<80%`, `memory<2GiB`. Latency without a unit is in ms.
 * Throws LoadLensError('BAD_INPUT') naming the expression and the grammar, in `locale`.
 */
export function parseSlo(expr: string, locale: Locale = 'en'): Slo {
  const m = GRAMMAR.exec(expr);
  if (!m) fail(expr, locale, 'slo.r.syntax');
  const indicator = m[1]!.toLowerCase();
  const op = m[2] as SloOp;
  const x = Number(m[3]!.replace(',', '.'));
  const unit = m[4]!.toLowerCase();
  if (!(SLO_INDICATORS as readonly string[]).includes(indicator)) {
    fail(expr, locale, 'slo.r.indicator', { indicator });
  }
  if (!Number.isFinite(x)) fail(expr, locale, 'slo.r.syntax');
  const ind = indicator as SloIndicator;
  const base = { expr: expr.trim(), indicator: ind, op };
  if (isLatencyIndicator(ind)) {
    const k = LATENCY_UNITS[unit];
    if (k === undefined) fail(expr, locale, 'slo.r.unit', { unit, indicator });
    return { ...base, value: x * k, unit: 'ms' };
  }
  switch (ind) {
    case 'error_rate':
    case 'cpu':
      return { ...base, value: fraction(expr, locale, x, unit, indicator), unit: 'ratio' };
    case 'rps':
      if (!RPS_UNITS.has(unit)) fail(expr, locale, 'slo.r.unit', { unit, indicator });
      return { ...base, value: x, unit: 'rps' };
    default: {
      const k = BYTE_UNITS[unit];
      if (k === undefined) fail(expr, locale, 'slo.r.unit', { unit, indicator });
      return { ...base, value: x * k, unit: 'bytes' };
    }
  }
}

/** True when `actual` satisfies the SLO's comparison. */
export function sloHolds(slo: Pick<Slo, 'op' | 'value'>, actual: number): boolean {
  switch (slo.op) {
    case '<':
      return actual < slo.value;
    case '<=':
      return actual <= slo.value;
    case '>':
      return actual > slo.value;
    case '>=':
      return actual >= slo.value;
  }
}
