import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createQueue } from '../../../src/pipeline/queue/queue.js';
import { redisTarget } from '../../../src/pipeline/queue/redis-connection.js';
import { freePort } from '../../harness/free-port.js';

const schemas = { echo: z.object({ n: z.number() }) };

describe('REDIS_URL checks at startup', () => {
  it('fails fast with CONFIG_UNREACHABLE naming host:port but never the password', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const err = await createQueue({ redisUrl: `redis://bot:s3cr3t-pw@127.0.0.1:${port}/0`, schemas }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - t0).toBeLessThan(6_000);
    expect(isLoadLensError(err, 'CONFIG_UNREACHABLE')).toBe(true);
    const text = JSON.stringify({ m: (err as Error).message, c: String((err as Error).cause) });
    expect(text).toContain(`REDIS_URL: cannot connect to 127.0.0.1:${port}`);
    expect(text).not.toContain('s3cr3t-pw');
  });

  it('times out on a host that never answers', async () => {
    // 10.255.255.1 is unroutable on loopback-only machines: the connect hangs or fails at once.
    const t0 = Date.now();
    const err = await createQueue({
      redisUrl: 'redis://:pw@10.255.255.1:6379',
      schemas,
      connectTimeoutMs: 500,
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(isLoadLensError(err, 'CONFIG_UNREACHABLE')).toBe(true);
    expect((err as Error).message).not.toContain('pw@');
  });

  it('rejects URLs that are not redis:// as CONFIG_INVALID', () => {
    expect(() => redisTarget('http://x:1')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => redisTarget('not a url')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(redisTarget('rediss://u:p@cache.internal')).toBe('cache.internal:6379');
  });
});
