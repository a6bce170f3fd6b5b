import { influxSelect, tagConditions } from '../influxql.js';
import { catalogued } from '../panel.js';
import type { Pack } from '../types.js';

const ID = 'gatling_influx';

/**
 * Gatling's Graphite writer stored through InfluxDB's Graphite listener with the template
 * `gatling.simulation.request.status.field` — best effort, as the template is chosen by
 * whoever set up the listener. Rows are per write period (1 s by default): `count` per
 * status (`ok`, `ko`, `all`), `mean` and `percentiles95`/`99` in ms on
 * `request='allRequests'`; users on `request='users'`, `status='allUsers'`, field
 * `active`. No error rate: ko/all needs two filtered selections, which one InfluxQL
 * statement cannot divide — add a user query if needed.
 */
export const gatlingInfluxPack: Pack = {
  id: ID,
  domain: 'load',
  source: 'influx',
  detect: (names) => names.has('gatling'),
  queries() {
    const all = tagConditions({ request: 'allRequests', status: 'all' });
    const users = tagConditions({ request: 'users', status: 'allUsers' });
    const q = (fields: string, where: string[]) => influxSelect(fields, 'gatling', where);
    return [
      catalogued('load', 'rps', ID, {
        influxql: q('sum("count")', all),
        legend: 'gatling',
        transform: { perSecond: true },
      }),
      catalogued('load', 'users', ID, { influxql: q('mean("active")', users) }),
      catalogued('load', 'p95', ID, { influxql: q('mean("percentiles95") / 1000', all) }),
      catalogued('load', 'p99', ID, { influxql: q('mean("percentiles99") / 1000', all) }),
      catalogued('load', 'avg', ID, { influxql: q('mean("mean") / 1000', all) }),
    ];
  },
};
