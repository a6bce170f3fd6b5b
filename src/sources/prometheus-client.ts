import { LoadLensError } from '../core/errors.js';
import { createTransport, type HttpSourceOptions, type Transport } from './http-transport.js';
import { labelSetListSchema, matrixToRaw, readPromEnvelope, stringListSchema } from './prom-envelope.js';
import { type FetchPiece, fetchInPieces } from './range-fetch.js';
import { buildSeries, queryLabel } from './series-build.js';
import { type PromSource, type RangeQuery, type RangeResult, SERIES_LIMIT } from './source.js';
import { PROMETHEUS_MAX_POINTS, planStep } from './step.js';

/** Options of `createPrometheusSource`. */
export type PrometheusSourceOptions = HttpSourceOptions;

/** The PromSource operations, without `kind`. */
export type PromApi = Omit<PromSource, 'kind'>;

const seconds = (ms: number) => String(ms / 1000);
/** The transport's default per-attempt timeout, used when the API is given none. */
const DEFAULT_TIMEOUT_MS = 30_000;

function checkWindow(fromMs: number, toMs: number): void {
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || fromMs > toMs) {
    throw new LoadLensError('BAD_INTERVAL', `invalid window: ${fromMs}..${toMs}`);
  }
}

/**
 * The Prometheus HTTP API spoken over `transport`, under `prefix` (empty for Prometheus
 * itself; Grafana's datasource proxy path otherwise).
 */
export function createPromApi(
  transport: Transport,
  prefix: string,
  opts: { maxPoints?: number; timeoutMs?: number; seriesMethod?: 'GET' | 'POST' } = {},
): PromApi {
  const maxPoints = opts.maxPoints ?? PROMETHEUS_MAX_POINTS;
  return {
    async labelValues(label, fromMs, toMs, matchers = []) {
      checkWindow(fromMs, toMs);
      const what = `label values of ${label}`;
      const params: Array<[string, string]> = [
        ['start', seconds(fromMs)],
        ['end', seconds(toMs)],
        ...matchers.map((m): [string, string] => ['match[]', m]),
      ];
      return transport.request({
        method: 'GET',
        path: `${prefix}/api/v1/label/${encodeURIComponent(label)}/values`,
        params,
        what,
        retryTimeouts: false,
        read: (res) =>
          [...(stringListSchema.parse(readPromEnvelope(transport, what, res).data) ?? [])].sort(),
      });
    },

    async series(matchers, fromMs, toMs) {
      checkWindow(fromMs, toMs);
      if (matchers.length === 0) throw new LoadLensError('BAD_INPUT', 'series() needs at least one matcher');
      const what = `series ${matchers.join(', ').slice(0, 80)}`;
      const fields: Array<[string, string]> = [
        ...matchers.map((m): [string, string] => ['match[]', m]),
        ['start', seconds(fromMs)],
        ['end', seconds(toMs)],
        ['limit', String(SERIES_LIMIT)],
      ];
      // POST by default: matchers can be long. Some proxies only forward GET.
      const get = opts.seriesMethod === 'GET';
      return transport.request({
        method: get ? 'GET' : 'POST',
        path: `${prefix}/api/v1/series`,
        ...(get ? { params: fields } : { form: fields }),
        what,
        // A timeout is not retried as is (the same cost again); discovery falls back instead.
        retryTimeouts: false,
        read: (res) =>
          (labelSetListSchema.parse(readPromEnvelope(transport, what, res).data) ?? []).slice(
            0,
            SERIES_LIMIT,
          ),
      });
    },

    async queryRange(q: RangeQuery): Promise<RangeResult> {
      if (!q.query.trim()) throw new LoadLensError('BAD_INPUT', `query "${q.id ?? ''}" is empty`);
      const plan = planStep(q.fromMs, q.toMs, q.stepSec, maxPoints);
      const what = `query "${queryLabel(q)}"`;
      const fetchPiece: FetchPiece = (p, timeoutMs) => {
        const form: Array<[string, string]> = [
          ['query', q.query],
          ['start', seconds(p.fromMs)],
          ['end', seconds(p.toMs)],
          ['step', String(p.stepSec)],
        ];
        // Lets Prometheus give up at the same moment we would, instead of computing on for nobody.
        if (opts.timeoutMs) form.push(['timeout', `${Math.max(1, Math.floor(timeoutMs / 1000))}s`]);
        return transport.request({
          method: 'POST',
          path: `${prefix}/api/v1/query_range`,
          form,
          what,
          timeoutMs,
          // A timed-out piece is split or coarsened by `fetchInPieces`, never sent again as is.
          retryTimeouts: false,
          read: (res) => {
            const env = readPromEnvelope(transport, what, res);
            return { raw: matrixToRaw(env.data), warnings: env.warnings };
          },
        });
      };
      const r = await fetchInPieces(
        {
          fromMs: q.fromMs,
          toMs: q.toMs,
          stepSec: plan.stepSec,
          timeoutMs: opts.timeoutMs ?? transport.timeoutMs,
          label: what,
          system: transport.system,
        },
        fetchPiece,
      );
      return {
        series: buildSeries(q, r.raw),
        stepSec: r.stepSec,
        warnings: [...plan.warnings, ...r.warnings],
      };
    },
  };
}

/** A PromSource talking to Prometheus (or any API-compatible server: Thanos, VictoriaMetrics, Mimir). */
export function createPrometheusSource(opts: PrometheusSourceOptions): PromSource {
  const transport = createTransport({ ...opts, system: 'Prometheus' });
  const api = createPromApi(transport, '', {
    maxPoints: opts.maxPoints,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  return { kind: 'prometheus', ...api };
}
