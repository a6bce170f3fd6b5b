import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRef } from '../../../src/chat/chat.types.js';
import type { ChatServices } from '../../../src/chat/services.js';
import { createFaults } from '../../../src/pipeline/faults.js';
import { deliverJob } from '../../../src/pipeline/jobs/deliver.job.js';
import type { DeliverJob } from '../../../src/pipeline/jobs/payloads.js';
import type { JobContext } from '../../../src/pipeline/queue/queue.js';
import type { GatewayCall } from '../../fakes/recording-gateway.js';
import { jobServices } from '../hooks/job-services.js';
import { PGLITE_HOOK_TIMEOUT } from '../store/pglite-harness.js';
import { storedRun } from './stored-run.js';

/*
 * The deliver job's choice of summary step, against a real (PGlite) store and recording
 * gateways. A "kill" is a throw from the fault seam; the retry runs the job again.
 */
class Killed extends Error {}

let env: Awaited<ReturnType<typeof jobServices>>;
beforeAll(async () => {
  env = await jobServices({ TZ: 'UTC' });
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => env?.close());
beforeEach(() => {
  env.tg.calls.length = 0;
  env.slack.calls.length = 0;
});

const ctx = (payload: DeliverJob, attempt = 1): JobContext<DeliverJob> => ({
  id: `deliver-${payload.runId}`,
  kind: 'deliver',
  payload,
  attempt,
  signal: new AbortController().signal,
  progress: async () => undefined,
});

/** Services whose worker "dies" at `point` (none: a healthy worker); Slack reads back its posts. */
const services = (point?: string): ChatServices => ({
  ...env.services,
  gateways: { telegram: env.tg.gateway, slack: { ...env.slack.gateway, canResume: true } },
  faults: createFaults(point, (p) => {
    throw new Killed(p);
  }),
});

async function payload(platform: 'telegram' | 'slack', withProgress: boolean): Promise<DeliverJob> {
  const runId = await storedRun(env.services.store, `deliver-${platform}`);
  const address = { platform, chatId: platform === 'telegram' ? '-100' : 'C1' };
  const progress: MessageRef = { ...address, messageId: '77' };
  return {
    runId,
    address,
    user: { id: 'u1' },
    locale: 'en',
    tz: 'UTC',
    ...(withProgress ? { progress } : {}),
  };
}

const ops = (calls: GatewayCall[], op: GatewayCall['op']) => calls.filter((c) => c.op === op);
const isSummary = (c: GatewayCall) => 'text' in c && /Verdict/i.test(c.text) && /PASS/.test(c.text);

describe('deliver job: the summary step', () => {
  it('Telegram with a progress message: the summary is its one final edit (cut to one message), never a post', async () => {
    const p = await payload('telegram', true);
    await deliverJob(services())(ctx(p));
    await deliverJob(services())(ctx(p, 2)); // a duplicated job changes nothing
    expect(ops(env.tg.calls, 'send')).toHaveLength(0);
    const edits = ops(env.tg.calls, 'edit') as Extract<GatewayCall, { op: 'edit' }>[];
    expect(edits).toHaveLength(1);
    expect(edits[0]?.ref.messageId).toBe('77');
    expect(isSummary(edits[0] as GatewayCall)).toBe(true);
    expect(edits[0]?.o).toEqual({ overflow: 'cut' });
    expect(edits[0]?.msg.buttons?.flat().length).toBeGreaterThan(0);
  });

  for (const at of ['before-send', 'after-send', 'after-record']) {
    it(`Telegram: a kill ${at} the summary edit still shows it once, nothing posted`, async () => {
      const p = await payload('telegram', true);
      await expect(deliverJob(services(`deliver:summary:${at}`))(ctx(p))).rejects.toBeInstanceOf(Killed);
      await deliverJob(services())(ctx(p, 2));
      expect(ops(env.tg.calls, 'send')).toHaveLength(0);
      const edits = ops(env.tg.calls, 'edit');
      // Repeated only when the edit was not recorded; the same content both times.
      expect(edits).toHaveLength(at === 'before-send' ? 1 : at === 'after-send' ? 2 : 1);
      expect(edits.every(isSummary)).toBe(true);
    });
  }

  it('Telegram without a progress message: the summary is posted once, nothing edited', async () => {
    const p = await payload('telegram', false);
    await deliverJob(services())(ctx(p));
    await deliverJob(services())(ctx(p, 2));
    expect(ops(env.tg.calls, 'send').filter(isSummary)).toHaveLength(1);
    expect(ops(env.tg.calls, 'edit')).toHaveLength(0);
  });

  it('Slack (reads back its posts): the summary is posted and the progress message closed', async () => {
    const p = await payload('slack', true);
    await deliverJob(services())(ctx(p));
    await deliverJob(services())(ctx(p, 2));
    expect(ops(env.slack.calls, 'send').filter(isSummary)).toHaveLength(1);
    const edits = ops(env.slack.calls, 'edit');
    expect(edits).toHaveLength(1);
    expect(edits[0] && 'text' in edits[0] ? edits[0].text : '').toMatch(/Done/);
  });
});
