import { afterEach, describe, expect, it } from 'vitest';
import { discover } from '../../../src/packs/discover.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import { SERIES_LIMIT } from '../../../src/sources/source.js';
import { type FakeServer, formOf, noSleep, sendJson, startFakeServer } from './fake-server.js';

const FROM = Date.UTC(2026, 0, 1, 10);
const TO = FROM + 3_600_000;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A Prometheus without the inventory (old, or behind a proxy) holding 150k series of one counter. */
function hugeProm(opts: { inventory: 'refused' | 'timeout' }) {
  return startFakeServer((req, res) => {
    if (req.path.endsWith('/query_range')) {
      if (opts.inventory === 'timeout') {
        sendJson(res, 503, { status: 'error', errorType: 'timeout', error: 'query timed out' });
      } else sendJson(res, 400, { status: 'error', errorType: 'bad_data', error: 'unknown function' });
      return;
    }
    if (req.path.includes('/label/__name__/values')) {
      sendJson(res, 200, { status: 'success', data: ['http_requests_total', 'up'] });
      return;
    }
    if (req.path.endsWith('/series')) {
      // This one ignores `limit`, as Prometheus before 2.48 does.
      const data = Array.from({ length: 150_000 }, (_, i) => ({
        __name__: 'http_requests_total',
        instance: `pod-${i}`,
        handler: '/x',
        code: '200',
      }));
      sendJson(res, 200, { status: 'success', data });
      return;
    }
    sendJson(res, 404, { status: 'error', error: 'not found' });
  });
}

describe('discovery on a Prometheus with more than 100k matching series', () => {
  it('asks for at most SERIES_LIMIT series, keeps that many, and says it narrowed', async () => {
    server = await hugeProm({ inventory: 'refused' });
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const sets = await src.series(['http_requests_total'], FROM, TO);
    expect(sets).toHaveLength(SERIES_LIMIT);
    const seriesCall = server.requests.find((r) => r.path.endsWith('/series'))!;
    expect(formOf(seriesCall).get('limit')).toBe(String(SERIES_LIMIT));

    const d = await discover(src, { fromMs: FROM, toMs: TO });
    expect(d.names.has('http_requests_total')).toBe(true);
    expect(d.labels.get('http_requests_total')).toEqual(new Set(['instance', 'handler', 'code']));
    expect(d.warnings).toContain(
      `http_requests_total has more than ${SERIES_LIMIT} series in the window; its labels were read from the first ${SERIES_LIMIT} only`,
    );
  });

  it('says so when the inventory timed out, instead of falling back in silence', async () => {
    server = await hugeProm({ inventory: 'timeout' });
    const src = createPrometheusSource({ url: server.url, sleep: noSleep });
    const d = await discover(src, { fromMs: FROM, toMs: TO });
    expect(d.warnings[0]).toMatch(
      /^the inventory of metric families in the window timed out \(.*topology\.inventory/,
    );
    // One inventory request: a timeout is not repeated as is.
    expect(server.requests.filter((r) => r.path.endsWith('/query_range'))).toHaveLength(1);
  });
});
