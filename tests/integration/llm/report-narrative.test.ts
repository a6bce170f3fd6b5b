import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { envSchema } from '../../../src/config/env.schema.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createProvider } from '../../../src/llm/create-provider.js';
import { narrateAndSave, narrateOptionsFromEnv, regenerateNarrative } from '../../../src/llm/narrate-run.js';
import { narrativeHtml, narrativeText } from '../../../src/llm/present.js';
import type { EngineContext } from '../../../src/pipeline/engine-context.js';
import { type ReportOutcome, runReport } from '../../../src/pipeline/report-engine.js';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { startAnthropicFake } from '../../fakes/anthropic-server.js';
import { type FakeMode, INVENTED, startOpenAiFake } from '../../fakes/openai-server.js';
import { containsNumber } from '../../unit/llm/fixtures.js';
import { engineContext } from '../report/engine-context.js';

/**
 * The narrative after a real report (simulated DB-pool bottleneck in real Prometheus): the
 * deterministic report is complete before any model call, the narrative follows within
 * the timeout in every fake mode, and the stored run keeps its verdict, peak and SLOs.
 */
let ctx: EngineContext;
let outcome: ReportOutcome;

beforeAll(async () => {
  ctx = await engineContext();
  const truth = inject('scenarios').step_db_pool as GroundTruth;
  outcome = await runReport(ctx, {
    fromMs: truth.startMs,
    toMs: truth.endMs,
    selector: `scenario="${truth.scenario}"`,
    slos: ['p95<500ms', 'error_rate<1%'],
    charts: false,
  });
});
afterAll(async () => {
  await ctx?.store.close();
});

const MODES: Array<[string, FakeMode, string]> = [
  ['good', { kind: 'good' }, 'ok'],
  ['malformed', { kind: 'malformed' }, 'failed'],
  ['hallucinated', { kind: 'hallucinated' }, 'ok'],
  ['slow', { kind: 'slow', delayMs: 30_000 }, 'timeout'],
  ['500', { kind: 'error', status: 500 }, 'failed'],
];

describe.each(['openai', 'anthropic'] as const)('narrative after a real report (%s)', (kind) => {
  it.each(MODES)(
    '%s answers: the report stands, the narrative follows in time',
    async (_name, mode, status) => {
      const fake = kind === 'openai' ? await startOpenAiFake(mode) : await startAnthropicFake(mode);
      try {
        const env = envSchema.parse({
          LLM_PROVIDER: kind,
          LLM_TIMEOUT_MS: '2000',
          LLM_RETRIES: '1',
          ...(kind === 'openai'
            ? { OPENAI_BASE_URL: fake.url, OPENAI_API_KEY: 'sk-test', LLM_MODEL: 'gpt-4o-mini' }
            : { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-ant', LLM_MODEL: 'claude-haiku-4-5' }),
        });
        const llm = createProvider(env, { retry: { baseDelayMs: 5 } })!;
        const { report, analysis } = outcome;
        const before = structuredClone(report);
        const t0 = Date.now();
        const saved = await narrateAndSave(
          { provider: llm.provider, logger: silentLogger, clock: ctx.clock, price: llm.price },
          ctx.store,
          { report, analysis, locale: 'en', tz: 'UTC' },
          narrateOptionsFromEnv(env),
        );
        expect(Date.now() - t0).toBeLessThan(env.LLM_TIMEOUT_MS + 1_500);
        expect(saved.narrative.status).toBe(status);
        expect(report).toEqual(before);
        const run = await ctx.store.getRun(report.runId);
        expect(run).toMatchObject({ verdict: before.verdict, peak: before.peak });
        expect(run?.report.slo).toEqual(before.slo);
        expect((await ctx.store.narratives.getNarrative(report.runId))?.version).toBe(saved.version);
        for (const out of [
          JSON.stringify(saved.narrative),
          narrativeText(saved.narrative),
          narrativeHtml(saved.narrative),
        ]) {
          for (const n of INVENTED) expect(containsNumber(out, n)).toBe(false);
        }
        if (mode.kind === 'hallucinated') expect(saved.narrative.dropped.length).toBeGreaterThan(0);
        if (status === 'ok')
          expect(saved.narrative.final?.summary).toContain(`The verdict is ${before.verdict}`);
      } finally {
        await fake.close();
      }
    },
  );
});

describe('regenerate after a real report', () => {
  it('appends a version with the stored cost', async () => {
    const fake = await startOpenAiFake({ kind: 'good' });
    try {
      const env = envSchema.parse({
        LLM_PROVIDER: 'openai',
        OPENAI_BASE_URL: fake.url,
        LLM_MODEL: 'gpt-4o-mini',
      });
      const llm = createProvider(env)!;
      const deps = { provider: llm.provider, logger: silentLogger, clock: ctx.clock, price: llm.price };
      const before = await ctx.store.narratives.narrativeCost(outcome.report.runId);
      const again = await regenerateNarrative(
        deps,
        ctx.store,
        outcome.report.runId,
        narrateOptionsFromEnv(env),
      );
      expect(again.narrative.status).toBe('ok');
      const after = await ctx.store.narratives.narrativeCost(outcome.report.runId);
      expect(after.versions).toBe(before.versions + 1);
      expect(after.inputTokens - before.inputTokens).toBe(again.narrative.usage.inputTokens);
      expect(again.narrative.usage.inputTokens).toBe(fake.reported.inputTokens);
    } finally {
      await fake.close();
    }
  });
});
