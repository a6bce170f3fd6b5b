import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { createLogger, silentLogger } from '../../../src/core/logger.js';
import { narrate } from '../../../src/llm/narrate.js';
import type { Narrative } from '../../../src/llm/narrative.types.js';
import { narrativeHtml, narrativeText } from '../../../src/llm/present.js';
import { loadPrompts } from '../../../src/llm/prompts.js';
import type { LlmProvider, LlmRequest } from '../../../src/llm/provider.js';
import { goodAnswer } from '../../fakes/openai-server.js';
import { analysedRun, contract, TZ } from './fixtures.js';

const clock = fixedClock(Date.UTC(2026, 0, 15, 12));

function provider(answer: (req: LlmRequest) => Promise<string>): LlmProvider & { seen: LlmRequest[] } {
  const seen: LlmRequest[] = [];
  return {
    name: 'test',
    model: 'gpt-4o-mini',
    seen,
    async complete(req) {
      seen.push(req);
      return { text: await answer(req), inputTokens: 1000, outputTokens: 100 };
    },
  };
}

const good = (req: LlmRequest) => Promise.resolve(JSON.stringify(goodAnswer(req.user)));

describe('narrate', () => {
  it('never throws: a broken setup becomes a failed narrative', async () => {
    const { report, analysis } = analysedRun('en');
    const brokenPrompts = { ...loadPrompts('en'), prompts: undefined } as unknown as ReturnType<
      typeof loadPrompts
    >;
    const n = await narrate(
      { provider: provider(good), logger: silentLogger, clock },
      { report, analysis, locale: 'en', prompts: brokenPrompts },
      { timeoutMs: 2_000 },
    );
    expect(n.status).toBe('failed');
    expect(n.error).toBeTruthy();
  });

  it('resolves by the deadline even when the provider ignores the abort signal', async () => {
    const { report, analysis } = analysedRun('en');
    const hang = provider(() => new Promise<string>(() => {}));
    const t0 = Date.now();
    const n = await narrate(
      { provider: hang, logger: silentLogger, clock },
      { report, analysis, locale: 'en' },
      { timeoutMs: 150 },
    );
    expect(n.status).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(hang.seen.every((r) => r.signal?.aborted)).toBe(true);
  });

  it('stops when the caller aborts', async () => {
    const { report, analysis } = analysedRun('en');
    const c = new AbortController();
    const slow = provider(() => new Promise<string>(() => {}));
    setTimeout(() => c.abort(), 30);
    const n = await narrate(
      { provider: slow, logger: silentLogger, clock },
      { report, analysis, locale: 'en' },
      {
        timeoutMs: 10_000,
        signal: c.signal,
      },
    );
    expect(n.status).toBe('timeout');
  });

  it('narrates only domains with data, bounded, then the final prompt with the grounded texts', async () => {
    const { report, analysis } = analysedRun('en');
    const before = contract(report);
    let active = 0;
    let max = 0;
    const p = provider(async (req) => {
      active++;
      max = Math.max(max, active);
      await new Promise((r) => setTimeout(r, 10));
      active--;
      return good(req);
    });
    const logs: string[] = [];
    const n = await narrate(
      { provider: p, logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }), clock },
      {
        report,
        analysis,
        locale: 'en',
        tz: TZ,
        promptOverrides: { jvm: 'JVM prompt override.', bogus: 'x' },
      },
      { timeoutMs: 5_000, concurrency: 2 },
    );
    expect(n.status).toBe('ok');
    expect(max).toBe(2);
    expect(p.seen).toHaveLength(5);
    const final = p.seen[4]!;
    expect(final.user).toContain('"narrative":"The verdict is fail.');
    expect(p.seen.some((r) => r.system.startsWith('JVM prompt override.'))).toBe(true);
    expect(logs.some((l) => l.includes('unknown prompt overrides ignored') && l.includes('bogus'))).toBe(
      true,
    );
    expect(n.usage).toEqual({ inputTokens: 5000, outputTokens: 500, calls: 5, costUsd: 0.00105 });
    expect(contract(report)).toEqual(before);
  });

  it('keeps the context within the token budget it is given', async () => {
    const { report, analysis } = analysedRun('en', { extraRoutes: 30 });
    const p = provider(good);
    await narrate(
      { provider: p, logger: silentLogger, clock },
      { report, analysis, locale: 'en' },
      {
        timeoutMs: 5_000,
        maxContextTokens: 1_500,
      },
    );
    for (const r of p.seen.slice(0, 4)) {
      const facts = r.user.slice(r.user.indexOf('{'), r.user.lastIndexOf('}') + 1);
      expect(facts.length / 4).toBeLessThanOrEqual(1_500);
    }
  });
});

describe('presentation', () => {
  const n: Narrative = {
    status: 'ok',
    domains: {
      http: {
        summary: 'p95 <script>alert(1)</script> rose.',
        findings: [{ title: 'Knee & drop', evidence: 'at step 5', severity: 'high' }],
        recommendations: ['Tune "pool"'],
      },
    },
    final: { summary: 'Verdict fail.', findings: [], recommendations: [] },
    dropped: [{ text: 'x [?]', reason: 'unverified_number', section: 'http' }],
    usage: { inputTokens: 1, outputTokens: 1, costUsd: 0.0012, calls: 1 },
    provider: 'openai',
    model: 'gpt-4o-mini',
    locale: 'en',
    createdAt: '2026-01-15T12:00:00.000Z',
    durationMs: 5,
  };

  it('renders chat text: final first, then domains, counts of dropped claims', () => {
    const text = narrativeText(n);
    expect(text.split('\n')[0]).toBe('AI commentary (gpt-4o-mini; numbers checked against the data)');
    expect(text.indexOf('Overall: Verdict fail.')).toBeLessThan(text.indexOf('HTTP: p95'));
    expect(text).toContain('• Knee & drop — at step 5');
    expect(text).toContain('→ Tune "pool"');
    expect(text).toContain('1 unverifiable claim(s) removed; cost $0.0012');
    expect(text).not.toContain('x [?]');
  });

  it('renders escaped HTML', () => {
    const html = narrativeHtml({ ...n, locale: 'ru' });
    expect(html).toContain('p95 &lt;script&gt;alert(1)&lt;/script&gt; rose.');
    expect(html).not.toContain('<script>');
    expect(html).toContain('Knee &amp; drop');
    expect(html).toContain('Комментарий ИИ');
    expect(narrativeHtml({ ...n, domains: {}, final: undefined, status: 'timeout' })).toMatch(
      /did not answer in time/,
    );
  });
});
