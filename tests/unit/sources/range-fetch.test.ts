import { afterEach, describe, expect, it } from 'vitest';
import { isLoadLensError, type LoadLensError } from '../../../src/core/errors.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import { pointCount } from '../../../src/sources/step.js';
import {
  type FakeServer,
  formOf,
  noSleep,
  promMatrix,
  type SeenRequest,
  sendJson,
  startFakeServer,
} from './fake-server.js';

const FROM = Date.UTC(2026, 0, 1, 0, 0, 0);
const H = 3_600_000;

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

/** start, end, step and timeout of a query_range request (seconds, timeout as sent). */
function rangeOf(req: SeenRequest) {
  const f = formOf(req);
  return {
    start: Number(f.get('start')),
    end: Number(f.get('end')),
    step: Number(f.get('step')),
    timeout: f.get('timeout'),
  };
}

/** A matrix on the request's own grid: `/a` everywhere, `/late` only after `lateFromSec`. */
function gridAnswer(req: SeenRequest, lateFromSec: number) {
  const { start, end, step } = rangeOf(req);
  const a: Array<[number, string]> = [];
  const late: Array<[number, string]> = [];
  for (let t = start; t <= end; t += step) {
    a.push([t, String(t)]);
    if (t >= lateFromSec) late.push([t, '1']);
  }
  const result = [{ metric: { uri: '/a' }, values: a }];
  if (late.length > 0) result.push({ metric: { uri: '/late' }, values: late });
  return promMatrix(result);
}

