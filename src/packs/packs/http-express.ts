import { httpQueries, serverErrorMatcher, statusLabelOf } from '../http-family.js';
import type { LabelsOf, Pack } from '../types.js';

const COUNT = 'http_request_duration_seconds_count';

/**
 * Whether `http_request_duration_seconds` is the Node dialect: express-prom-bundle (and
 * prom-client histograms written the same way) label it `status_code` + `path`/`route`,
 * while the FastAPI instrumentator's carries `handler` and no status.
 */
export function isExpressDialect(names: ReadonlySet<string>, labelsOf?: LabelsOf): boolean {
  if (!names.has(COUNT)) return false;
  const labels = labelsOf?.(COUNT);
  if (!labels) return !names.has('http_requests_total');
  return !labels.has('handler') && statusLabelOf(labels) !== undefined;
}

/** Node services on express-prom-bundle / prom-client: `http_request_duration_seconds{status_code,path,method}`. */
export const expressHttpPack: Pack = {
  id: 'express',
  domain: 'http',
  source: 'prom',
  detect: (names, labelsOf) => isExpressDialect(names, labelsOf),
  queries: (ctx) => {
    const labels = ctx.labelsOf?.(COUNT);
    const route = labels ? ['path', 'route'].find((l) => labels.has(l)) : 'path';
    return httpQueries(ctx, {
      pack: 'express',
      counter: COUNT,
      histogram: 'http_request_duration_seconds',
      hasBuckets: ctx.names?.has('http_request_duration_seconds_bucket') ?? true,
      errorMatchers: [serverErrorMatcher(statusLabelOf(labels) ?? 'status_code')],
      routeLabel: route,
      // The scrape of /metrics is not user traffic.
      extraMatchers: route ? [`${route}!="/metrics"`] : [],
    });
  },
};
