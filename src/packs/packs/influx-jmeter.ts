import { fluxRatio, fluxSeries } from '../flux.js';
import { influxSelect, tagConditions } from '../influxql.js';
import { catalogued } from '../panel.js';
import type { Pack, PanelQuery } from '../types.js';

const ID = 'jmeter_influx';

/**
 * JMeter's InfluxDB backend listener: measurement `jmeter`, per-send-interval rows
 * (not cumulative) with tags `application`, `transaction` and `statut`. The totals are
 * the `transaction='all'` rows; active threads are on `transaction='internal'`. Times in ms.
 * `influxApplication` narrows to one test plan's `application` tag.
 */
export const jmeterInfluxPack: Pack = {
  id: ID,
  domain: 'load',
  source: 'influx',
  detect: (names) => names.has('jmeter'),
  queries(ctx) {
    const app = ctx.influxApplication;
    const all = tagConditions({ application: app, transaction: 'all', statut: 'all' });
    const internal = tagConditions({ application: app, transaction: 'internal' });
    const q = (fields: string, where: string[]) => influxSelect(fields, 'jmeter', where);
    const allTags = { application: app, transaction: 'all', statut: 'all' };
    const internalTags = { application: app, transaction: 'internal' };
    const m = 'jmeter';
    const out: PanelQuery[] = [
      catalogued('load', 'rps', ID, {
        influxql: q('sum("count")', all),
        flux: fluxSeries({ measurement: m, field: 'count', tags: allTags, aggregate: 'sum' }),
        legend: 'jmeter',
        transform: { perSecond: true },
      }),
      catalogued('load', 'users', ID, {
        influxql: q('mean("meanAT")', internal),
        flux: fluxSeries({ measurement: m, field: 'meanAT', tags: internalTags, aggregate: 'mean' }),
      }),
      catalogued('load', 'p95', ID, {
        influxql: q('mean("pct95.0") / 1000', all),
        flux: fluxSeries({
          measurement: m,
          field: 'pct95.0',
          tags: allTags,
          aggregate: 'mean',
          divideBy: 1000,
        }),
      }),
      catalogued('load', 'p99', ID, {
        influxql: q('mean("pct99.0") / 1000', all),
        flux: fluxSeries({
          measurement: m,
          field: 'pct99.0',
          tags: allTags,
          aggregate: 'mean',
          divideBy: 1000,
        }),
      }),
      catalogued('load', 'avg', ID, {
        influxql: q('mean("avg") / 1000', all),
        flux: fluxSeries({ measurement: m, field: 'avg', tags: allTags, aggregate: 'mean', divideBy: 1000 }),
      }),
      catalogued('load', 'error_rate', ID, {
        influxql: q('sum("countError") / sum("count")', all),
        flux: fluxRatio({ measurement: m, numerator: 'countError', denominator: 'count', tags: allTags }),
      }),
    ];
    return out;
  },
};
