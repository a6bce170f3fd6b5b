import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import { createLogger } from '../../../src/core/logger.js';
import { createHttpServer, type HttpServer } from '../../../src/web/http-server.js';

/*
 * Issue 16: every handler runs inside one boundary. A malformed target is a 400 before any
 * route runs; a thrown error (sync or async, coded or not) is a 500 logged once, with the
 * path cut short and no query (it may carry a link token).
 */
const lines: Array<Record<string, unknown>> = [];
let http: HttpServer;
let base = '';
let routeRuns = 0;

beforeAll(async () => {
  http = createHttpServer({
    logger: createLogger({ level: 'debug', write: (l) => lines.push(JSON.parse(l)) }),
  });
  http.add(
    {
      method: 'GET',
      path: '/sync/:id',
      handler: () => {
        routeRuns++;
        throw new TypeError('boom xoxb-1234567890-abcdefghij');
      },
    },
    {
      method: 'GET',
      path: '/async/:id',
      handler: async () => {
        routeRuns++;
        await new Promise((r) => setTimeout(r, 5));
        throw new LoadLensError('STORE_ERROR', 'query failed');
      },
    },
    {
      method: 'GET',
      path: '/echo/:id',
      handler: ({ res, params }) => {
        routeRuns++;
        res.end(params.id);
      },
    },
  );
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => http?.close());

describe('the shared server error boundary', () => {
  it('answers 500 for a sync or async throw and logs each once, cut short, without secrets or the query', async () => {
    const long = 'p'.repeat(5_000);
    const a = await fetch(`${base}/sync/${long}?t=secret-link-token`);
    const b = await fetch(`${base}/async/x?t=secret-link-token`);
    expect([a.status, b.status]).toEqual([500, 500]);
    expect(await a.json()).toEqual({ error: 'INTERNAL', message: 'internal error' });
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(2);
    const logged = JSON.stringify(errors);
    expect(logged).not.toContain('secret-link-token');
    expect(logged).not.toContain('xoxb-1234567890');
    expect(String(errors[0]?.path).length).toBeLessThanOrEqual(200);
  });

  it('refuses a malformed target with 400 before any route runs, logging nothing', async () => {
    const before = routeRuns;
    lines.length = 0;
    // (Dot segments are normalised by fetch itself; the raw-TCP chaos corpus sends them as they are.)
    for (const path of ['/echo/%ZZ', '/echo/%C0%80', '/echo/%E0%A4%A', '/echo/%00']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(400);
      expect((await res.json()).error).toBe('BAD_INPUT');
    }
    expect(routeRuns).toBe(before);
    expect(lines).toEqual([]);
    // A well-formed encoded id reaches the route decoded once.
    expect(await (await fetch(`${base}/echo/a%2Fb%20%D0%B6`)).text()).toBe('a/b ж');
  });
});
