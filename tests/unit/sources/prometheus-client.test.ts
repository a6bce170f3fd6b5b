import { afterEach, describe, expect, it } from 'vitest';
import { isLoadLensError, type LoadLensError } from '../../../src/core/errors.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import { type FakeServer, formOf, noSleep, promMatrix, sendJson, startFakeServer } from './fake-server.js';

const FROM = Date.UTC(2024, 0, 1, 10);
const TO = FROM + 3600_000;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function caught(p: Promise<unknown>): Promise<LoadLensError> {
  try {
    await p;
  } catch (err) {
    if (isLoadLensError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('createPrometheusSource', () => {
  it('POSTs query_range form-encoded and parses the matrix into ms timestamps', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(
        res,
        200,
        promMatrix([
          {
            metric: { __name__: 'up', job: 'api' },
            values: [
              [FROM / 1000, '1'],
              [FROM / 1000 + 15, '0.5'],
            ],
          },
        ]),
      ),
    );
    const src = createPrometheusSource({ url: server.url, sleep: noSleep, timeoutMs: 5_000 });
    const r = await src.queryRange({ query: 'up{job="api"}', fromMs: FROM, toMs: TO, stepSec: 15, id: 'up' });
    const req = server.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/v1/query_range');
    expect(req.headers['content-type']).toContain('application/x-www-form-urlencoded');
    const form = formOf(req);
    expect(form.get('query')).toBe('up{job="api"}');
    expect(Number(form.get('start'))).toBe(FROM / 1000);
    expect(Number(form.get('end'))).toBe(TO / 1000);
    expect(form.get('step')).toBe('15');
    expect(form.get('timeout')).toBe('5s');
    expect(r.stepSec).toBe(15);
    expect(r.warnings).toEqual([]);
    expect(r.series).toHaveLength(1);
    expect(r.series[0]).toMatchObject({ id: 'up', name: 'up{job="api"}', labels: { job: 'api' } });
    expect(r.series[0]!.t).toEqual([FROM, FROM + 15_000]);
    expect(r.series[0]!.v).toEqual([1, 0.5]);
  });

  it('parses NaN, +Inf and -Inf sample values', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(
        res,
        200,
        promMatrix([
          {
            metric: {},
            values: [
              [1, 'NaN'],
              [2, '+Inf'],
              [3, '-Inf'],
              [4, '1e3'],
            ],
          },
        ]),
      ),
    );
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const r = await src.queryRange({ query: 'x', fromMs: 0, toMs: 4000, stepSec: 1 });
    const v = r.series[0]!.v;
    expect(Number.isNaN(v[0])).toBe(true);
    expect(v.slice(1)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1000]);
    expect(r.series[0]!.t).toEqual([1000, 2000, 3000, 4000]);
  });

  it('retries a 5xx with backoff and then succeeds', async () => {
    server = await startFakeServer((_req, res, n) => {
      if (n === 1) sendJson(res, 503, { status: 'error', errorType: 'unavailable', error: 'overloaded' });
      else sendJson(res, 200, promMatrix([{ metric: { a: 'b' }, values: [[1, '2']] }]));
    });
    const delays: number[] = [];
    const src = createPrometheusSource({
      url: server.url,
      retries: 2,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const r = await src.queryRange({ query: 'x', fromMs: 0, toMs: 1000, stepSec: 1 });
    expect(server.requests).toHaveLength(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(0);
    expect(r.series[0]!.v).toEqual([2]);
  });

  it('gives up after the retries with SOURCE_UNREACHABLE naming the host', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 502, { status: 'error', error: 'bad gateway' }),
    );
    const delays: number[] = [];
    const src = createPrometheusSource({
      url: server.url,
      retries: 2,
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const err = await caught(src.queryRange({ query: 'x', fromMs: 0, toMs: 1000, stepSec: 1 }));
    expect(err.code).toBe('SOURCE_UNREACHABLE');
    expect(err.message).toContain(new URL(server.url).host);
    expect(server.requests).toHaveLength(3);
    // Exponential: each wait is longer than the one before.
    expect(delays).toHaveLength(2);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
  });

  it('does not retry 400 bad_data and names the query in the message', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 400, {
        status: 'error',
        errorType: 'bad_data',
        error: '1:9: parse error: unexpected right parenthesis',
      }),
    );
    const src = createPrometheusSource({ url: server.url, sleep: noSleep, retries: 3 });
    const err = await caught(
      src.queryRange({ query: 'sum(rate(x[1m])))', fromMs: 0, toMs: 1000, stepSec: 1, id: 'rps' }),
    );
    expect(err.code).toBe('SOURCE_QUERY_ERROR');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^query "rps" failed: bad_data: 1:9: parse error/);
    expect(server.requests).toHaveLength(1);

    const err2 = await caught(
      src.queryRange({ query: 'sum(rate(x[1m])))', fromMs: 0, toMs: 1000, stepSec: 1 }),
    );
    expect(err2.message).toContain('query "sum(rate(x[1m])))" failed');
  });

  it('times out a slow server with SOURCE_TIMEOUT within the limit, never sending it again as is', async () => {
    server = await startFakeServer(() => {
      // never answers
    });
    const src = createPrometheusSource({ url: server.url, timeoutMs: 200, retries: 1, sleep: noSleep });
    const started = Date.now();
    const err = await caught(src.queryRange({ query: 'x', fromMs: 0, toMs: 1000, stepSec: 1, id: 'slow' }));
    const elapsed = Date.now() - started;
    expect(err.code).toBe('SOURCE_TIMEOUT');
    expect(err.message).toContain('within 200 ms');
    expect(err.details.tries).toBe(1);
    // Two points can neither be split nor coarsened: one request, not the same one twice.
    expect(server.requests).toHaveLength(1);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('classifies a Prometheus-side timeout as SOURCE_TIMEOUT without repeating it', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 503, {
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out in expression evaluation',
      }),
    );
    const src = createPrometheusSource({ url: server.url, retries: 1, sleep: noSleep });
    const err = await caught(src.queryRange({ query: 'x', fromMs: 0, toMs: 1000, stepSec: 1 }));
    expect(err.code).toBe('SOURCE_TIMEOUT');
    expect(server.requests).toHaveLength(1);
  });

  it('passes warnings through', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, promMatrix([], ['PromQL info: metric might not be a counter'])),
    );
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const r = await src.queryRange({ query: 'rate(x[1m])', fromMs: 0, toMs: 1000, stepSec: 1 });
    expect(r.series).toEqual([]);
    expect(r.warnings).toEqual(['PromQL info: metric might not be a counter']);
  });

  it('coarsens the step to stay under maxPoints and warns', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 200, promMatrix([])));
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const day = 86_400_000;
    const r = await src.queryRange({ query: 'x', fromMs: 0, toMs: 2 * day, stepSec: 15 });
    expect(r.stepSec).toBe(30);
    expect(r.warnings).toEqual(['step raised from 15s to 30s to stay under 11000 points']);
    expect(formOf(server.requests[0]!).get('step')).toBe('30');
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    server = await startFakeServer(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 40));
      sendJson(res, 200, promMatrix([]));
    });
    const src = createPrometheusSource({ url: server.url, concurrency: 2, sleep: noSleep });
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        src.queryRange({ query: `q${i}`, fromMs: 0, toMs: 1000, stepSec: 1 }),
      ),
    );
    expect(server.requests).toHaveLength(6);
    expect(server.maxInFlight).toBe(2);
  });

  it('asks label values with start, end and match[]', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, { status: 'success', data: ['b_total', 'a'] }),
    );
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const names = await src.labelValues('__name__', FROM, TO, ['{scenario="s1"}', '{job="x"}']);
    expect(names).toEqual(['a', 'b_total']);
    const req = server.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/v1/label/__name__/values');
    expect(req.query.getAll('match[]')).toEqual(['{scenario="s1"}', '{job="x"}']);
    expect(Number(req.query.get('start'))).toBe(FROM / 1000);
    expect(Number(req.query.get('end'))).toBe(TO / 1000);
  });

  it('lists series through POST /api/v1/series', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, { status: 'success', data: [{ __name__: 'up', job: 'a' }] }),
    );
    const src = createPrometheusSource({ url: server.url + '/prom/', sleep: noSleep });
    const sets = await src.series(['up'], FROM, TO);
    expect(sets).toEqual([{ __name__: 'up', job: 'a' }]);
    expect(server.requests[0]!.path).toBe('/prom/api/v1/series');
    expect(formOf(server.requests[0]!).getAll('match[]')).toEqual(['up']);
  });

  it('sends URL credentials as Basic auth and never puts them in messages', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 500, { status: 'error', error: 'boom' }));
    const url = server.url.replace('http://', 'http://alice:s3cret@');
    const src = createPrometheusSource({ url, retries: 0, sleep: noSleep });
    const err = await caught(src.labelValues('job', 0, 1000));
    expect(server.requests[0]!.headers.authorization).toBe(
      'Basic ' + Buffer.from('alice:s3cret').toString('base64'),
    );
    expect(err.message).not.toContain('s3cret');
    expect(err.message).not.toContain('alice');
  });

  it('reports a closed port as SOURCE_UNREACHABLE quickly', async () => {
    const closed = await startFakeServer(() => {});
    const url = closed.url;
    await closed.close();
    const src = createPrometheusSource({ url, retries: 1, sleep: noSleep });
    const started = Date.now();
    const err = await caught(src.queryRange({ query: 'up', fromMs: 0, toMs: 1000, stepSec: 1 }));
    expect(err.code).toBe('SOURCE_UNREACHABLE');
    expect(err.message).toContain(new URL(url).host);
    expect(err.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reports a non-JSON answer as SOURCE_BAD_RESPONSE', async () => {
    server = await startFakeServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>login</html>');
    });
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const err = await caught(src.queryRange({ query: 'up', fromMs: 0, toMs: 1000, stepSec: 1 }));
    expect(err.code).toBe('SOURCE_BAD_RESPONSE');
  });
});
