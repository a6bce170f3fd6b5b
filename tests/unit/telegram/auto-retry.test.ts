import type { ApiCallFn } from 'grammy';
import { HttpError } from 'grammy';
import { describe, expect, it } from 'vitest';
import { autoRetry } from '../../../src/bots/telegram/auto-retry.js';
import { LoadLensError } from '../../../src/core/errors.js';

type Answer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } }
  | Error;

/** A stub transport answering from a script; records the calls. */
function stub(script: Answer[]) {
  const calls: string[] = [];
  const prev = (async (method: string) => {
    calls.push(method);
    const next = script.shift() ?? { ok: true, result: 'default' };
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as ApiCallFn;
  return { prev, calls };
}

function run(t: ReturnType<typeof autoRetry>, prev: ApiCallFn, method = 'sendMessage') {
  return t(prev, method as 'sendMessage', { chat_id: 1, text: 'x' });
}

const tooMany = (after: number) =>
  ({
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${after}`,
    parameters: { retry_after: after },
  }) as const;

describe('autoRetry', () => {
  it('waits retry_after seconds on 429 and retries', async () => {
    const sleeps: number[] = [];
    const t = autoRetry({ sleep: async (ms) => void sleeps.push(ms) });
    const { prev, calls } = stub([tooMany(3), tooMany(1), { ok: true, result: 42 }]);
    await expect(run(t, prev)).resolves.toEqual({ ok: true, result: 42 });
    expect(sleeps).toEqual([3000, 1000]);
    expect(calls).toHaveLength(3);
  });

  it('fails with RATE_LIMITED when retry_after is beyond the cap, without waiting', async () => {
    const sleeps: number[] = [];
    const t = autoRetry({ retryCapSec: 30, sleep: async (ms) => void sleeps.push(ms) });
    const { prev } = stub([tooMany(31)]);
    const err = await run(t, prev).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadLensError);
    expect((err as LoadLensError).code).toBe('RATE_LIMITED');
    expect((err as LoadLensError).retryable).toBe(true);
    expect((err as LoadLensError).details.retryAfter).toBe(31);
    expect(sleeps).toEqual([]);
  });

  it('retries 5xx answers and network errors with doubling backoff', async () => {
    const sleeps: number[] = [];
    const t = autoRetry({ backoffMs: 100, sleep: async (ms) => void sleeps.push(ms) });
    const { prev, calls } = stub([
      { ok: false, error_code: 500, description: 'Internal Server Error' },
      new HttpError("Network request for 'sendMessage' failed!", new Error('ECONNRESET')),
      { ok: false, error_code: 502, description: 'Bad Gateway' },
      { ok: true, result: 'sent' },
    ]);
    await expect(run(t, prev)).resolves.toEqual({ ok: true, result: 'sent' });
    expect(sleeps).toEqual([100, 200, 400]);
    expect(calls).toHaveLength(4);
  });

  it('gives up after maxAttempts, returning the last error answer', async () => {
    const t = autoRetry({ maxAttempts: 2, backoffMs: 1, sleep: async () => {} });
    const { prev, calls } = stub([
      { ok: false, error_code: 500, description: 'a' },
      { ok: false, error_code: 503, description: 'b' },
      { ok: true, result: 'never' },
    ]);
    await expect(run(t, prev)).resolves.toMatchObject({ ok: false, error_code: 503 });
    expect(calls).toHaveLength(2);
    const net = stub([new Error('down'), new Error('still down')]);
    await expect(run(t, net.prev)).rejects.toThrow('still down');
  });

  it('does not retry client errors, and leaves getUpdates to the polling loop', async () => {
    const t = autoRetry({ sleep: async () => {} });
    const bad = stub([{ ok: false, error_code: 400, description: 'Bad Request: chat not found' }]);
    await expect(run(t, bad.prev)).resolves.toMatchObject({ error_code: 400 });
    expect(bad.calls).toHaveLength(1);
    const poll = stub([{ ok: false, error_code: 502, description: 'x' }]);
    await expect(run(t, poll.prev, 'getUpdates')).resolves.toMatchObject({ error_code: 502 });
    expect(poll.calls).toHaveLength(1);
  });
});