const timedOut = { status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' };

describe('range queries in time shards', () => {
  it('sends an hour as one request, exactly as before', async () => {
    server = await startFakeServer((req, res) =>
      sendJson(res, 200, gridAnswer(req, Number.POSITIVE_INFINITY)),
    );
    const src = createPrometheusSource({ url: server.url, sleep: noSleep, timeoutMs: 30_000 });
    const r = await src.queryRange({ query: 'x', fromMs: FROM, toMs: FROM + H, stepSec: 15 });
    expect(server.requests).toHaveLength(1);
    expect(rangeOf(server.requests[0]!)).toEqual({
      start: FROM / 1000,
      end: (FROM + H) / 1000,
      step: 15,
      timeout: '30s',
    });
    expect(r.warnings).toEqual([]);
  });

  it('fetches 24 h as 8 concurrent shards under the limit and stitches every point once', async () => {
    const to = FROM + 24 * H;
    const lateFrom = (FROM + 20 * H) / 1000;
    server = await startFakeServer(async (req, res) => {
      await new Promise((r) => setTimeout(r, 20));
      sendJson(res, 200, gridAnswer(req, lateFrom));
    });
    const src = createPrometheusSource({ url: server.url, sleep: noSleep, concurrency: 3 });
    const r = await src.queryRange({ query: 'x', fromMs: FROM, toMs: to, stepSec: 60, id: 'rps' });
    expect(server.requests).toHaveLength(8);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBeGreaterThan(1);
    const a = r.series.find((s) => s.labels.uri === '/a')!;
    const n = pointCount(FROM, to, 60);
    expect(a.t).toHaveLength(n);
    expect(a.t).toEqual([...Array(n).keys()].map((k) => FROM + k * 60_000));
    const late = r.series.find((s) => s.labels.uri === '/late')!;
    expect(late.t[0]).toBe(lateFrom * 1000);
    expect(late.t.at(-1)).toBe(to);
    expect(r.stepSec).toBe(60);
    expect(r.warnings).toEqual([]);
  });

  it('halves a shard that timed out, with proportional timeouts, and says so', async () => {
    // Prometheus gives up on anything longer than two hours.
    server = await startFakeServer((req, res) => {
      const { start, end } = rangeOf(req);
      if (end - start > 2 * 3600) sendJson(res, 503, timedOut);
      else sendJson(res, 200, gridAnswer(req, Number.POSITIVE_INFINITY));
    });
    const src = createPrometheusSource({ url: server.url, sleep: noSleep, timeoutMs: 16_000 });
    const to = FROM + 6 * H;
    const r = await src.queryRange({ query: 'x', fromMs: FROM, toMs: to, stepSec: 60, id: 'http.p95' });
    // 2 shards of 3 h time out; their 4 halves of 1.5 h answer.
    expect(server.requests).toHaveLength(6);
    // Whole shards get the configured 16 s (less a minute's share: 179 of 180 minutes), halves about half.
    const timeouts = server.requests.map((q) => Number.parseInt(rangeOf(q).timeout ?? '', 10));
    expect(timeouts.slice(0, 2).sort()).toEqual([15, 16]);
    for (const t of timeouts.slice(2)) expect(t).toBeGreaterThanOrEqual(7);
    for (const t of timeouts.slice(2)) expect(t).toBeLessThanOrEqual(8);
    expect(r.series[0]!.t).toHaveLength(pointCount(FROM, to, 60));
    expect(r.stepSec).toBe(60);
    expect(r.warnings.join('\n')).toMatch(
      /http\.p95.*timed out on part of the window; fetched it in shorter pieces/,
    );
  });

  it('coarsens the step when shorter pieces still time out, and names both steps', async () => {
    server = await startFakeServer((req, res) => {
      if (rangeOf(req).step < 60) sendJson(res, 503, timedOut);
      else sendJson(res, 200, gridAnswer(req, Number.POSITIVE_INFINITY));
    });
    const src = createPrometheusSource({ url: server.url, sleep: noSleep, timeoutMs: 10_000 });
    const r = await src.queryRange({ query: 'x', fromMs: FROM, toMs: FROM + H, stepSec: 15, id: 'http.p95' });
    expect(r.stepSec).toBe(60);
    expect(r.warnings).toContain('query "http.p95" fetched at 1m step instead of 15s: Prometheus timed out');
    // 1 whole + 2 halves + 4 quarters at 15 s, then 1 at 60 s; no request sent twice.
    const sent = server.requests.map((q) => JSON.stringify(rangeOf(q)));
    expect(sent).toHaveLength(8);
    expect(new Set(sent).size).toBe(8);
    expect(r.series[0]!.t).toHaveLength(pointCount(FROM, FROM + H, 60));
  });

  it('gives up with SOURCE_TIMEOUT naming the tries when nothing helps', async () => {
    server = await startFakeServer((_req, res) => sendJson(res, 503, timedOut));
    const src = createPrometheusSource({ url: server.url, sleep: noSleep, retries: 2 });
    const err = await caught(
      src.queryRange({ query: 'x', fromMs: FROM, toMs: FROM + H, stepSec: 15, id: 'p95' }),
    );
    expect(err.code).toBe('SOURCE_TIMEOUT');
    expect(err.details.tries).toBe(8);
    expect(err.message).toContain('Prometheus timed out on query "p95" after 8 tries');
    const sent = server.requests.map((q) => JSON.stringify(rangeOf(q)));
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('stops at once on an error that is not a timeout', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error' }),
    );
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const err = await caught(src.queryRange({ query: 'x(', fromMs: FROM, toMs: FROM + 24 * H, stepSec: 60 }));
    expect(err.code).toBe('SOURCE_QUERY_ERROR');
    // The 8 shards were already on their way; none is split or sent again.
    expect(server.requests).toHaveLength(8);
  });

  it('passes on the warnings of partial answers once, whatever the shard', async () => {
    server = await startFakeServer((req, res) =>
      sendJson(res, 200, {
        ...gridAnswer(req, Number.POSITIVE_INFINITY),
        warnings: ['store unavailable: partial data'],
      }),
    );
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const r = await src.queryRange({ query: 'x', fromMs: FROM, toMs: FROM + 24 * H, stepSec: 60 });
    expect(r.warnings).toEqual(['store unavailable: partial data']);
  });
});

describe('Retry-After on 429 and 503', () => {
  const answerAfter = (header: string, status = 429) =>
    startFakeServer((_req, res, n) => {
      if (n === 1) {
        res.setHeader('Retry-After', header);
        sendJson(res, status, { status: 'error', errorType: 'unavailable', error: 'too many queries' });
      } else sendJson(res, 200, promMatrix([{ metric: { a: 'b' }, values: [[1, '2']] }]));
    });

  it('waits the seconds it says through the injected sleep', async () => {
    server = await answerAfter('7');
    const delays: number[] = [];
    const src = createPrometheusSource({ url: server.url, sleep: async (ms) => void delays.push(ms) });
    const r = await src.queryRange({ query: 'x', fromMs: 0, toMs: 1000, stepSec: 1 });
    expect(delays).toEqual([7_000]);
    expect(server.requests).toHaveLength(2);
    expect(r.series[0]!.v).toEqual([2]);
  });

  it('reads an HTTP date against the injected clock', async () => {
    server = await answerAfter('Thu, 01 Jan 2026 00:00:12 GMT', 503);
    const delays: number[] = [];
    const src = createPrometheusSource({
      url: server.url,
      now: () => FROM + 9_500,
      sleep: async (ms) => void delays.push(ms),
    });
    await src.queryRange({ query: 'x', fromMs: 0, toMs: 1000, stepSec: 1 });
    expect(delays).toEqual([2_500]);
  });

  it('caps a long Retry-After', async () => {
    server = await answerAfter('3600');
    const delays: number[] = [];
    const src = createPrometheusSource({ url: server.url, sleep: async (ms) => void delays.push(ms) });
    await src.queryRange({ query: 'x', fromMs: 0, toMs: 1000, stepSec: 1 });
    expect(delays).toEqual([30_000]);
  });
});
