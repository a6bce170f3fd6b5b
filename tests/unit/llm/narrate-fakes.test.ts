import { afterEach, describe, expect, it } from 'vitest';
import { envSchema } from '../../../src/config/env.schema.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { costUsd } from '../../../src/llm/cost.js';
import { createProvider } from '../../../src/llm/create-provider.js';
import { MASK } from '../../../src/llm/grounding.js';
import { narrate } from '../../../src/llm/narrate.js';
import type { Narrative } from '../../../src/llm/narrative.types.js';
import { narrativeHtml, narrativeText } from '../../../src/llm/present.js';
import { startAnthropicFake } from '../../fakes/anthropic-server.js';
import {
  type FakeLlmServer,
  type FakeRequest,
  type FakeScript,
  INVENTED,
  startOpenAiFake,
} from '../../fakes/openai-server.js';
import { analysedRun, containsNumber, contract, TZ } from './fixtures.js';

type Kind = 'openai' | 'anthropic';
const NARRATED = ['load', 'http', 'jvm', 'database'];

let fake: FakeLlmServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Messages after the first user message: a repair turn. */
const isRepair = (r: FakeRequest) =>
  ((r.body.messages as unknown[]) ?? []).length > (r.path.endsWith('messages') ? 1 : 2);
const userOf = (r: FakeRequest) => JSON.stringify(r.body.messages);

/**
 * Mimics the delivery wiring: the deterministic report goes out first, then the narrative
 * follows (or not) within the timeout. Returns what was delivered and the narrative.
 */
