import { z } from 'zod';
import { LoadLensError } from '../core/errors.js';
import {
  createTransport,
  excerpt,
  type HttpSourceOptions,
  statusError,
  type TextResponse,
  type Transport,
} from './http-transport.js';
import { substituteInfluxQL } from './influx-template.js';
import { buildSeries, parseSampleValue, queryLabel, type RawSeries } from './series-build.js';
import type { InfluxSource, RangeQuery, RangeResult } from './source.js';
import { PROMETHEUS_MAX_POINTS, planStep } from './step.js';

/** Options of `createInflux1Source`. */
export interface Influx1SourceOptions extends HttpSourceOptions {
  db: string;
  /** Retention policy (default: the database's default). */
  retentionPolicy?: string;
  /** Sent as HTTP Basic auth, never in the URL. */
  user?: string;
  password?: string;
  /** InfluxDB 1.8+/2.x compatibility token (`Authorization: Token …`). */
  token?: string;
}

const influxSeriesSchema = z.object({
  name: z.string().optional(),
  tags: z.record(z.string(), z.string()).nullish(),
  columns: z.array(z.string()),
  values: z.array(z.array(z.unknown())).nullish(),
});

/** Body of `/query` (InfluxDB 1.x). */
export const influxResponseSchema = z.object({
  results: z
    .array(
      z.object({
        statement_id: z.number().optional(),
        series: z.array(influxSeriesSchema).nullish(),
        error: z.string().optional(),
        messages: z.array(z.object({ level: z.string().optional(), text: z.string() })).nullish(),
      }),
    )
    .optional(),
  error: z.string().optional(),
});

export type InfluxSeries = z.infer<typeof influxSeriesSchema>;

/** Queries longer than this go in a POST body (URLs have length limits on the way). */
const MAX_GET_QUERY = 3_000;

/** Reads a `/query` answer: its series and messages, or the top-level / per-statement error. */
export function readInfluxResponse(
  t: Pick<Transport, 'system' | 'host'>,
  what: string,
  res: TextResponse,
): { series: InfluxSeries[]; messages: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    const detail = excerpt(res.text) || res.statusText;
    if (res.status < 300) throw new Error(`not JSON: ${detail}`);
    throw statusError(t, what, res.status, `${res.status} ${res.statusText}: ${detail}`.trim());
  }
  const body = influxResponseSchema.parse(json);
  if (body.error || res.status >= 300) {
    throw statusError(t, what, res.status >= 300 ? res.status : 400, body.error ?? excerpt(res.text));
  }
  const series: InfluxSeries[] = [];
  const messages: string[] = [];
  for (const r of body.results ?? []) {
    // A statement error (unknown database, bad field) is the query's fault: not retried.
    if (r.error) throw statusError(t, what, 400, r.error);
    series.push(...(r.series ?? []));
    for (const m of r.messages ?? []) messages.push(m.level ? `${m.level}: ${m.text}` : m.text);
  }
  return { series, messages };
}

function toNumber(x: unknown): number {
  if (typeof x === 'number' || typeof x === 'boolean' || x === null || x === undefined) {
    return parseSampleValue(x as number | boolean | null | undefined);
  }
  return typeof x === 'string' ? parseSampleValue(x) : Number.NaN;
}

function toTime(x: unknown): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'string') return Date.parse(x);
  return Number.NaN;
}

/**
 * One raw series per value column of each Influx series. Labels hold the tags plus
 * `_measurement` and `_field`; the default name is the measurement when the query has a
 * single value column, else the column.
 */
export function influxSeriesToRaw(list: InfluxSeries[]): RawSeries[] {
  const out: RawSeries[] = [];
  for (const s of list) {
    const timeIdx = s.columns.indexOf('time');
    if (timeIdx < 0) continue;
    const rows = s.values ?? [];
    const t = rows.map((row) => toTime(row[timeIdx]));
    const valueCols = s.columns.map((c, i) => ({ c, i })).filter(({ i }) => i !== timeIdx);
    const tags = s.tags ?? {};
    for (const { c, i } of valueCols) {
      const labels: Record<string, string> = { ...tags, _field: c };
      if (s.name) labels._measurement = s.name;
      const name = valueCols.length === 1 ? (s.name ?? c) : c;
      out.push({
        labels,
        nameLabels: { __name__: name, ...tags },
        t: [...t],
        v: rows.map((row) => toNumber(row[i])),
      });
    }
  }
  return out;
}

/** An InfluxSource for InfluxDB 1.x (InfluxQL over `/query`). */
export function createInflux1Source(opts: Influx1SourceOptions): InfluxSource {
  if (!opts.db) throw new LoadLensError('CONFIG_INVALID', 'InfluxDB 1.x needs a database (INFLUX_DB)');
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.token) headers.Authorization = `Token ${opts.token}`;
  else if (opts.user) {
    headers.Authorization = 'Basic ' + Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64');
  }
  const transport = createTransport({ ...opts, system: 'InfluxDB', headers });
  const maxPoints = opts.maxPoints ?? PROMETHEUS_MAX_POINTS;

  const run = (q: string, what: string): Promise<{ series: InfluxSeries[]; messages: string[] }> => {
    const params: Array<[string, string]> = [
      ['db', opts.db],
      ['epoch', 'ms'],
    ];
    if (opts.retentionPolicy) params.push(['rp', opts.retentionPolicy]);
    const read = (res: TextResponse) => readInfluxResponse(transport, what, res);
    if (q.length > MAX_GET_QUERY) {
      return transport.request({ method: 'POST', path: '/query', params, form: [['q', q]], what, read });
    }
    return transport.request({ method: 'GET', path: '/query', params: [...params, ['q', q]], what, read });
  };

  return {
    kind: 'influx1',
    async measurements() {
      const { series } = await run('SHOW MEASUREMENTS', 'SHOW MEASUREMENTS');
      const names = series.flatMap((s) => (s.values ?? []).map((row) => String(row[0])));
      return [...new Set(names)].sort();
    },
    async queryRange(q: RangeQuery): Promise<RangeResult> {
      if (!q.query.trim()) throw new LoadLensError('BAD_INPUT', `query "${q.id ?? ''}" is empty`);
      const plan = planStep(q.fromMs, q.toMs, q.stepSec, maxPoints);
      const text = substituteInfluxQL(q.query, { fromMs: q.fromMs, toMs: q.toMs, stepSec: plan.stepSec });
      const r = await run(text, `query "${queryLabel(q)}"`);
      return {
        series: buildSeries(q, influxSeriesToRaw(r.series)),
        stepSec: plan.stepSec,
        warnings: [...plan.warnings, ...r.messages],
      };
    },
  };
}
