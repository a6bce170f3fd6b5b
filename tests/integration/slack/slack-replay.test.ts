import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { signedSlashCommand, textOf } from '../../fakes/slack/signing.js';
import { SIGNING_SECRET, type SlackStack, startSlackStack } from './slack-stack.js';

/**
 * Issue 16, replays and windows, through the real Bolt receiver on the shared server, the
 * real store (PostgreSQL) and queue (Redis), observed at the fake Slack Web API.
 */
let stack: SlackStack;
beforeAll(async () => {
  stack = await startSlackStack();
});
afterAll(async () => stack?.close());

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const nowSec = () => Math.floor(Date.now() / 1000);

/** Posts the same signed request `n` times at once; resolves with the statuses. */
async function replay(r: ReturnType<typeof signedSlashCommand>, n: number): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: n }, () => stack.post(r)));
  return Promise.all(
    answers.map(async (a) => {
      await a.arrayBuffer();
      return a.status;
    }),
  );
}

describe('a replayed slash command is handled once', () => {
  it('two identical /report requests at the same instant: one "Working on it", one report, updated to the end', async () => {
    const truth = inject('scenarios').step_none as GroundTruth;
    const r = signedSlashCommand(SIGNING_SECRET, {
      command: '/report',
      text: `calm ${utc(truth.startMs)} - ${utc(truth.endMs)}`,
      channel_id: 'C0GENERAL',
    });
    expect(await replay(r, 2)).toEqual([200, 200]);
    await stack.app.idle();
    const { fake } = stack;
    const working = () => fake.messagesIn('C0GENERAL').filter((m) => /Working on it/.test(m.text));
    expect(working()).toHaveLength(1);
    // The one progress message is carried to the end (none is left hanging).
    const progress = working()[0]!;
    await fake.until(() => /Done/.test(textOf(progress)), 90_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(working()).toHaveLength(1);
    const summaries = fake.messagesIn('C0GENERAL').filter((m) => m !== progress && /calm/.test(textOf(m)));
    expect(summaries.length).toBeLessThanOrEqual(1);
    expect(fake.shares.filter((s) => s.channel === 'C0GENERAL')).toHaveLength(1);
  });

  it('a later replay of the same body, and the same trigger_id with other text, are dropped', async () => {
    const r = signedSlashCommand(SIGNING_SECRET, { command: '/tz', text: '', channel_id: 'C0SETTINGS' });
    const posts = () =>
      stack.fake.okCallsOf('chat.postMessage').filter((c) => c.args.channel === 'C0SETTINGS').length;
    expect(await replay(r, 1)).toEqual([200]);
    await stack.app.idle();
    expect(posts()).toBe(1);
    // The same request again, seconds later (inside the signature window): nothing posted.
    expect(await replay(r, 3)).toEqual([200, 200, 200]);
    await stack.app.idle();
    const trigger = new URLSearchParams(r.body).get('trigger_id') ?? '';
    const other = signedSlashCommand(SIGNING_SECRET, {
      command: '/tz',
      text: 'Europe/Moscow',
      channel_id: 'C0SETTINGS',
      trigger_id: trigger,
    });
    expect(await replay(other, 1)).toEqual([200]);
    await stack.app.idle();
    expect(posts()).toBe(1);
    expect((await stack.services.store.getChatSettings('slack:C0SETTINGS')).tz).toBeNull();
    // A new invocation (new trigger_id) is answered as usual.
    await stack.command({ command: '/tz', text: '', channel_id: 'C0SETTINGS' });
    await stack.app.idle();
    expect(posts()).toBe(2);
  });
});

describe('Slack request timestamps are accepted within ±5 minutes only', () => {
  it.each([
    ['10 minutes ahead', 10 * 60],
    ['a day ahead', 86_400],
    ['6 minutes ahead', 6 * 60],
    ['6 minutes ago', -6 * 60],
  ])('refuses a correctly signed request dated %s with 401, posting nothing', async (_when, offset) => {
    const before = stack.fake.okCallsOf('chat.postMessage').length;
    const res = await stack.command(
      { command: '/tz', text: '', channel_id: 'C0ERRORS' },
      { timestampSec: nowSec() + offset },
    );
    expect(res.status).toBe(401);
    await stack.app.idle();
    expect(stack.fake.okCallsOf('chat.postMessage').length).toBe(before);
  });

  it('accepts one dated 4 minutes ahead or behind (clock skew)', async () => {
    for (const offset of [4 * 60, -4 * 60]) {
      const before = stack.fake.okCallsOf('chat.postMessage').length;
      const res = await stack.command(
        { command: '/tz', text: '', channel_id: 'C0ERRORS' },
        { timestampSec: nowSec() + offset },
      );
      expect(res.status).toBe(200);
      await stack.app.idle();
      expect(stack.fake.okCallsOf('chat.postMessage').length).toBe(before + 1);
    }
  });
});