async function deliver(
  kind: Kind,
  script: FakeScript,
  opts: { timeoutMs?: number; locale?: 'en' | 'ru' } = {},
) {
  fake = kind === 'openai' ? await startOpenAiFake(script) : await startAnthropicFake(script);
  const env = envSchema.parse({
    LLM_PROVIDER: kind,
    LLM_MODEL: kind === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5',
    LLM_RETRIES: '2',
    ...(kind === 'openai'
      ? { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test' }
      : { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-ant-test' }),
  });
  const llm = createProvider(env, { retry: { baseDelayMs: 5 } })!;
  const locale = opts.locale ?? 'en';
  const { report, analysis } = analysedRun(locale);
  const before = structuredClone(report);
  const started = Date.now();
  const delivered = {
    verdict: report.verdict,
    peak: structuredClone(report.peak),
    afterMs: Date.now() - started,
  };
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const narrative = await narrate(
    {
      provider: llm.provider,
      logger: silentLogger,
      clock: fixedClock(Date.UTC(2026, 0, 15, 12)),
      price: llm.price,
    },
    { report, analysis, locale, tz: TZ },
    { timeoutMs },
  );
  const elapsed = Date.now() - started;
  // The narrative never touches the report: verdict, peak, SLOs and steps are as computed.
  expect(report).toEqual(before);
  expect(contract(report)).toEqual(contract(analysedRun(locale).report));
  expect(delivered).toMatchObject({ verdict: analysis.verdict, peak: analysis.peak });
  expect(delivered.afterMs).toBeLessThan(50);
  expect(elapsed).toBeLessThan(timeoutMs + 1_500);
  return { narrative, report, elapsed, price: llm.price };
}

function expectNoInventedNumbers(n: Narrative) {
  const outputs = [JSON.stringify(n), narrativeText(n), narrativeHtml(n)];
  for (const out of outputs) for (const num of INVENTED) expect(containsNumber(out, num)).toBe(false);
}

describe.each(['openai', 'anthropic'] as const)('narrate through the %s SDK and a fake server', (kind) => {
  it('good answers: every section, usage and cost accounted', async () => {
    const { narrative, price } = await deliver(kind, { kind: 'good' });
    expect(narrative.status).toBe('ok');
    expect(Object.keys(narrative.domains).sort()).toEqual([...NARRATED].sort());
    expect(narrative.final?.summary).toMatch(/The verdict is fail/);
    expect(narrative.dropped).toEqual([]);
    expect(narrative.error).toBeUndefined();
    expect(fake!.requests).toHaveLength(5);
    expect(narrative.usage).toMatchObject({
      inputTokens: fake!.reported.inputTokens,
      outputTokens: fake!.reported.outputTokens,
      calls: 5,
    });
    expect(narrative.usage.costUsd).toBe(costUsd(narrative.usage, price));
    expect(narrative.usage.costUsd).toBeGreaterThan(0);
    expect(narrative).toMatchObject({ provider: kind, locale: 'en', createdAt: '2026-01-15T12:00:00.000Z' });
    const body = fake!.requests[0]!.body;
    if (kind === 'openai') {
      expect(body).toMatchObject({ model: 'gpt-4o-mini', response_format: { type: 'json_object' } });
      expect((body.messages as Array<{ role: string }>).map((m) => m.role)).toEqual(['system', 'user']);
    } else {
      expect(body).toMatchObject({ model: 'claude-haiku-4-5', max_tokens: 1500 });
      expect(typeof body.system).toBe('string');
    }
    // The model gets facts, not raw points.
    expect(userOf(fake!.requests[0]!)).toMatch(/Facts \(JSON\)/);
  });

  it('malformed answers: one repair per section, then the deterministic text stays', async () => {
    const { narrative } = await deliver(kind, { kind: 'malformed' });
    expect(narrative.status).toBe('failed');
    expect(narrative.domains).toEqual({});
    expect(narrative.final).toBeUndefined();
    expect(fake!.requests).toHaveLength(NARRATED.length * 2);
    expect(fake!.requests.filter(isRepair)).toHaveLength(NARRATED.length);
    expect(narrative.error).toMatch(/malformed answer after one repair/);
    expect(narrative.error).not.toContain('Sure!');
    expect(narrative.usage.calls).toBe(NARRATED.length * 2);
    expect(narrativeText(narrative)).toMatch(/unavailable/);
  });

  it('malformed first answers are repaired', async () => {
    const { narrative } = await deliver(kind, (r) =>
      isRepair(r) ? { kind: 'good' } : { kind: 'malformed' },
    );
    expect(narrative.status).toBe('ok');
    expect(Object.keys(narrative.domains)).toHaveLength(NARRATED.length);
    expect(fake!.requests).toHaveLength(10);
  });

  it('hallucinated answers: invented numbers are dropped and never reach chat, web or JSON', async () => {
    const { narrative } = await deliver(kind, { kind: 'hallucinated' });
    expect(narrative.status).toBe('ok');
    expect(Object.keys(narrative.domains)).toHaveLength(NARRATED.length);
    // Three invented claims per section: a sentence, a finding, a recommendation.
    expect(narrative.dropped).toHaveLength((NARRATED.length + 1) * 3);
    for (const d of narrative.dropped) expect(d.text).toContain(MASK);
    expect(narrative.domains.http!.summary).toMatch(/peak sustainable throughput/);
    expect(narrative.domains.http!.findings.map((f) => f.title)).not.toContain('Heap pressure');
    expectNoInventedNumbers(narrative);
    expect(narrativeText(narrative)).toMatch(/15 unverifiable claim\(s\) removed/);
  });

  it('slow answers: resolves by the deadline with status timeout and aborts the calls', async () => {
    const { narrative, elapsed } = await deliver(kind, { kind: 'slow', delayMs: 20_000 }, { timeoutMs: 500 });
    expect(narrative.status).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(narrative.domains).toEqual({});
    expect(narrative.error).toMatch(/no answer within 500 ms/);
    await expect.poll(() => fake!.aborted, { timeout: 2_000 }).toBeGreaterThan(0);
    expect(narrativeText(narrative)).toMatch(/did not answer in time/);
  });

  it('a slow domain: the sections done by the deadline are kept', async () => {
    const script = (r: FakeRequest): ReturnType<Extract<FakeScript, (r: FakeRequest) => unknown>> =>
      userOf(r).includes('\\"id\\":\\"http\\"') ? { kind: 'slow', delayMs: 20_000 } : { kind: 'good' };
    const { narrative } = await deliver(kind, script, { timeoutMs: 800 });
    expect(narrative.status).toBe('timeout');
    expect(Object.keys(narrative.domains).sort()).toEqual(['database', 'jvm', 'load']);
    expect(narrative.usage.calls).toBe(3);
  });

  it('500 errors: bounded retries, then failed quickly', async () => {
    const { narrative, elapsed } = await deliver(kind, { kind: 'error', status: 500 });
    expect(narrative.status).toBe('failed');
    // 1 + LLM_RETRIES attempts per domain; no final call after every domain failed.
    expect(fake!.requests).toHaveLength(NARRATED.length * 3);
    expect(narrative.error).toMatch(/HTTP 500/);
    expect(narrative.usage).toMatchObject({ inputTokens: 0, outputTokens: 0, calls: 0, costUsd: 0 });
    expect(elapsed).toBeLessThan(3_000);
  });

  it('a failing domain: partial, the others and the final summary are kept', async () => {
    const script = (r: FakeRequest) =>
      userOf(r).includes('\\"id\\":\\"jvm\\"') ? ({ kind: 'error' } as const) : ({ kind: 'good' } as const);
    const { narrative } = await deliver(kind, script);
    expect(narrative.status).toBe('partial');
    expect(narrative.domains.jvm).toBeUndefined();
    expect(Object.keys(narrative.domains)).toHaveLength(3);
    expect(narrative.final).toBeDefined();
  });
});

describe('narrate in Russian', () => {
  it('keeps grounded Russian text and drops the invented numbers', async () => {
    const { narrative } = await deliver('openai', { kind: 'hallucinated' }, { locale: 'ru' });
    expect(narrative.locale).toBe('ru');
    expect(narrative.domains.http!.summary).toMatch(/Пиковая устойчивая пропускная способность/);
    expect(narrative.domains.http!.summary).toMatch(/p95 вырос с 50\sмс до 1,95\sс/);
    expectNoInventedNumbers(narrative);
    expect(narrativeHtml(narrative)).toMatch(/Комментарий ИИ/);
  });
});
