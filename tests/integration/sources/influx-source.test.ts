import { describe, expect, inject, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createInflux1Source } from '../../../src/sources/influx-client.js';

const SCENARIO = 'step_none';

function truth() {
  const t = inject('scenarios')[SCENARIO];
  if (!t) throw new Error(`scenario ${SCENARIO} missing from the harness`);
  return t;
}

describe('InfluxDB 1.x source against a real InfluxDB', () => {
  const src = () =>
    createInflux1Source({ url: inject('influxUrl'), db: inject('influxDb'), timeoutMs: 20_000 });

  it('lists the JMeter and k6 measurements', async () => {
    const names = await src().measurements();
    expect(names).toContain('jmeter');
    expect(names).toContain('http_reqs');
    expect(names).toContain('vus');
  });

  it('runs an InfluxQL query on jmeter with $timeFilter and $interval', async () => {
    const t = truth();
    const r = await src().queryRange({
      query:
        'SELECT sum("count") AS "count", sum("countError") AS "errors" FROM "jmeter" ' +
        `WHERE $timeFilter AND "transaction" = 'all' AND "statut" = 'all' GROUP BY time($interval) fill(none)`,
      fromMs: t.startMs,
      toMs: t.endMs,
      stepSec: 60,
      id: 'jmeter',
    });
    expect(r.stepSec).toBe(60);
    expect(r.series.map((s) => s.name)).toEqual(['count', 'errors']);
    const count = r.series[0]!;
    expect(count.labels).toMatchObject({ _measurement: 'jmeter', _field: 'count' });
    expect(count.t.length).toBeGreaterThan(10);
    expect(count.t[1]! - count.t[0]!).toBe(60_000);
    for (const x of count.t) {
      expect(x).toBeGreaterThanOrEqual(t.startMs - 60_000);
      expect(x).toBeLessThanOrEqual(t.endMs);
    }
    // More requests per minute on the last step than on the first.
    const first = t.steps[0]!;
    const last = t.steps[t.steps.length - 1]!;
    const at = (ms: number) => count.v[count.t.findIndex((x) => x >= ms)] ?? Number.NaN;
    const mid = (s: { fromMs: number; toMs: number }) => (s.fromMs + s.toMs) / 2;
    expect(at(mid(first))).toBeGreaterThan(0);
    expect(at(mid(last))).toBeGreaterThan(at(mid(first)));
  });

  it('reports an InfluxQL error as SOURCE_QUERY_ERROR naming the query', async () => {
    const t = truth();
    const err = await src()
      .queryRange({
        query: 'SELECT FROM WHERE $timeFilter',
        fromMs: t.startMs,
        toMs: t.endMs,
        stepSec: 60,
        id: 'bad_influx',
      })
      .catch((e: unknown) => e);
    expect(isLoadLensError(err, 'SOURCE_QUERY_ERROR')).toBe(true);
    expect((err as Error).message).toMatch(/^query "bad_influx" failed: error parsing query/);
  });
});
