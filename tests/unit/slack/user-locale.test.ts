import { describe, expect, it } from 'vitest';
import { createLocaleCache } from '../../../src/bots/slack/user-locale.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('user locale cache', () => {
  it('looks a user up once while the entry is fresh, again after the TTL', async () => {
    const c = clock();
    const asked: string[] = [];
    const localeOf = createLocaleCache({
      lookup: async (u) => {
        asked.push(u);
        return u === 'U1' ? 'ru-RU' : 'en-US';
      },
      ttlMs: 60_000,
      now: c.now,
    });
    expect(await Promise.all([localeOf('U1'), localeOf('U1')])).toEqual(['ru-RU', 'ru-RU']);
    expect(await localeOf('U2')).toBe('en-US');
    c.advance(59_000);
    expect(await localeOf('U1')).toBe('ru-RU');
    expect(asked).toEqual(['U1', 'U2']);
    c.advance(2_000);
    await localeOf('U1');
    expect(asked).toEqual(['U1', 'U2', 'U1']);
  });

  it('falls back to undefined on failure and retries only after the failure TTL', async () => {
    const c = clock();
    let calls = 0;
    const localeOf = createLocaleCache({
      lookup: async () => {
        calls++;
        if (calls === 1) throw new Error('ratelimited');
        return 'ru-RU';
      },
      failureTtlMs: 5_000,
      now: c.now,
    });
    expect(await localeOf('U1')).toBeUndefined();
    expect(await localeOf('U1')).toBeUndefined();
    expect(calls).toBe(1);
    c.advance(5_001);
    expect(await localeOf('U1')).toBe('ru-RU');
  });

  it('gives up on a slow lookup', async () => {
    const localeOf = createLocaleCache({
      lookup: () => new Promise((r) => setTimeout(() => r('ru-RU'), 2_000)),
      timeoutMs: 20,
    });
    const started = Date.now();
    expect(await localeOf('U1')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('forgets the least recently used user beyond the maximum', async () => {
    const asked: string[] = [];
    const localeOf = createLocaleCache({
      lookup: async (u) => {
        asked.push(u);
        return 'en';
      },
      max: 2,
    });
    await localeOf('A');
    await localeOf('B');
    await localeOf('A'); // A is now the most recent
    await localeOf('C'); // evicts B
    await localeOf('A');
    await localeOf('B');
    expect(asked).toEqual(['A', 'B', 'C', 'B']);
  });
});
