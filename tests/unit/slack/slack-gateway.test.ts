import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackGateway } from '../../../src/bots/slack/slack-gateway.js';
import type { ChatGateway } from '../../../src/chat/chat.types.js';
import { isLoadLensError, type LoadLensError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { buttonsOf, textOf } from '../../fakes/slack/signing.js';
import { type FakeSlackApi, isPng, startFakeSlackApi } from '../../fakes/slack-api.js';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('chart'),
]);
const to = { platform: 'slack' as const, chatId: 'C1', threadId: '1700000000.000100' };

let fake: FakeSlackApi;
let gw: ChatGateway;
beforeEach(async () => {
  fake = await startFakeSlackApi({ token: 'xoxb-test' });
  gw = createSlackGateway({
    token: 'xoxb-test',
    apiUrl: fake.apiUrl,
    logger: silentLogger,
    // Fast retries; 429s still wait for Retry-After.
    retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 },
    throttle: { burst: 100 },
  });
});
afterEach(async () => fake.close());

async function caught(p: Promise<unknown>): Promise<LoadLensError> {
  try {
    await p;
  } catch (err) {
    if (isLoadLensError(err)) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('Slack gateway', () => {
  it('posts Block Kit into the thread and returns the ts as message id', async () => {
    const refs = await gw.send(to, {
      blocks: [
        { kind: 'header', text: 'Отчёт' },
        { kind: 'text', text: 'a < b & c' },
      ],
      buttons: [[{ kind: 'action', label: 'Set as baseline', action: 'set_baseline', runId: 'run-1' }]],
    });
    const [call] = fake.okCallsOf('chat.postMessage');
    expect(call?.token).toBe('xoxb-test');
    expect(call?.args.thread_ts).toBe(to.threadId);
    expect(call?.args.text).toContain('a < b & c');
    const [msg] = fake.messages;
    expect(refs).toEqual([{ platform: 'slack', chatId: 'C1', messageId: msg!.ts, threadId: to.threadId }]);
    expect(textOf(msg!)).toContain('a < b & c');
    expect(buttonsOf(msg!)).toEqual([
      { actionId: 'll_set_baseline', value: 'run-1', text: 'Set as baseline' },
    ]);
  });

  it('sends a long message as several posts in order', async () => {
    const blocks = Array.from({ length: 70 }, (_, i) => ({ kind: 'text' as const, text: `line ${i}` }));
    const refs = await gw.send({ platform: 'slack', chatId: 'C1' }, { blocks });
    expect(refs).toHaveLength(2);
    expect(fake.messages.map((m) => m.ts)).toEqual(refs.map((r) => r.messageId));
    expect(fake.messages.every((m) => m.threadTs === undefined)).toBe(true);
    expect(fake.messages.map((m) => m.blocks.length)).toEqual([50, 20]);
  });

  it('edits with chat.update', async () => {
    const [ref] = await gw.send(to, { blocks: [{ kind: 'text', text: '⏳ collecting' }] });
    await gw.edit(ref!, { blocks: [{ kind: 'text', text: '✅ done' }] });
    const [msg] = fake.messages;
    expect(msg!.updates).toHaveLength(1);
    expect(textOf(msg!)).toBe('✅ done');
    expect(fake.okCallsOf('chat.update')[0]?.args).toMatchObject({ channel: 'C1', ts: ref!.messageId });
  });

  it('uploads an album with files.uploadV2 into the thread, caption on the first message', async () => {
    const images = Array.from({ length: 12 }, (_, i) => ({ png: PNG, title: `Chart ${i} Задержка` }));
    const refs = await gw.sendImages(to, images, 'nightly: FAIL');
    expect(refs).toHaveLength(12);
    expect(fake.okCallsOf('files.getUploadURLExternal')).toHaveLength(12);
    expect(fake.okCallsOf('upload')).toHaveLength(12);
    expect(fake.shares).toHaveLength(2);
    const [first, second] = fake.shares;
    expect(first).toMatchObject({ channel: 'C1', threadTs: to.threadId, initialComment: 'nightly: FAIL' });
    expect(second?.initialComment).toBeUndefined();
    expect(first!.files).toHaveLength(10);
    expect(second!.files).toHaveLength(2);
    expect([...first!.files, ...second!.files].every((f) => isPng(f.bytes) && f.bytes!.equals(PNG))).toBe(
      true,
    );
    expect(first!.files[0]?.title).toBe('Chart 0 Задержка');
    expect(first!.files[0]?.filename).toMatch(/^01-chart-0-задержка\.png$/);
  });

  it('sends a file as a document', async () => {
    const ref = await gw.sendFile(
      to,
      { name: 'report.pdf', bytes: Buffer.from('%PDF-1.7'), mime: 'application/pdf' },
      'PDF',
    );
    expect(fake.shares[0]).toMatchObject({ channel: 'C1', threadTs: to.threadId, initialComment: 'PDF' });
    expect(fake.shares[0]?.files[0]?.filename).toBe('report.pdf');
    expect(ref.messageId).toBe(fake.shares[0]?.files[0]?.id);
  });

  it('waits out a 429 with Retry-After and delivers exactly once', async () => {
    fake.fail('chat.postMessage', { status: 429, retryAfterSec: 1 });
    const started = Date.now();
    await gw.send(to, { blocks: [{ kind: 'text', text: 'after the limit' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.callsOf('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(fake.messages).toHaveLength(1);
  });

  it('retries a 5xx and a failed upload', async () => {
    fake.fail('chat.postMessage', { status: 500 });
    fake.fail('upload', { status: 500 });
    await gw.send(to, { blocks: [{ kind: 'text', text: 'x' }] });
    await gw.sendImages(to, [{ png: PNG, title: 'c' }]);
    expect(fake.messages).toHaveLength(1);
    expect(fake.shares).toHaveLength(1);
  });

  it('maps permanent Slack errors to non-retryable coded errors', async () => {
    fake.fail('chat.postMessage', { error: 'channel_not_found' });
    const e = await caught(gw.send(to, { blocks: [{ kind: 'text', text: 'x' }] }));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.retryable).toBe(false);
    expect(e.details.slack).toBe('channel_not_found');
    const bad = createSlackGateway({ token: 'xoxb-wrong', apiUrl: fake.apiUrl, logger: silentLogger });
    const auth = await caught(bad.send(to, { blocks: [{ kind: 'text', text: 'x' }] }));
    expect(auth.code).toBe('UNAUTHORIZED');
    expect(fake.messages).toHaveLength(0);
  });

  it('reports a persisting outage as retryable', async () => {
    fake.fail('chat.update', { status: 500 }, 5);
    const e = await caught(gw.edit({ platform: 'slack', chatId: 'C1', messageId: '1.1' }, { blocks: [] }));
    expect(e.retryable).toBe(true);
    expect(e.details.status).toBe(500);
  });
});
