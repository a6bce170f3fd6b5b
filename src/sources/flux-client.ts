import { LoadLensError } from '../core/errors.js';
import { fluxTablesToRaw, parseAnnotatedCsv } from './flux-csv.js';
import {
  createTransport,
  excerpt,
  type HttpSourceOptions,
  statusError,
  type TextResponse,
  type Transport,
} from './http-transport.js';
import { substituteFlux } from './influx-template.js';
import { buildSeries, queryLabel } from './series-build.js';
import type { InfluxSource, RangeQuery, RangeResult } from './source.js';
import { PROMETHEUS_MAX_POINTS, planStep } from './step.js';

/** Options of `createInflux2Source`. */
export interface Influx2SourceOptions extends HttpSourceOptions {
  org: string;
  bucket: string;
  /** API token (`Authorization: Token …`, never logged). */
  token: string;
}

/** Reads a Flux answer: annotated CSV on success, `{code, message}` JSON on failure. */
export function readFluxResponse(t: Pick<Transport, 'system' | 'host'>, what: string, res: TextResponse) {
  if (res.status >= 300) {
    let detail = excerpt(res.text) || `${res.status} ${res.statusText}`;
    try {
      const body = JSON.parse(res.text) as { message?: unknown; code?: unknown };
      if (typeof body.message === 'string') detail = body.message;
    } catch {
      // Not JSON: keep the text excerpt.
    }
    throw statusError(t, what, res.status, detail);
  }
  const parsed = parseAnnotatedCsv(res.text);
  // An error table streamed in place of (or after) data: the query failed while running.
  if (parsed.error !== undefined) throw statusError(t, what, 400, parsed.error);
  return parsed.tables;
}

const quote = (s: string) => JSON.stringify(s);

/** An InfluxSource for InfluxDB 2.x (Flux over `/api/v2/query`). */
export function createInflux2Source(opts: Influx2SourceOptions): InfluxSource {
  if (!opts.token) throw new LoadLensError('CONFIG_INVALID', 'InfluxDB 2.x needs a token (INFLUX_TOKEN)');
  if (!opts.org || !opts.bucket) {
    throw new LoadLensError(
      'CONFIG_INVALID',
      'InfluxDB 2.x needs an org and a bucket (INFLUX_ORG, INFLUX_BUCKET)',
    );
  }
  const transport = createTransport({
    ...opts,
    system: 'InfluxDB',
    headers: { ...opts.headers, Authorization: `Token ${opts.token}` },
  });
  const maxPoints = opts.maxPoints ?? PROMETHEUS_MAX_POINTS;

  const run = (flux: string, what: string) =>
    transport.request({
      method: 'POST',
      path: '/api/v2/query',
      params: [['org', opts.org]],
      body: flux,
      headers: { 'Content-Type': 'application/vnd.flux', Accept: 'application/csv' },
      what,
      read: (res) => readFluxResponse(transport, what, res),
    });

  return {
    kind: 'influx2',
    async measurements() {
      const flux = `import "influxdata/influxdb/schema"\nschema.measurements(bucket: ${quote(opts.bucket)})`;
      const tables = await run(flux, 'schema.measurements');
      const names = tables.flatMap((table) => {
        const i = table.columns.indexOf('_value');
        return i < 0 ? [] : table.rows.map((r) => r[i] ?? '').filter(Boolean);
      });
      return [...new Set(names)].sort();
    },
    async queryRange(q: RangeQuery): Promise<RangeResult> {
      if (!q.query.trim()) throw new LoadLensError('BAD_INPUT', `query "${q.id ?? ''}" is empty`);
      const plan = planStep(q.fromMs, q.toMs, q.stepSec, maxPoints);
      const flux = substituteFlux(q.query, {
        fromMs: q.fromMs,
        toMs: q.toMs,
        stepSec: plan.stepSec,
        bucket: opts.bucket,
      });
      const tables = await run(flux, `query "${queryLabel(q)}"`);
      return {
        series: buildSeries(q, fluxTablesToRaw(tables)),
        stepSec: plan.stepSec,
        warnings: plan.warnings,
      };
    },
  };
}
