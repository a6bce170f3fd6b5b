import { httpQueries, serverErrorMatcher, statusLabelOf } from '../http-family.js';
import type { Pack } from '../types.js';

/**
 * prometheus-fastapi-instrumentator: `http_requests_total{handler,method,status="2xx"}` and
 * `http_request_duration_seconds` (handler, method). `http_requests_total` is a common
 * name, so the status label is read from the series when discovery inspected them.
 */
export const fastapiHttpPack: Pack = {
  id: 'fastapi',
  domain: 'http',
  source: 'prom',
  // `http_requests_total` is common: only the instrumentator's carries `handler`. Without
  // inspected labels (old discovery) the pair of names has to do.
  detect: (names, labelsOf) => {
    if (!names.has('http_requests_total') || !names.has('http_request_duration_seconds_count')) return false;
    const labels = labelsOf?.('http_requests_total');
    return !labels || labels.has('handler');
  },
  queries: (ctx) => {
    const labels = ctx.labelsOf?.('http_requests_total');
    const status = statusLabelOf(labels) ?? 'status';
    return httpQueries(ctx, {
      pack: 'fastapi',
      counter: 'http_requests_total',
      histogram: 'http_request_duration_seconds',
      hasBuckets: ctx.names?.has('http_request_duration_seconds_bucket') ?? true,
      errorMatchers: [serverErrorMatcher(status)],
      routeLabel: !labels || labels.has('handler') ? 'handler' : undefined,
    });
  },
};
