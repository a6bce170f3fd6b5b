import { describe, expect, it } from 'vitest';
import type { Env } from '../../../src/config/env.schema.js';
import { envSchema } from '../../../src/config/env.schema.js';
import { isLoadLensError, LoadLensError } from '../../../src/core/errors.js';
import { createProvider, DEFAULT_MODELS } from '../../../src/llm/create-provider.js';
import { narrateOptionsFromEnv } from '../../../src/llm/narrate-run.js';
import type { LlmProvider } from '../../../src/llm/provider.js';
import { withLimiter, withRetries } from '../../../src/llm/provider-policy.js';
import { createLimiter } from '../../../src/sources/limiter.js';

/** Fails `failures` times with `retryable`, then answers. */
function flaky(failures: number, retryable: boolean): LlmProvider & { calls: number } {
  const p = {
    name: 'flaky',
    model: 'm',
    calls: 0,
    async complete() {
      p.calls++;
      if (p.calls <= failures) throw new LoadLensError('LLM_FAILED', `fail ${p.calls}`, { retryable });
      return { text: 'ok', inputTokens: 1, outputTokens: 1 };
    },
  };
  return p;
}

const noSleep = async () => {};

describe('withRetries', () => {
  it('retries transient failures, at most `retries` times', async () => {
    const ok = flaky(2, true);
    await expect(
      withRetries(ok, { retries: 2, sleep: noSleep }).complete({ system: '', user: '' }),
    ).resolves.toMatchObject({
      text: 'ok',
    });
    expect(ok.calls).toBe(3);
    const down = flaky(10, true);
    await expect(
      withRetries(down, { retries: 2, sleep: noSleep }).complete({ system: '', user: '' }),
    ).rejects.toThrow('fail 3');
    expect(down.calls).toBe(3);
  });

  it('never retries permanent failures or aborted requests', async () => {
    const bad = flaky(10, false);
    await expect(
      withRetries(bad, { retries: 5, sleep: noSleep }).complete({ system: '', user: '' }),
    ).rejects.toThrow();
    expect(bad.calls).toBe(1);
    const c = new AbortController();
    c.abort();
    const flakyAborted = flaky(10, true);
    await expect(
      withRetries(flakyAborted, { retries: 5, sleep: noSleep }).complete({
        system: '',
        user: '',
        signal: c.signal,
      }),
    ).rejects.toThrow();
    expect(flakyAborted.calls).toBe(1);
  });

  it('backs off exponentially and stops waiting when the deadline aborts', async () => {
    const delays: number[] = [];
    const down = flaky(10, true);
    const p = withRetries(down, {
      retries: 3,
      baseDelayMs: 100,
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    await expect(p.complete({ system: '', user: '' })).rejects.toThrow();
    expect(delays).toEqual([100, 200, 400]);

    const c = new AbortController();
    const slow = withRetries(flaky(10, true), { retries: 3, baseDelayMs: 60_000 });
    const started = Date.now();
    const pending = slow.complete({ system: '', user: '', signal: c.signal });
    setTimeout(() => c.abort(), 20);
    await expect(pending).rejects.toThrow('fail 1');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('withLimiter', () => {
  it('bounds the calls in flight', async () => {
    let active = 0;
    let max = 0;
    const p: LlmProvider = {
      name: 'x',
      model: 'm',
      async complete() {
        active++;
        max = Math.max(max, active);
        await new Promise((r) => setTimeout(r, 10));
        active--;
        return { text: '', inputTokens: 0, outputTokens: 0 };
      },
    };
    const limited = withLimiter(p, createLimiter(2));
    await Promise.all(Array.from({ length: 6 }, () => limited.complete({ system: '', user: '' })));
    expect(max).toBe(2);
  });
});

describe('createProvider', () => {
  const env = (over: Record<string, string>): Env => envSchema.parse(over);

  it('is undefined for LLM_PROVIDER=none and uses defaults otherwise', () => {
    expect(createProvider(env({}))).toBeUndefined();
    const o = createProvider(env({ LLM_PROVIDER: 'openai', OPENAI_API_KEY: 'k' }))!;
    expect(o.provider).toMatchObject({ name: 'openai', model: DEFAULT_MODELS.openai });
    expect(o.price).not.toBeNull();
    const a = createProvider(
      env({ LLM_PROVIDER: 'anthropic', ANTHROPIC_API_KEY: 'k', LLM_MODEL: 'my-model' }),
    )!;
    expect(a.provider).toMatchObject({ name: 'anthropic', model: 'my-model' });
    expect(a.price).toBeNull();
    const local = createProvider(
      env({
        LLM_PROVIDER: 'openai',
        OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
        LLM_MODEL: 'llama3.1',
        LLM_PRICE_INPUT_PER_MTOK: '0',
        LLM_PRICE_OUTPUT_PER_MTOK: '0',
      }),
    )!;
    expect(local.price).toEqual({ inputPerMTok: 0, outputPerMTok: 0 });
  });

  it('requires a key for the public APIs', () => {
    for (const name of ['openai', 'anthropic']) {
      let err: unknown;
      try {
        createProvider(env({ LLM_PROVIDER: name }));
      } catch (e) {
        err = e;
      }
      expect(isLoadLensError(err, 'CONFIG_INVALID')).toBe(true);
      expect(String(err)).toMatch(name === 'openai' ? /OPENAI_API_KEY/ : /ANTHROPIC_API_KEY/);
    }
  });

  it('parses the LLM settings with defaults', () => {
    expect(env({})).toMatchObject({
      LLM_TIMEOUT_MS: 60_000,
      LLM_CONCURRENCY: 3,
      LLM_RETRIES: 2,
      LLM_MAX_CONTEXT_TOKENS: 6_000,
      LLM_RESPONSE_FORMAT: 'json_object',
    });
    expect(envSchema.safeParse({ LLM_RETRIES: '-1' }).success).toBe(false);
  });
});

describe('narrateOptionsFromEnv', () => {
  it('maps the LLM settings', () => {
    const env = envSchema.parse({ LLM_TIMEOUT_MS: '5000', LLM_CONCURRENCY: '4' });
    expect(narrateOptionsFromEnv(env)).toEqual({
      timeoutMs: 5000,
      maxContextTokens: 6000,
      maxOutputTokens: 1500,
      concurrency: 4,
    });
  });
});
