import { afterEach, describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createGrafanaSource } from '../../../src/sources/grafana-client.js';
import { type FakeServer, noSleep, promMatrix, sendJson, startFakeServer } from './fake-server.js';

const FROM = Date.UTC(2024, 0, 1, 10);
const TO = FROM + 600_000;
const UID = 'prom-1';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A `/api/ds/query` answer shaped like Grafana 10's Prometheus backend output. */
function dsQueryAnswer(times: number[]) {
  const frame = (instance: string, values: Array<number | null>, entities: unknown = null) => ({
    schema: {
      name: `up{instance="${instance}", job="api"}`,
      refId: 'A',
      meta: {
        type: 'timeseries-multi',
        typeVersion: [0, 1],
        custom: { resultType: 'matrix' },
        executedQueryString: 'Expr: up\nStep: 15s',
        notices: [{ severity: 'warning', text: 'PromQL info: metric might not be a counter' }],
      },
      fields: [
        { name: 'Time', type: 'time', typeInfo: { frame: 'time.Time' }, config: { interval: 15000 } },
        {
          name: 'Value',
          type: 'number',
          typeInfo: { frame: 'float64' },
          labels: { __name__: 'up', instance, job: 'api' },
          config: { displayNameFromDS: instance },
        },
      ],
    },
    data: { values: [times, values], ...(entities ? { entities: [null, entities] } : {}) },
  });
  return {
    results: {
      A: {
        status: 200,
        frames: [frame('a:8080', [1, 0, 1]), frame('b:8080', [2, null, 0], { NaN: [1], Inf: [2] })],
      },
    },
  };
}

describe('createGrafanaSource', () => {
  it('queries through the datasource proxy with a Bearer token', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, promMatrix([{ metric: { job: 'api' }, values: [[FROM / 1000, '3']] }])),
    );
    const src = createGrafanaSource({
      url: server.url,
      token: 'glsa_secret',
      datasourceUid: UID,
      sleep: noSleep,
    });
    expect(src.kind).toBe('grafana');
    const r = await src.queryRange({ query: 'up', fromMs: FROM, toMs: TO, stepSec: 15, id: 'up' });
    expect(r.series[0]!.v).toEqual([3]);
    const req = server.requests[0]!;
    expect(req.path).toBe(`/api/datasources/proxy/uid/${UID}/api/v1/query_range`);
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe('Bearer glsa_secret');
  });

  it('falls back to /api/ds/query when the proxy answers 403, and remembers it', async () => {
    const times = [FROM, FROM + 15_000, FROM + 30_000];
    server = await startFakeServer((req, res) => {
      if (req.path.startsWith('/api/datasources/proxy/')) {
        sendJson(res, 403, { message: 'Forbidden: data proxy disabled' });
      } else if (req.path === '/api/ds/query') {
        sendJson(res, 200, dsQueryAnswer(times));
      } else if (req.path === `/api/datasources/uid/${UID}/resources/api/v1/label/__name__/values`) {
        sendJson(res, 200, { status: 'success', data: ['up', 'http_requests_total'] });
      } else sendJson(res, 404, { message: 'not found' });
    });
    const src = createGrafanaSource({ url: server.url, token: 't0k', datasourceUid: UID, sleep: noSleep });
    const r = await src.queryRange({
      query: 'up',
      fromMs: FROM,
      toMs: TO,
      stepSec: 15,
      id: 'up',
      legend: '{{instance}}',
    });

    expect(server.requests.map((q) => q.path)).toEqual([
      `/api/datasources/proxy/uid/${UID}/api/v1/query_range`,
      '/api/ds/query',
    ]);
    const body = JSON.parse(server.requests[1]!.body);
    expect(body.from).toBe(String(FROM));
    expect(body.to).toBe(String(TO));
    expect(body.queries[0]).toMatchObject({
      refId: 'A',
      datasource: { uid: UID },
      expr: 'up',
      range: true,
      instant: false,
      intervalMs: 15_000,
      maxDataPoints: 41,
      legendFormat: '{{instance}}',
    });
    expect(server.requests[1]!.headers.authorization).toBe('Bearer t0k');

    expect(r.stepSec).toBe(15);
    expect(r.warnings).toEqual(['PromQL info: metric might not be a counter']);
    expect(r.series.map((s) => s.name)).toEqual(['a:8080', 'b:8080']);
    expect(r.series[0]!.t).toEqual(times);
    expect(r.series[0]!.v).toEqual([1, 0, 1]);
    expect(r.series[1]!.v[0]).toBe(2);
    expect(Number.isNaN(r.series[1]!.v[1])).toBe(true);
    expect(r.series[1]!.v[2]).toBe(Number.POSITIVE_INFINITY);
    expect(r.series[1]!.labels).toEqual({ __name__: 'up', instance: 'b:8080', job: 'api' });

    // Later calls skip the proxy.
    await src.queryRange({ query: 'up', fromMs: FROM, toMs: TO, stepSec: 15 });
    const names = await src.labelValues('__name__', FROM, TO);
    expect(names).toEqual(['http_requests_total', 'up']);
    expect(server.requests.slice(2).map((q) => q.path)).toEqual([
      '/api/ds/query',
      `/api/datasources/uid/${UID}/resources/api/v1/label/__name__/values`,
    ]);
  });

  it('falls back to the resource API for label values when the proxy answers 404', async () => {
    server = await startFakeServer((req, res) => {
      if (req.path.startsWith('/api/datasources/proxy/')) sendJson(res, 404, { message: 'Not found' });
      else sendJson(res, 200, { status: 'success', data: [{ __name__: 'up', job: 'x' }] });
    });
    const src = createGrafanaSource({ url: server.url, token: 't', datasourceUid: UID, sleep: noSleep });
    const sets = await src.series(['up'], FROM, TO);
    expect(sets).toEqual([{ __name__: 'up', job: 'x' }]);
    expect(server.requests[1]!.path).toBe(`/api/datasources/uid/${UID}/resources/api/v1/series`);
    expect(server.requests[1]!.query.getAll('match[]')).toEqual(['up']);
  });

  it('does not fall back on a query error from the proxied Prometheus', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error' }),
    );
    const src = createGrafanaSource({ url: server.url, token: 't', datasourceUid: UID, sleep: noSleep });
    await expect(
      src.queryRange({ query: 'up(', fromMs: FROM, toMs: TO, stepSec: 15, id: 'bad' }),
    ).rejects.toThrow('query "bad" failed: bad_data: parse error');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a per-query error of /api/ds/query as SOURCE_QUERY_ERROR', async () => {
    server = await startFakeServer((req, res) => {
      if (req.path.startsWith('/api/datasources/proxy/'))
        sendJson(res, 405, { message: 'method not allowed' });
      else {
        sendJson(res, 400, {
          results: { A: { error: 'bad_data: invalid parameter "query": 1:3: parse error', status: 400 } },
        });
      }
    });
    const src = createGrafanaSource({ url: server.url, token: 'tok-x', datasourceUid: UID, sleep: noSleep });
    const err = await src
      .queryRange({ query: 'up(', fromMs: FROM, toMs: TO, stepSec: 15, id: 'p95' })
      .catch((e) => e);
    expect(isLoadLensError(err, 'SOURCE_QUERY_ERROR')).toBe(true);
    expect(err.message).toContain('query "p95" failed: bad_data');
    expect(err.message).not.toContain('tok-x');
  });
});
