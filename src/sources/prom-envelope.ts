import { z } from 'zod';
import { excerpt, statusError, type TextResponse, type Transport } from './http-transport.js';
import { nativeSamplesSchema, toNativeSamples } from './native-histogram.js';
import { parseSampleValue, type RawSeries } from './series-build.js';

/** The JSON envelope of every Prometheus HTTP API answer. */
export const promEnvelopeSchema = z.object({
  status: z.enum(['success', 'error']),
  data: z.unknown().optional(),
  errorType: z.string().optional(),
  error: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  infos: z.array(z.string()).optional(),
});

const sampleSchema = z.tuple([z.number(), z.string()]);

/** `data` of a range query. */
export const matrixSchema = z.object({
  resultType: z.literal('matrix'),
  result: z.array(
    z.object({
      metric: z.record(z.string(), z.string()),
      values: z.array(sampleSchema).optional(),
      /** Native histograms (Prometheus 2.40+ with the feature on) come here, not in `values`. */
      histograms: nativeSamplesSchema.optional(),
    }),
  ),
});

export const stringListSchema = z.array(z.string()).nullable();
export const labelSetListSchema = z.array(z.record(z.string(), z.string())).nullable();

/**
 * Reads a Prometheus API answer: the `data` and `warnings` on success, otherwise the
 * classified error — `bad_data`/`execution`/4xx are query errors (not retried), 5xx and
 * `timeout` are retried by the transport.
 */
export function readPromEnvelope(
  t: Pick<Transport, 'system' | 'host'>,
  what: string,
  res: TextResponse,
): { data: unknown; warnings: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    // Proxies and load balancers answer with HTML or plain text.
    const detail = excerpt(res.text) || res.statusText || 'empty body';
    if (res.status >= 200 && res.status < 300) {
      throw new Error(`not JSON: ${detail}`);
    }
    throw statusError(t, what, res.status, `${res.status} ${res.statusText}: ${detail}`.trim());
  }
  const parsed = promEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    if (res.status >= 300) throw statusError(t, what, res.status, excerpt(res.text));
    throw new Error(`not a Prometheus API answer: ${excerpt(res.text, 120)}`);
  }
  const env = parsed.data;
  if (env.status === 'success' && res.status < 300) {
    return { data: env.data, warnings: [...(env.warnings ?? []), ...(env.infos ?? [])] };
  }
  const detail = env.errorType ? `${env.errorType}: ${env.error ?? ''}` : (env.error ?? 'unknown error');
  // An error envelope with a 2xx status should not happen; treat it as a query error.
  const status = res.status >= 300 ? res.status : 422;
  throw statusError(t, what, status, detail, { timeout: env.errorType === 'timeout' });
}

/** Converts a matrix `data` into raw series (timestamps in ms; NaN/±Inf decoded; native histograms kept aside). */
export function matrixToRaw(data: unknown): RawSeries[] {
  const m = matrixSchema.parse(data);
  return m.result.map((r) => {
    const values = r.values ?? [];
    const t = new Array<number>(values.length);
    const v = new Array<number>(values.length);
    for (let i = 0; i < values.length; i++) {
      const [ts, val] = values[i]!;
      t[i] = Math.round(ts * 1000);
      v[i] = parseSampleValue(val);
    }
    return r.histograms
      ? { labels: r.metric, t, v, histograms: toNativeSamples(r.histograms) }
      : { labels: r.metric, t, v };
  });
}
