import { withSelector } from './selector.js';
import type { PackContext } from './types.js';

/**
 * Small PromQL builders shared by the packs. Each takes the pack context, so the
 * selector and rate window are injected in one place.
 */

/** `sum(rate(metric{sel,extra}[w]))`, optionally `sum by (...)`. */
export function sumRate(ctx: PackContext, metric: string, extra?: string | string[], by?: string[]): string {
  const agg = by && by.length > 0 ? `sum by (${by.join(', ')})` : 'sum';
  return `${agg}(rate(${withSelector(metric, ctx.selector, extra)}[${ctx.rateWindow}]))`;
}

/** `<agg>(metric{sel,extra})` for gauges. */
export function aggGauge(
  ctx: PackContext,
  agg: 'sum' | 'max' | 'avg' | 'min',
  metric: string,
  extra?: string | string[],
): string {
  return `${agg}(${withSelector(metric, ctx.selector, extra)})`;
}

/**
 * `sum by (le, ...) (rate(bucket{sel,extra}[w]))`: a histogram's bucket rates, fetched once
 * and turned into quantiles client-side (`histogram-derive.ts`) instead of one
 * `histogram_quantile` query per quantile, each re-reading every bucket series.
 */
export function bucketRates(
  ctx: PackContext,
  bucket: string,
  extra?: string | string[],
  by: string[] = [],
): string {
  return sumRate(ctx, bucket, extra, ['le', ...by]);
}

/** Mean from a histogram or summary: `sum(rate(_sum)) / sum(rate(_count))`. */
export function meanOf(ctx: PackContext, base: string, extra?: string | string[]): string {
  return `${sumRate(ctx, `${base}_sum`, extra)} / ${sumRate(ctx, `${base}_count`, extra)}`;
}

/**
 * Error rate per second from a counter: `sum(rate(c{err}))`, or 0 where the counter has
 * traffic but no error series exist at all (an absent numerator would otherwise read as
 * "no data" instead of "no errors").
 */
export function errorsPerSecond(
  ctx: PackContext,
  counter: string,
  errorMatchers: string[],
  extra?: string[],
) {
  const total = sumRate(ctx, counter, extra);
  const alternatives = errorMatchers.map((m) => sumRate(ctx, counter, [...(extra ?? []), m]));
  return `(${[...alternatives, `0 * ${total}`].join(' or ')})`;
}

/** Error ratio 0..1 from a counter (see `errorsPerSecond`). */
export function errorRatio(ctx: PackContext, counter: string, errorMatchers: string[], extra?: string[]) {
  return `${errorsPerSecond(ctx, counter, errorMatchers, extra)} / ${sumRate(ctx, counter, extra)}`;
}

/** Divides a PromQL expression by a constant (ms → s). */
export function scaled(expr: string, divisor: number): string {
  return `(${expr}) / ${divisor}`;
}
