import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackGateway } from '../../../src/bots/slack/slack-gateway.js';
import type { ChatGateway, Msg } from '../../../src/chat/chat.types.js';
import { silentLogger } from '../../../src/core/logger.js';
import { type FakeSlackApi, startFakeSlackApi } from '../../fakes/slack-api.js';

// Issue 16: a retried delivery reads back what an interrupted one posted (metadata, file names).
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('c')]);
const channel = { platform: 'slack' as const, chatId: 'C1' };
const thread = { ...channel, threadId: '1700000000.000100' };
const msg: Msg = { blocks: [{ kind: 'text', text: 'Verdict: PASS' }] };
const images = [
  { png: PNG, title: 'Throughput' },
  { png: PNG, title: 'Latency' },
];

let fake: FakeSlackApi;
let gw: ChatGateway;
beforeEach(async () => {
  fake = await startFakeSlackApi({ token: 'xoxb-test' });
  gw = createSlackGateway({
    token: 'xoxb-test',
    apiUrl: fake.apiUrl,
    logger: silentLogger,
    retryConfig: { retries: 0 },
    throttle: { burst: 100 },
  });
});
afterEach(async () => fake.close());

describe('Slack gateway: resuming an interrupted delivery', () => {
  it('says it can resume', () => {
    expect(gw.canResume).toBe(true);
  });

  for (const to of [channel, thread]) {
    it(`finds a keyed message already posted and posts nothing (${to === thread ? 'thread' : 'channel'})`, async () => {
      const first = await gw.send(to, msg, { key: 'k1' });
      expect(fake.okCallsOf('chat.postMessage')).toHaveLength(1);
      expect(fake.messages[0]?.metadata).toEqual({
        event_type: 'loadlens_delivery',
        event_payload: { key: 'k1', part: 0 },
      });
      const again = await gw.send(to, msg, { key: 'k1', resume: true });
      expect(again.map((r) => r.messageId)).toEqual(first.map((r) => r.messageId));
      expect(fake.okCallsOf('chat.postMessage')).toHaveLength(1);
    });
  }

  it('posts when the key is not in the channel (the earlier try never reached Slack)', async () => {
    await gw.send(channel, msg, { key: 'other' });
    const refs = await gw.send(channel, msg, { key: 'k2', resume: true });
    expect(refs).toHaveLength(1);
    expect(fake.okCallsOf('chat.postMessage')).toHaveLength(2);
  });

  it('finds keyed files already shared and uploads nothing', async () => {
    const first = await gw.sendImages(thread, images, 'Album', { key: 'k3' });
    expect(fake.shares).toHaveLength(1);
    expect(fake.shares[0]?.files.map((f) => f.filename)).toEqual([
      '01-throughput.k3.png',
      '02-latency.k3.png',
    ]);
    const again = await gw.sendImages(thread, images, 'Album', { key: 'k3', resume: true });
    expect(fake.shares).toHaveLength(1);
    expect(again).toHaveLength(first.length);
  });

  it('uploads when no keyed file is there yet', async () => {
    await gw.sendImages(thread, images, 'Album', { key: 'k4', resume: true });
    expect(fake.shares).toHaveLength(1);
  });
});
