import { z } from 'zod';
import { excerpt, statusError, type TextResponse, type Transport } from './http-transport.js';
import { parseSampleValue, type RawSeries } from './series-build.js';

/** Where JSON-unencodable values sit in a field's value array (Grafana data frame JSON). */
const entitiesSchema = z
  .object({
    NaN: z.array(z.number()).optional(),
    Inf: z.array(z.number()).optional(),
    NegInf: z.array(z.number()).optional(),
    Undef: z.array(z.number()).optional(),
  })
  .nullable();

const fieldSchema = z.object({
  name: z.string().optional(),
  type: z.string().optional(),
  labels: z.record(z.string(), z.string()).nullish(),
  config: z.object({ interval: z.number().optional() }).loose().nullish(),
});

const frameSchema = z.object({
  schema: z
    .object({
      name: z.string().optional(),
      refId: z.string().optional(),
      meta: z
        .object({
          notices: z.array(z.object({ severity: z.string().optional(), text: z.string() })).nullish(),
        })
        .loose()
        .nullish(),
      fields: z.array(fieldSchema),
    })
    .optional(),
  data: z
    .object({
      values: z.array(z.array(z.unknown())),
      entities: z.array(entitiesSchema).nullish(),
    })
    .optional(),
});

const resultSchema = z.object({
  status: z.number().optional(),
  error: z.string().optional(),
  frames: z.array(frameSchema).nullish(),
});

/** Body of `POST /api/ds/query`. */
export const dsQueryResponseSchema = z.object({
  results: z.record(z.string(), resultSchema).optional(),
  message: z.string().optional(),
});

export type GrafanaFrame = z.infer<typeof frameSchema>;

function decodeNumbers(values: unknown[], entities: z.infer<typeof entitiesSchema> | undefined): number[] {
  const out = values.map((x) =>
    typeof x === 'number' ? x : typeof x === 'string' ? parseSampleValue(x) : Number.NaN,
  );
  if (entities) {
    for (const i of entities.NaN ?? []) out[i] = Number.NaN;
    for (const i of entities.Inf ?? []) out[i] = Number.POSITIVE_INFINITY;
    for (const i of entities.NegInf ?? []) out[i] = Number.NEGATIVE_INFINITY;
    for (const i of entities.Undef ?? []) out[i] = Number.NaN;
  }
  return out;
}

/** Series of one frame: one per number field, all sharing the frame's time field. */
export function frameToRaw(frame: GrafanaFrame): { series: RawSeries[]; intervalMs?: number } {
  const fields = frame.schema?.fields ?? [];
  const columns = frame.data?.values ?? [];
  const timeIdx = fields.findIndex((f) => f.type === 'time');
  if (timeIdx < 0) return { series: [] };
  const t = decodeNumbers(columns[timeIdx] ?? [], frame.data?.entities?.[timeIdx]);
  const series: RawSeries[] = [];
  fields.forEach((f, i) => {
    if (f.type !== 'number') return;
    const labels = { ...(f.labels ?? {}) };
    const v = decodeNumbers(columns[i] ?? [], frame.data?.entities?.[i]);
    series.push({ labels, t: [...t], v });
  });
  const intervalMs = fields[timeIdx]?.config?.interval;
  return intervalMs ? { series, intervalMs } : { series };
}

/**
 * Reads a `/api/ds/query` answer for `refId`: its series, the notices as warnings and the
 * interval Grafana actually used; a per-query `error` is classified like an HTTP status.
 */
export function readDsQuery(
  t: Pick<Transport, 'system' | 'host'>,
  what: string,
  res: TextResponse,
  refId = 'A',
): { series: RawSeries[]; warnings: string[]; intervalMs?: number } {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    const detail = excerpt(res.text) || res.statusText;
    if (res.status < 300) throw new Error(`not JSON: ${detail}`);
    throw statusError(t, what, res.status, `${res.status} ${res.statusText}: ${detail}`.trim());
  }
  const body = dsQueryResponseSchema.parse(json);
  const result = body.results?.[refId];
  if (result?.error || res.status >= 300) {
    const status =
      result?.status && result.status >= 300 ? result.status : res.status >= 300 ? res.status : 400;
    throw statusError(t, what, status, result?.error ?? body.message ?? excerpt(res.text));
  }
  const series: RawSeries[] = [];
  const warnings: string[] = [];
  let intervalMs: number | undefined;
  for (const frame of result?.frames ?? []) {
    const r = frameToRaw(frame);
    series.push(...r.series);
    intervalMs ??= r.intervalMs;
    for (const n of frame.schema?.meta?.notices ?? []) if (!warnings.includes(n.text)) warnings.push(n.text);
  }
  return intervalMs ? { series, warnings, intervalMs } : { series, warnings };
}
