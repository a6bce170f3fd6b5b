import { z } from 'zod';
import { type ErrorCode, LoadLensError } from '../core/errors.js';
import type { Series } from './series.js';
import type { RangeQuery, RangeResult } from './source.js';

/*
 * A recording keeps every answer a report needed, so the same report can be rebuilt
 * without the metric backends (demos, bug reports, regression tests). JSON cannot hold
 * NaN or ±Infinity, so sample values are stored as numbers or "NaN" / "+Inf" / "-Inf".
 */

const encodedValue = z.union([z.number(), z.literal('NaN'), z.literal('+Inf'), z.literal('-Inf'), z.null()]);

const seriesJson = z.object({
  id: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  t: z.array(z.number()),
  v: z.array(encodedValue),
});

const rangeResultJson = z.object({
  series: z.array(seriesJson),
  stepSec: z.number(),
  warnings: z.array(z.string()),
});

const rangeQueryJson = z.object({
  query: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  stepSec: z.number(),
  legend: z.string().optional(),
  id: z.string().optional(),
});

const errorJson = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean().optional(),
});

const window = z.object({ fromMs: z.number(), toMs: z.number() });
const outcome = { error: errorJson.optional() };

const promCallSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('labelValues'),
    args: z.object({ label: z.string(), matchers: z.array(z.string()) }).extend(window.shape),
    result: z.array(z.string()).optional(),
    ...outcome,
  }),
  z.object({
    method: z.literal('series'),
    args: z.object({ matchers: z.array(z.string()) }).extend(window.shape),
    result: z.array(z.record(z.string(), z.string())).optional(),
    ...outcome,
  }),
  z.object({
    method: z.literal('queryRange'),
    args: rangeQueryJson,
    result: rangeResultJson.optional(),
    ...outcome,
  }),
]);

const influxCallSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('measurements'),
    args: z.object({}),
    result: z.array(z.string()).optional(),
    ...outcome,
  }),
  z.object({
    method: z.literal('queryRange'),
    args: rangeQueryJson,
    result: rangeResultJson.optional(),
    ...outcome,
  }),
]);

/** The recording document (extra top-level keys such as `service` are kept). */
export const recordingSchema = z
  .object({
    version: z.literal(1),
    createdAt: z.string(),
    window,
    prom: z.array(promCallSchema).default([]),
    influx: z.array(influxCallSchema).default([]),
  })
  .loose();

export type Recording = z.infer<typeof recordingSchema>;
export type PromCall = z.infer<typeof promCallSchema>;
export type InfluxCall = z.infer<typeof influxCallSchema>;
export type EncodedValue = z.infer<typeof encodedValue>;
export type ErrorJson = z.infer<typeof errorJson>;

const encodeValue = (x: number): EncodedValue =>
  Number.isNaN(x)
    ? 'NaN'
    : x === Number.POSITIVE_INFINITY
      ? '+Inf'
      : x === Number.NEGATIVE_INFINITY
        ? '-Inf'
        : x;
const decodeValue = (x: EncodedValue): number =>
  x === null || x === 'NaN'
    ? Number.NaN
    : x === '+Inf'
      ? Number.POSITIVE_INFINITY
      : x === '-Inf'
        ? Number.NEGATIVE_INFINITY
        : x;

export function encodeResult(r: RangeResult): z.infer<typeof rangeResultJson> {
  return { ...r, series: r.series.map((s) => ({ ...s, v: s.v.map(encodeValue) })) };
}
export function decodeResult(r: z.infer<typeof rangeResultJson>): RangeResult {
  const series: Series[] = r.series.map((s) => ({
    ...s,
    labels: { ...s.labels },
    t: [...s.t],
    v: s.v.map(decodeValue),
  }));
  return { series, stepSec: r.stepSec, warnings: [...r.warnings] };
}

export function encodeError(err: unknown): ErrorJson {
  if (err instanceof LoadLensError) return { code: err.code, message: err.message, retryable: err.retryable };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), retryable: false };
}
export function decodeError(e: ErrorJson): LoadLensError {
  // The code was written by a LoadLensError when recording; trust it.
  return new LoadLensError(e.code as ErrorCode, e.message, { retryable: e.retryable ?? false });
}

export function rangeArgs(q: RangeQuery): z.infer<typeof rangeQueryJson> {
  const a: z.infer<typeof rangeQueryJson> = {
    query: q.query,
    fromMs: q.fromMs,
    toMs: q.toMs,
    stepSec: q.stepSec,
  };
  if (q.legend !== undefined) a.legend = q.legend;
  if (q.id !== undefined) a.id = q.id;
  return a;
}

/** Matching key of a call: method plus arguments, with query whitespace and matcher order normalised. */
export function callKey(method: string, args: Record<string, unknown>): string {
  const norm = Object.fromEntries(
    Object.keys(args)
      .sort()
      .map((k) => {
        const v = args[k];
        if (k === 'query' && typeof v === 'string') return [k, v.replace(/\s+/g, ' ').trim()];
        if (k === 'matchers' && Array.isArray(v)) return [k, [...v].sort()];
        return [k, v];
      }),
  );
  return method + ' ' + JSON.stringify(norm);
}

/** Validates a parsed JSON document as a recording; `origin` (a file name) goes into the message. */
export function parseRecording(json: unknown, origin = 'recording'): Recording {
  const parsed = recordingSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : '(root)';
  throw new LoadLensError(
    'BAD_INPUT',
    `${origin} is not a LoadLens recording: ${where}: ${issue?.message ?? 'invalid'}`,
    {
      cause: parsed.error,
    },
  );
}
