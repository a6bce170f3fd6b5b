import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { isLoadLensError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { regenerateNarrative, statsFromStoredSeries } from '../../../src/llm/narrate-run.js';
import type { Narrative } from '../../../src/llm/narrative.types.js';
import type { LlmProvider, LlmRequest } from '../../../src/llm/provider.js';
import type { Store } from '../../../src/store/store.js';
import { goodAnswer } from '../../fakes/openai-server.js';
import { analysedRun, newRunOf } from './fixtures.js';

let seq = 0;
const uniqueId = (p: string) => `${p}-${process.pid}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

export function narrative(over: Partial<Narrative> = {}): Narrative {
  return {
    status: 'ok',
    domains: {
      http: {
        summary: 'Peak 200 rps.',
        findings: [{ title: 'Knee', evidence: 'p95 1.9 s' }],
        recommendations: [],
      },
    },
    final: { summary: 'Verdict fail.', findings: [], recommendations: ['Re-test'] },
    dropped: [{ text: 'p95 hit [?].', reason: 'unverified_number', section: 'http' }],
    usage: { inputTokens: 1200, outputTokens: 300, costUsd: 0.0021, calls: 5 },
    provider: 'openai',
    model: 'gpt-4o-mini',
    locale: 'en',
    createdAt: '2026-01-15T12:00:00.000Z',
    durationMs: 1234,
    ...over,
  };
}

/** An in-memory model that answers like a careful one and records the requests. */
function recordingProvider(): LlmProvider & { seen: LlmRequest[] } {
  const seen: LlmRequest[] = [];
  return {
    name: 'openai',
    model: 'gpt-4o-mini',
    seen,
    async complete(req) {
      seen.push(req);
      return { text: JSON.stringify(goodAnswer(req.user)), inputTokens: 100, outputTokens: 20 };
    },
  };
}

async function expectCode(p: Promise<unknown>, code: string) {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(isLoadLensError(err) && err.code).toBe(code);
}

/** The narrative store and the regenerate action, on any backend. */
export function narrativesContract(kind: string, getStore: () => Store): void {
  describe(`narrative store (${kind})`, () => {
    it('versions narratives per run and returns the newest', async () => {
      const store = getStore();
      const { report, panels } = analysedRun('en', { runId: uniqueId('r') });
      const run = await store.saveRun(newRunOf(report, panels, report.runId));
      expect(await store.narratives.getNarrative(run.id)).toBeNull();
      const first = narrative();
      const v1 = await store.narratives.saveNarrative(run.id, first);
      const v2 = await store.narratives.saveNarrative(run.id, narrative({ status: 'partial' }));
      expect([v1.version, v2.version]).toEqual([1, 2]);
      expect(v1.narrative).toEqual(first);
      expect(v1.createdAt).toBeInstanceOf(Date);
      const latest = await store.narratives.getNarrative(run.id);
      expect(latest).toMatchObject({ runId: run.id, version: 2, narrative: { status: 'partial' } });
      expect((await store.narratives.listNarratives(run.id)).map((n) => n.version)).toEqual([1, 2]);
      const parallel = await Promise.all([1, 2, 3].map(() => store.narratives.saveNarrative(run.id, first)));
      expect(parallel.map((p) => p.version).sort()).toEqual([3, 4, 5]);
    });

    it('keeps the cost of every version of a run', async () => {
      const store = getStore();
      const { report, panels } = analysedRun('en', { runId: uniqueId('r') });
      const run = await store.saveRun(newRunOf(report, panels, report.runId));
      expect(await store.narratives.narrativeCost(run.id)).toEqual({
        versions: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        partial: false,
      });
      await store.narratives.saveNarrative(run.id, narrative());
      await store.narratives.saveNarrative(
        run.id,
        narrative({ usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.0009, calls: 1 } }),
      );
      const cost = await store.narratives.narrativeCost(run.id);
      expect(cost).toMatchObject({ versions: 2, inputTokens: 1210, outputTokens: 305, partial: false });
      expect(cost.costUsd).toBeCloseTo(0.003, 9);
      await store.narratives.saveNarrative(
        run.id,
        narrative({ usage: { inputTokens: 1, outputTokens: 1, costUsd: null, calls: 1 } }),
      );
      expect(await store.narratives.narrativeCost(run.id)).toMatchObject({ versions: 3, partial: true });
    });

    it('refuses unknown runs and deletes narratives with their run', async () => {
      const store = getStore();
      await expectCode(store.narratives.saveNarrative(uniqueId('missing'), narrative()), 'NOT_FOUND');
      const { report, panels } = analysedRun('en', { runId: uniqueId('r') });
      const run = await store.saveRun(newRunOf(report, panels, report.runId));
      await store.narratives.saveNarrative(run.id, narrative());
      expect(await store.deleteRun(run.id)).toBe(true);
      expect(await store.narratives.listNarratives(run.id)).toEqual([]);
    });

    it('regenerates from the stored run: series statistics, baseline, locale, overrides', async () => {
      const store = getStore();
      const service = uniqueId('svc');
      const base = analysedRun('ru', { runId: uniqueId('base') });
      base.report.service = service;
      const baseRun = await store.saveRun(newRunOf(base.report, base.panels, base.report.runId));
      await store.setBaseline(service, baseRun.id, 'alice');
      const cur = analysedRun('ru', { runId: uniqueId('cur') });
      cur.report.service = service;
      const run = await store.saveRun(newRunOf(cur.report, cur.panels, cur.report.runId));
      const before = structuredClone(run.report);

      const provider = recordingProvider();
      const deps = { provider, logger: silentLogger, clock: fixedClock(Date.UTC(2026, 0, 15, 12)) };
      const opts = { timeoutMs: 5_000, tz: 'Europe/Moscow', overrides: { 'http.ru': 'Особый промпт HTTP.' } };
      const v1 = await regenerateNarrative(deps, store, run.id, opts);
      const v2 = await regenerateNarrative(deps, store, run.id, opts);
      expect([v1.version, v2.version]).toEqual([1, 2]);
      expect(v2.narrative).toMatchObject({ status: 'ok', locale: 'ru' });
      expect(v2.narrative.domains.http?.summary).toMatch(/^Вердикт: fail/);
      expect((await store.narratives.getNarrative(run.id))?.version).toBe(2);
      expect((await store.getRun(run.id))?.report).toEqual(before);

      const http = provider.seen.find((r) => r.system.startsWith('Особый промпт HTTP.'))!;
      expect(http).toBeDefined();
      const facts = JSON.parse(http.user.slice(http.user.indexOf('{'), http.user.lastIndexOf('}') + 1));
      expect(facts.overall.baseline).toMatchObject({ verdict: base.report.verdict });
      expect(facts.domain.series['p95/http.p95']).toMatchObject({ vsBaseline: '+0 %' });

      await expectCode(regenerateNarrative(deps, store, uniqueId('missing'), opts), 'NOT_FOUND');
    });

    it('recomputes series statistics from stored series like the analysis did', async () => {
      const store = getStore();
      const { report, panels, analysis } = analysedRun('en', { runId: uniqueId('r') });
      await store.saveRun(newRunOf(report, panels, report.runId));
      const stats = statsFromStoredSeries(await store.getSeries(report.runId));
      for (const key of ['http.p95', 'jvm.heap_used', 'load.users']) {
        const a = analysis.stats.find((s) => s.seriesId === key)!;
        const b = stats.find((s) => s.seriesId === key)!;
        expect(b).toMatchObject({ domain: a.domain, panel: a.panel, unit: a.unit });
        expect(b.stats.mean).toBeCloseTo(a.stats.mean!, 6);
        expect(b.stats.max).toBeCloseTo(a.stats.max!, 6);
      }
    });
  });
}
