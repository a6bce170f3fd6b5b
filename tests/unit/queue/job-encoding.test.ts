import { describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import { fromBullJobId, toBullJobId } from '../../../src/pipeline/queue/bullmq-job-id.js';
import { decodeFailure, encodeFailure } from '../../../src/pipeline/queue/job-failure.js';
import { resolveAddOptions } from '../../../src/pipeline/queue/job-options.js';
import { retryDelayMs } from '../../../src/pipeline/queue/retry-policy.js';

describe('failure reasons', () => {
  it('round-trips code, multi-line message and details', () => {
    const err = new LoadLensError('UNKNOWN_SERVICE', 'no service "x"\nknown: a, b', {
      details: { service: 'x', n: 2 },
    });
    const back = decodeFailure(encodeFailure(err));
    expect([back.code, back.message, back.details, back.retryable]).toEqual([
      'UNKNOWN_SERVICE',
      'no service "x"\nknown: a, b',
      { service: 'x', n: 2 },
      false,
    ]);
  });

  it('keeps a message without details and maps foreign text to INTERNAL', () => {
    expect(encodeFailure(new LoadLensError('SOURCE_TIMEOUT', 'slow'))).toBe('[SOURCE_TIMEOUT] slow');
    const back = decodeFailure('[SOURCE_TIMEOUT] slow');
    expect([back.code, back.message, back.retryable]).toEqual(['SOURCE_TIMEOUT', 'slow', true]);
    const foreign = decodeFailure('job stalled more than allowable limit');
    expect([foreign.code, foreign.message]).toEqual(['INTERNAL', 'job stalled more than allowable limit']);
  });
});

describe('BullMQ job ids', () => {
  it.each(['report:run-42', '42', '-7', '100%', '%N12', 'a:b:c', 'plain', '%3A'])('round-trips %s', (id) => {
    const bull = toBullJobId(id);
    expect(fromBullJobId(bull)).toBe(id);
    // BullMQ's own rules: no integer-looking ids, no ':' outside 3-part ids.
    expect(`${Number.parseInt(bull, 10)}`).not.toBe(bull);
    expect(bull).not.toContain(':');
  });

  it('is injective on tricky pairs', () => {
    const ids = ['42', '%N42', 'a:b', 'a%3Ab', '%253A', '%3A'];
    expect(new Set(ids.map(toBullJobId)).size).toBe(ids.length);
  });
});

describe('add options', () => {
  it('applies defaults and rejects nonsense with BAD_INPUT', () => {
    expect(resolveAddOptions({ jobId: 'x' })).toEqual({
      jobId: 'x',
      attempts: 15,
      quickAttempts: 3,
      backoffMs: 1000,
      delayMs: 0,
    });
    for (const bad of [{ jobId: '' }, { jobId: 'x', attempts: 1.5 }, { jobId: 'x', delayMs: -1 }]) {
      expect(() => resolveAddOptions(bad)).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    }
  });

  it('doubles the backoff per failed try', () => {
    const policy = { backoffMs: 250, maxBackoffMs: 60_000, jitter: 0 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy))).toEqual([250, 500, 1000, 2000]);
  });
});
