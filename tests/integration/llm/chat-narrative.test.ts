import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ChatServices } from '../../../src/chat/services.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createProvider } from '../../../src/llm/create-provider.js';
import { deliverJob } from '../../../src/pipeline/jobs/deliver.job.js';
import { narrateJob } from '../../../src/pipeline/jobs/narrate.job.js';
import { JOB_SCHEMAS, type JobMap } from '../../../src/pipeline/jobs/payloads.js';
import { createQueue } from '../../../src/pipeline/queue/queue.js';
import { runReport } from '../../../src/pipeline/report-engine.js';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import { type FakeLlmServer, INVENTED, startOpenAiFake } from '../../fakes/openai-server.js';
import { recordingGateway } from '../../fakes/recording-gateway.js';
import { containsNumber } from '../../unit/llm/fixtures.js';
import { engineContext } from '../report/engine-context.js';

/**
 * The chat side of the narrative: the deterministic report is delivered first, then the
 * `narrate` job posts the grounded narrative as an addition — and a number the model
 * invented never reaches the chat.
 */
let fake: FakeLlmServer;
let services: ChatServices;
const tg = recordingGateway('telegram');
const address = { platform: 'telegram' as const, chatId: '-100', threadId: '5' };

beforeAll(async () => {
  fake = await startOpenAiFake({ kind: 'hallucinated' });
  const ctx = await engineContext();
  const config = loadConfig({
    env: {
      LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.url,
      LLM_TIMEOUT_MS: '5000',
    },
  });
  services = {
    ...ctx,
    config,
    queue: await createQueue<JobMap>({ schemas: JOB_SCHEMAS, logger: ctx.logger }),
    gateways: { telegram: tg.gateway },
    links: createLinkBuilder(undefined, undefined),
    llm: createProvider(config.env),
  };
});
afterAll(async () => {
  await services?.queue.close();
  await services?.store.close();
  await fake?.close();
});

describe('LLM narrative in chat', () => {
  it('follows the delivered report as an addition, with invented numbers removed', async () => {
    const truth = inject('scenarios').step_db_pool as GroundTruth;
    const { run } = await runReport(services, {
      fromMs: truth.startMs,
      toMs: truth.endMs,
      selector: `scenario="${truth.scenario}"`,
      charts: false,
    });
    const worker = await services.queue.work({
      deliver: deliverJob(services),
      narrate: narrateJob(services),
    });
    try {
      await services.queue.add(
        'deliver',
        { runId: run.id, address, user: { id: 'u1' }, locale: 'en', tz: 'UTC' },
        { jobId: `deliver-${run.id}` },
      );
      const narrative = await tg.waitFor((c) => c.op === 'send' && /Narrative \(LLM/.test(c.text), 20_000);
      const sends = tg.calls.filter((c) => c.op === 'send');
      // The deterministic summary went out first; the narrative is a separate, later message.
      expect(sends[0]?.op === 'send' && /Verdict: FAIL/.test(sends[0].text)).toBe(true);
      expect(sends.indexOf(narrative as (typeof sends)[number])).toBeGreaterThan(0);
      expect(narrative.op === 'send' && narrative.to.threadId).toBe('5');
      expect(fake.reported.answers).toBeGreaterThan(0);
      for (const n of INVENTED)
        expect(containsNumber(narrative.op === 'send' ? narrative.text : '', n), n).toBe(false);
      // The stored run keeps its deterministic verdict.
      expect((await services.store.getRun(run.id))?.verdict).toBe('fail');
    } finally {
      await worker.close();
    }
  });
});
