/**
 * A figure computed once by the analysis, with its unit and how it was aggregated, so every
 * surface (chat, web, PDF, CLI, JSON) prints the same value the same way through one
 * formatter (`format.ts`) instead of re-deriving or re-rounding it.
 */

/**
 * Units of figures. Values are stored in these units: `ms` milliseconds, `ratio` 0..1,
 * `bytes` bytes, `span` a length of time in ms, `time` an epoch ms instant shown in the
 * reader's zone, `factor` a multiplier (×2.1), `bytes_per_min` a growth rate.
 */
export type FigureUnit =
  | 'rps'
  | 'users'
  | 'ms'
  | 'ratio'
  | 'bytes'
  | 'bytes_per_min'
  | 'count'
  | 'factor'
  | 'span'
  | 'time';

/**
 * How a figure was aggregated: the robust mean over a step, the median over a step, the
 * largest (median-smoothed) value in a window or sustained stretch, a linear fit's value,
 * or a single point/constant.
 */
export type Aggregation =
  | 'step_mean'
  | 'step_median'
  | 'step_p95'
  | 'window_mean'
  | 'window_median'
  | 'window_max'
  | 'sustained_max'
  | 'fit'
  | 'change'
  | 'point';

/** One typed value. `signed` prints a leading `+` on positive values (changes). */
export interface Figure {
  value: number;
  unit: FigureUnit;
  agg?: Aggregation;
  signed?: boolean;
}

/** A parameter of a finding: a typed figure, or plain text (a topic name) or a step number. */
export type FindingParam = Figure | string | number;

/** Builds a figure. */
export function fig(value: number, unit: FigureUnit, agg?: Aggregation, signed?: boolean): Figure {
  return { value, unit, ...(agg ? { agg } : {}), ...(signed ? { signed } : {}) };
}

/** True for a figure (as opposed to plain text or a step number). */
export function isFigure(p: unknown): p is Figure {
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof (p as Figure).value === 'number' &&
    typeof (p as Figure).unit === 'string'
  );
}

/** How the fields of a load step are aggregated (see `steps.ts`), for every surface and the JSON. */
export const STEP_FIGURES = {
  rps: { unit: 'rps', agg: 'step_mean' },
  load: { unit: 'users', agg: 'step_mean' },
  p95Ms: { unit: 'ms', agg: 'step_mean' },
  p99Ms: { unit: 'ms', agg: 'step_mean' },
  errorRate: { unit: 'ratio', agg: 'step_mean' },
} as const satisfies Record<string, { unit: FigureUnit; agg: Aggregation }>;

/** The unit of an SLO's `actual` as a figure unit (`SloResultJson.unit`). */
export function sloFigureUnit(unit: string | undefined): FigureUnit {
  switch (unit) {
    case 'ms':
    case 'ratio':
    case 'rps':
    case 'bytes':
      return unit;
    default:
      return 'count';
  }
}

/** A field of a load step as a typed figure; null when the step has no such value. */
export function stepFigure(
  step: { [K in keyof typeof STEP_FIGURES]?: number | null },
  key: keyof typeof STEP_FIGURES,
): Figure | null {
  const v = step[key];
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return fig(v, STEP_FIGURES[key].unit, STEP_FIGURES[key].agg);
}

/** An SLO's measured value as a typed figure (its unit from the SLO's indicator). */
export function sloFigure(r: { actual: number | null; unit?: string }): Figure | null {
  return r.actual === null || !Number.isFinite(r.actual) ? null : fig(r.actual, sloFigureUnit(r.unit));
}
