import { z } from 'zod';
import { parseSampleValue } from './series-build.js';

/**
 * One native-histogram bucket as Prometheus' query API returns it: which side is closed
 * (`boundaryRule` 0 = (lower, upper], 1 = [lower, upper), 2 = (lower, upper), 3 = [lower, upper]),
 * the bounds, and the count in this bucket alone (not cumulative).
 */
export interface NativeBucket {
  boundaryRule: number;
  lower: number;
  upper: number;
  count: number;
}

/** A native histogram sample: total count, sum and its populated buckets in ascending order. */
export interface NativeHistogram {
  count: number;
  sum: number;
  buckets: NativeBucket[];
}

/** A series' native-histogram samples (query_range `histograms`), parallel arrays. */
export interface NativeSamples {
  t: number[];
  h: NativeHistogram[];
}

const num = z.union([z.string(), z.number()]).transform((s) => parseSampleValue(s));

/** `{count, sum, buckets: [[rule, lower, upper, count], …]}` as documented for the HTTP API. */
export const nativeHistogramSchema = z
  .object({
    count: num,
    sum: num,
    buckets: z.array(z.tuple([z.number().int().min(0).max(3), num, num, num])).optional(),
  })
  .transform(
    (h): NativeHistogram => ({
      count: h.count,
      sum: h.sum,
      buckets: (h.buckets ?? []).map(([boundaryRule, lower, upper, count]) => ({
        boundaryRule,
        lower,
        upper,
        count,
      })),
    }),
  );

/** `histograms` of one matrix series: `[[unixSeconds, histogram], …]`. */
export const nativeSamplesSchema = z.array(z.tuple([z.number(), nativeHistogramSchema]));

/** Converts parsed `histograms` pairs to samples with millisecond timestamps. */
export function toNativeSamples(pairs: z.infer<typeof nativeSamplesSchema>): NativeSamples {
  return { t: pairs.map(([ts]) => Math.round(ts * 1000)), h: pairs.map(([, h]) => h) };
}
