import { isLoadLensError, LoadLensError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { readDsQuery } from './grafana-frames.js';
import { createTransport } from './http-transport.js';
import { createPromApi, type PromApi, type PrometheusSourceOptions } from './prometheus-client.js';
import { buildSeries, queryLabel } from './series-build.js';
import type { PromSource, RangeQuery, RangeResult } from './source.js';
import { PROMETHEUS_MAX_POINTS, planStep, pointCount } from './step.js';

/** Options of `createGrafanaSource`. */
export interface GrafanaSourceOptions extends Omit<PrometheusSourceOptions, 'url'> {
  /** Grafana's base URL, e.g. `https://grafana.example.com`. */
  url: string;
  /** A service-account token (sent as `Authorization: Bearer`, never logged). */
  token: string;
  /** UID of the Prometheus datasource. */
  datasourceUid: string;
}

/** Statuses with which Grafana refuses its datasource proxy (disabled, or not allowed for the token). */
const PROXY_REFUSED = new Set([403, 404, 405]);

function refusedByProxy(err: unknown): boolean {
  return isLoadLensError(err) && PROXY_REFUSED.has(Number(err.details.status));
}

/**
 * A PromSource reaching Prometheus through Grafana. It first uses the datasource proxy
 * (the plain Prometheus API); when Grafana refuses the proxy it switches — once, for every
 * later call — to `/api/ds/query` for ranges and the datasource resource API for labels.
 */
export function createGrafanaSource(opts: GrafanaSourceOptions): PromSource {
  if (!opts.token) throw new LoadLensError('CONFIG_INVALID', 'Grafana needs a token (GRAFANA_TOKEN)');
  if (!opts.datasourceUid) {
    throw new LoadLensError('CONFIG_INVALID', 'Grafana needs a datasource UID (GRAFANA_DATASOURCE_UID)');
  }
  const logger = opts.logger ?? silentLogger;
  const transport = createTransport({
    ...opts,
    system: 'Grafana',
    headers: { ...opts.headers, Authorization: `Bearer ${opts.token}` },
  });
  const uid = encodeURIComponent(opts.datasourceUid);
  const maxPoints = opts.maxPoints ?? PROMETHEUS_MAX_POINTS;
  const timeoutMs = opts.timeoutMs ?? 30_000;

  const proxy = createPromApi(transport, `/api/datasources/proxy/uid/${uid}`, { maxPoints, timeoutMs });
  const resources = createPromApi(transport, `/api/datasources/uid/${uid}/resources`, {
    maxPoints,
    seriesMethod: 'GET',
  });

  const dsQuery = async (q: RangeQuery): Promise<RangeResult> => {
    if (!q.query.trim()) throw new LoadLensError('BAD_INPUT', `query "${q.id ?? ''}" is empty`);
    const plan = planStep(q.fromMs, q.toMs, q.stepSec, maxPoints);
    const what = `query "${queryLabel(q)}"`;
    const body = {
      queries: [
        {
          refId: 'A',
          datasource: { uid: opts.datasourceUid },
          expr: q.query,
          range: true,
          instant: false,
          intervalMs: plan.stepSec * 1000,
          maxDataPoints: pointCount(q.fromMs, q.toMs, plan.stepSec),
          ...(q.legend ? { legendFormat: q.legend } : {}),
        },
      ],
      from: String(q.fromMs),
      to: String(q.toMs),
    };
    return transport.request({
      method: 'POST',
      path: '/api/ds/query',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      what,
      read: (res) => {
        const r = readDsQuery(transport, what, res);
        // Grafana may widen the step (datasource min interval); report the one it used.
        const stepSec = r.intervalMs ? r.intervalMs / 1000 : plan.stepSec;
        return { series: buildSeries(q, r.series), stepSec, warnings: [...plan.warnings, ...r.warnings] };
      },
    });
  };

  const fallback: PromApi = {
    labelValues: resources.labelValues,
    series: resources.series,
    queryRange: dsQuery,
  };
  let useFallback = false;

  const route = <A extends unknown[], R>(pick: (api: PromApi) => (...args: A) => Promise<R>) => {
    return async (...args: A): Promise<R> => {
      if (useFallback) return pick(fallback)(...args);
      try {
        return await pick(proxy)(...args);
      } catch (err) {
        if (!refusedByProxy(err)) throw err;
        if (!useFallback) {
          useFallback = true;
          logger.info('Grafana datasource proxy refused; using /api/ds/query from now on', {
            host: transport.host,
            status: (err as LoadLensError).details.status,
          });
        }
        return pick(fallback)(...args);
      }
    };
  };

  return {
    kind: 'grafana',
    labelValues: route((api) => api.labelValues),
    series: route((api) => api.series),
    queryRange: route((api) => api.queryRange),
  };
}
