import { afterEach, describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createInflux1Source } from '../../../src/sources/influx-client.js';
import { substituteInfluxQL } from '../../../src/sources/influx-template.js';
import { type FakeServer, noSleep, sendJson, startFakeServer } from './fake-server.js';

const FROM = Date.UTC(2024, 0, 1, 10);
const TO = FROM + 3600_000;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('substituteInfluxQL', () => {
  it('fills $timeFilter, $interval, $from and $to and leaves unknown names', () => {
    const q = substituteInfluxQL(
      'SELECT sum("count") FROM "jmeter" WHERE $timeFilter AND time > $from AND time < $to AND a = $tag GROUP BY time($interval)',
      { fromMs: 1000, toMs: 61_000, stepSec: 60 },
    );
    expect(q).toBe(
      'SELECT sum("count") FROM "jmeter" WHERE time >= 1000ms and time <= 61000ms AND time > 1000ms AND time < 61000ms AND a = $tag GROUP BY time(1m)',
    );
  });
});

describe('createInflux1Source', () => {
  it('runs InfluxQL with db, epoch=ms and the placeholders filled; one series per value column', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, {
        results: [
          {
            statement_id: 0,
            series: [
              {
                name: 'jmeter',
                tags: { transaction: 'all' },
                columns: ['time', 'count', 'countError'],
                values: [
                  [FROM, 100, 1],
                  [FROM + 15_000, null, 2],
                ],
              },
            ],
          },
        ],
      }),
    );
    const src = createInflux1Source({
      url: server.url,
      db: 'loadtests',
      user: 'u',
      password: 'p',
      sleep: noSleep,
    });
    expect(src.kind).toBe('influx1');
    const r = await src.queryRange({
      query:
        'SELECT sum("count") AS "count", sum("countError") AS "countError" FROM "jmeter" WHERE $timeFilter GROUP BY time($interval), "transaction"',
      fromMs: FROM,
      toMs: TO,
      stepSec: 15,
      id: 'rps',
    });
    const req = server.requests[0]!;
    expect(req.path).toBe('/query');
    expect(req.query.get('db')).toBe('loadtests');
    expect(req.query.get('epoch')).toBe('ms');
    expect(req.query.get('q')).toContain(`WHERE time >= ${FROM}ms and time <= ${TO}ms GROUP BY time(15s)`);
    expect(req.headers.authorization).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
    expect(r.series.map((s) => s.name)).toEqual(['count', 'countError']);
    expect(r.series[0]!.labels).toEqual({ transaction: 'all', _field: 'count', _measurement: 'jmeter' });
    expect(r.series[0]!.t).toEqual([FROM, FROM + 15_000]);
    expect(r.series[0]!.v[0]).toBe(100);
    expect(Number.isNaN(r.series[0]!.v[1])).toBe(true);
    expect(r.series[1]!.v).toEqual([1, 2]);
  });

  it('names a single-column series after the measurement and tags', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, {
        results: [
          {
            statement_id: 0,
            series: [
              { name: 'http_reqs', tags: { status: '200' }, columns: ['time', 'sum'], values: [[FROM, 5]] },
              { name: 'http_reqs', tags: { status: '500' }, columns: ['time', 'sum'], values: [[FROM, 1]] },
            ],
          },
        ],
      }),
    );
    const src = createInflux1Source({ url: server.url, db: 'k6', sleep: noSleep });
    const r = await src.queryRange({
      query: 'SELECT sum("value") FROM http_reqs',
      fromMs: FROM,
      toMs: TO,
      stepSec: 15,
    });
    // The single distinguishing tag names each series.
    expect(r.series.map((s) => s.name)).toEqual(['200', '500']);
  });

  it('reports the per-statement error field as SOURCE_QUERY_ERROR naming the query', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, { results: [{ statement_id: 0, error: 'database not found: nope' }] }),
    );
    const src = createInflux1Source({ url: server.url, db: 'nope', sleep: noSleep, retries: 2 });
    const err = await src
      .queryRange({
        query: 'SELECT 1 FROM x WHERE $timeFilter',
        fromMs: FROM,
        toMs: TO,
        stepSec: 15,
        id: 'users',
      })
      .catch((e) => e);
    expect(isLoadLensError(err, 'SOURCE_QUERY_ERROR')).toBe(true);
    expect(err.message).toBe('query "users" failed: database not found: nope');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a 400 parse error from the top-level error field', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 400, { error: 'error parsing query: found FROM, expected identifier at line 1, char 8' }),
    );
    const src = createInflux1Source({ url: server.url, db: 'x', sleep: noSleep });
    const err = await src
      .queryRange({ query: 'SELECT FROM', fromMs: FROM, toMs: TO, stepSec: 15 })
      .catch((e) => e);
    expect(isLoadLensError(err, 'SOURCE_QUERY_ERROR')).toBe(true);
    expect(err.message).toContain('error parsing query');
  });

  it('lists measurements with SHOW MEASUREMENTS and sends a token', async () => {
    server = await startFakeServer((_req, res) =>
      sendJson(res, 200, {
        results: [
          {
            statement_id: 0,
            series: [{ name: 'measurements', columns: ['name'], values: [['vus'], ['jmeter']] }],
          },
        ],
      }),
    );
    const src = createInflux1Source({ url: server.url, db: 'x', token: 'tkn', sleep: noSleep });
    expect(await src.measurements()).toEqual(['jmeter', 'vus']);
    expect(server.requests[0]!.query.get('q')).toBe('SHOW MEASUREMENTS');
    expect(server.requests[0]!.headers.authorization).toBe('Token tkn');
  });
});
