import { type FluxAggregate, fluxSeries } from '../flux.js';
import { influxSelect } from '../influxql.js';
import { catalogued } from '../panel.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'k6_influx';

const duration = (aggregate: FluxAggregate) =>
  fluxSeries({ measurement: 'http_req_duration', field: 'value', aggregate, divideBy: 1000 });

/**
 * k6's InfluxDB output (v1 `--out influxdb=…`; the xk6 v2 output writes the same names): one measurement per metric, field
 * `value`. `http_reqs` points count requests (k6 writes 1 per request; summing per bucket
 * is right either way), `http_req_duration` holds per-request samples in ms, `vus` is
 * sampled every second and `http_req_failed` is 0/1 per request.
 */
export const k6InfluxPack: Pack = {
  id: ID,
  domain: 'load',
  source: 'influx',
  detect: (names) => names.has('http_reqs'),
  queries(ctx) {
    const has = (n: string) => ctx.names?.has(n) ?? true;
    const out: PanelQuery[] = [
      catalogued('load', 'rps', ID, {
        influxql: influxSelect('sum("value")', 'http_reqs'),
        flux: fluxSeries({ measurement: 'http_reqs', field: 'value', aggregate: 'sum' }),
        legend: 'k6',
        transform: { perSecond: true },
      }),
    ];
    if (has('vus')) {
      out.push(
        catalogued('load', 'users', ID, {
          influxql: influxSelect('mean("value")', 'vus'),
          flux: fluxSeries({ measurement: 'vus', field: 'value', aggregate: 'mean' }),
        }),
      );
    }
    if (has('http_req_duration')) {
      out.push(
        catalogued('load', 'p95', ID, {
          influxql: influxSelect('percentile("value", 95) / 1000', 'http_req_duration'),
          flux: duration({ quantile: 0.95 }),
        }),
        catalogued('load', 'p99', ID, {
          influxql: influxSelect('percentile("value", 99) / 1000', 'http_req_duration'),
          flux: duration({ quantile: 0.99 }),
        }),
        catalogued('load', 'avg', ID, {
          influxql: influxSelect('mean("value") / 1000', 'http_req_duration'),
          flux: duration('mean'),
        }),
      );
    }
    if (has('http_req_failed')) {
      out.push(
        catalogued('load', 'error_rate', ID, {
          influxql: influxSelect('mean("value")', 'http_req_failed'),
          flux: fluxSeries({ measurement: 'http_req_failed', field: 'value', aggregate: 'mean' }),
        }),
      );
    }
    return out;
  },
};
