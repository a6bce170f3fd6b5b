import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { asStoreUnavailable, isConnectionError } from '../../../src/core/connection-errors.js';
import { LoadLensError } from '../../../src/core/errors.js';
import {
  DEFAULT_RETRY,
  outageCoverageMs,
  retryDelayMs,
  willRetry,
} from '../../../src/pipeline/queue/retry-policy.js';
import { classifyJobError } from '../../../src/pipeline/queue/run-job.js';
import { storeError } from '../../../src/store/db.js';
import { freePort } from '../../harness/free-port.js';

/** A real node-postgres error from a port nobody listens on. */
async function refused(): Promise<{ err: unknown; port: number }> {
  const port = await freePort();
  const client = new pg.Client({ host: '127.0.0.1', port, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  const err = await client.connect().then(
    () => null,
    (e: unknown) => e,
  );
  return { err, port };
}

describe('retry policy', () => {
  it('the defaults wait out an outage of more than 10 minutes', () => {
    expect(outageCoverageMs(DEFAULT_RETRY)).toBeGreaterThan(10 * 60_000);
    // 1+2+…+64 s, then 2 min each: 127 s + 7 × 120 s.
    expect(outageCoverageMs(DEFAULT_RETRY)).toBe(967_000);
  });

  it('doubles up to the cap; jitter only lengthens a wait, by at most its fraction', () => {
    const p = { backoffMs: 1_000, maxBackoffMs: 120_000, jitter: 0.2 };
    expect([1, 2, 7, 8, 20].map((n) => retryDelayMs(n, p, () => 0))).toEqual([
      1_000, 2_000, 64_000, 120_000, 120_000,
    ]);
    expect(retryDelayMs(8, p, () => 0.999_999)).toBe(144_000);
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(3, p);
      expect(d).toBeGreaterThanOrEqual(4_000);
      expect(d).toBeLessThanOrEqual(4_800);
    }
  });

  it('outages get the long budget, other transient errors the quick one, bad input none', () => {
    const outage = new LoadLensError('STORE_UNAVAILABLE', 'down');
    const flaky = new LoadLensError('RENDER_FAILED', 'boom');
    const bad = new LoadLensError('BAD_INPUT', 'no');
    expect([1, 2, 3, 14, 15].map((a) => willRetry(outage, a, 15, 3))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    expect([1, 2, 3].map((a) => willRetry(flaky, a, 15, 3))).toEqual([true, true, false]);
    expect(willRetry(bad, 1, 15, 3)).toBe(false);
  });
});

describe('connection errors', () => {
  it('a refused PostgreSQL connection is STORE_UNAVAILABLE, retryable, and keeps the driver text in cause only', async () => {
    const { err, port } = await refused();
    expect(isConnectionError(err)).toBe(true);
    const e = storeError(err, 'query failed');
    expect(e.code).toBe('STORE_UNAVAILABLE');
    expect(e.retryable).toBe(true);
    expect(e.details).toEqual({ reason: 'ECONNREFUSED' });
    expect(String((e.cause as Error).message)).toContain(String(port));
  });

  it('recognises shutdown SQLSTATEs, class 08, pg and ioredis connection messages', () => {
    const coded = (code: string) => Object.assign(new Error('x'), { code });
    for (const e of [
      coded('57P01'),
      coded('57P03'),
      coded('08006'),
      coded('08001'),
      coded('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new Error('Reached the max retries per request limit (which is 20).'), {
        name: 'MaxRetriesPerRequestError',
      }),
      new Error('Connection is closed.'),
      new AggregateError([coded('ECONNREFUSED')], 'connect failed'),
      new LoadLensError('INTERNAL', 'wrapped', { cause: coded('ECONNREFUSED') }),
    ]) {
      expect(isConnectionError(e), String(e)).toBe(true);
    }
    for (const e of [coded('23505'), coded('42P01'), new Error('syntax error at or near'), null, 'x']) {
      expect(isConnectionError(e), String(e)).toBe(false);
    }
    expect(asStoreUnavailable(coded('42P01'), 'q')).toBeNull();
  });

  it('the queue classifies raw driver errors as outages but keeps a source error its own code', async () => {
    const { err } = await refused();
    expect(classifyJobError(err).code).toBe('STORE_UNAVAILABLE');
    expect(classifyJobError(new LoadLensError('STORE_ERROR', 'q', { cause: err })).code).toBe(
      'STORE_UNAVAILABLE',
    );
    const source = new LoadLensError('SOURCE_UNREACHABLE', 'prom down', { cause: err });
    expect(classifyJobError(source)).toBe(source);
    expect(classifyJobError(new TypeError('bug')).code).toBe('INTERNAL');
  });
});
