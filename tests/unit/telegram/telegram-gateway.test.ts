import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramGateway } from '../../../src/bots/telegram/telegram-gateway.js';
import { createThrottle } from '../../../src/bots/telegram/throttle.js';
import type { ChatAddress, ChatGateway, Msg } from '../../../src/chat/chat.types.js';
import { LoadLensError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/core/logger.js';
import { parseTelegramHtml } from '../../fakes/telegram/parse-request.js';
import { type FakeTelegram, startFakeTelegram } from '../../fakes/telegram-api.js';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(2048, 7),
]);
const images = (n: number) => Array.from({ length: n }, (_, i) => ({ png: PNG, title: `График ${i + 1}` }));

/*
 * The real grammY client against the fake Bot API on loopback: what goes over the wire is
 * what Telegram would get (multipart albums, HTML text, inline keyboards).
 */
describe('createTelegramGateway', () => {
  let fake: FakeTelegram;
  let gw: ChatGateway;
  let chat = -1_001_000_000_000;
  /** A fresh group per test, so the throttle and message lists start empty. */
  const group = (threadId?: string): ChatAddress => ({
    platform: 'telegram',
    chatId: String(--chat),
    ...(threadId ? { threadId } : {}),
  });

  beforeAll(async () => {
    fake = await startFakeTelegram();
    gw = createTelegramGateway({
      token: fake.token,
      apiRoot: fake.apiRoot,
      logger: silentLogger,
      throttle: createThrottle(),
      retry: { backoffMs: 20 },
      retryCapSec: 2,
    });
  });
  afterAll(async () => fake?.close());

  it('sends HTML with escaped user text, in the topic, buttons under the last part', async () => {
    const to = group('42');
    const msg: Msg = {
      blocks: [
        { kind: 'header', text: '<script>alert(1)</script> отчёт' },
        ...Array.from({ length: 10 }, (_, i) => ({
          kind: 'text' as const,
          text: `${i} ${'строка & '.repeat(60)}`,
        })),
      ],
      buttons: [
        [{ kind: 'action', label: 'Сравнить', action: 'compare_baseline', runId: '01jabc' }],
        [{ kind: 'url', label: 'Full report', url: 'https://ll.test/r/01jabc?s=1&t=2' }],
      ],
    };
    const refs = await gw.send(to, msg);
    expect(refs.length).toBeGreaterThan(1);
    const posted = fake.messagesIn(to.chatId);
    expect(posted.map((m) => String(m.messageId))).toEqual(refs.map((r) => r.messageId));
    for (const m of posted) {
      expect(m.threadId).toBe(42);
      expect(m.parseMode).toBe('HTML');
      expect((m.text as string).length).toBeLessThanOrEqual(4096);
    }
    expect(posted[0]?.visible).toContain('<script>alert(1)</script> отчёт');
    expect(posted.slice(0, -1).every((m) => m.replyMarkup === undefined)).toBe(true);
    expect(posted.at(-1)?.replyMarkup?.inline_keyboard).toEqual([
      [{ text: 'Сравнить', callback_data: 'a:compare_baseline:01jabc' }],
      [{ text: 'Full report', url: 'https://ll.test/r/01jabc?s=1&t=2' }],
    ]);
    expect(refs.every((r) => r.threadId === '42' && r.chatId === to.chatId)).toBe(true);
  });

  it('edits a message and ignores "message is not modified"', async () => {
    const to = group();
    const [ref] = await gw.send(to, { blocks: [{ kind: 'text', text: '⏳ Работаю: в очереди…' }] });
    await gw.edit(ref!, { blocks: [{ kind: 'text', text: '⏳ Работаю: анализирую…' }] });
    await gw.edit(ref!, { blocks: [{ kind: 'text', text: '⏳ Работаю: анализирую…' }] });
    const [m] = fake.messagesIn(to.chatId);
    expect(m?.visible).toBe('⏳ Работаю: анализирую…');
    expect(m?.history).toEqual(['⏳ Работаю: в очереди…']);
  });

  it('an edit with overflow "cut" stays one message with its buttons; the default posts the rest', async () => {
    const long: Msg = {
      blocks: Array.from({ length: 6 }, (_, i) => ({
        kind: 'text' as const,
        text: `${i}:${'x'.repeat(1500)}`,
      })),
      buttons: [[{ kind: 'url', label: 'Full report', url: 'https://loadlens.example.com/r/1' }]],
    };
    const cut = group();
    const [a] = await gw.send(cut, { blocks: [{ kind: 'text', text: 'Working on it…' }] });
    await gw.edit(a!, long, { overflow: 'cut' });
    await gw.edit(a!, long, { overflow: 'cut' });
    const [m, ...more] = fake.messagesIn(cut.chatId);
    expect(more).toHaveLength(0);
    expect(m?.visible?.length).toBeLessThanOrEqual(4096);
    expect(m?.visible).toMatch(/^0:x+\n\n1:x+\n…$/);
    expect(JSON.stringify(m?.replyMarkup)).toContain('https://loadlens.example.com/r/1');

    const sent = group();
    const [b] = await gw.send(sent, { blocks: [{ kind: 'text', text: 'Working on it…' }] });
    await gw.edit(b!, long);
    expect(fake.messagesIn(sent.chatId).length).toBeGreaterThan(1);
  });

  it('sends one image as a photo, 2–10 as one album, 11 as an album plus a photo', async () => {
    const one = group();
    expect(await gw.sendImages(one, images(1), 'c1')).toHaveLength(1);
    const photo = fake.calls.filter((c) => c.method === 'sendPhoto' && c.params.chat_id === one.chatId);
    expect(photo).toHaveLength(1);
    expect(photo[0]?.chunked).toBe(true);
    expect(fake.messagesIn(one.chatId)[0]).toMatchObject({ kind: 'photo', caption: 'c1' });

    const many = group('9');
    const refs = await gw.sendImages(many, images(11), 'checkout: ПРОВАЛ, пик 420 rps');
    expect(refs).toHaveLength(11);
    const albums = fake.calls.filter(
      (c) => c.method === 'sendMediaGroup' && c.params.chat_id === many.chatId,
    );
    expect(albums).toHaveLength(1);
    expect(albums[0]?.files.map((f) => [f.size, f.png])).toEqual(Array(10).fill([PNG.length, true]));
    const posted = fake.messagesIn(many.chatId);
    expect(posted.map((m) => m.caption)).toEqual([
      'checkout: ПРОВАЛ, пик 420 rps',
      ...Array(10).fill(undefined),
    ]);
    expect(new Set(posted.slice(0, 10).map((m) => m.mediaGroupId)).size).toBe(1);
    expect(posted[10]?.kind).toBe('photo');
    expect(posted[10]?.mediaGroupId).toBeUndefined();
    expect(posted.every((m) => m.threadId === 9)).toBe(true);

    const capped = group();
    await gw.sendImages(capped, images(2), 'я'.repeat(1500));
    expect(fake.messagesIn(capped.chatId)[0]?.caption?.length).toBe(1024);
  });

  it('answers a parent message with replyTo: the first part only, and a vanished parent is no error', async () => {
    const to = group('5');
    const [parent] = await gw.send(to, { blocks: [{ kind: 'text', text: 'alert firing' }] });
    const refs = await gw.send(
      { ...to, replyTo: parent!.messageId },
      {
        blocks: [
          { kind: 'text', text: 'x'.repeat(4000) },
          { kind: 'text', text: 'y'.repeat(100) },
        ],
      },
    );
    const posted = fake.messagesIn(to.chatId);
    expect(posted.map((m) => m.replyTo)).toEqual([undefined, Number(parent!.messageId), undefined]);
    expect(refs).toHaveLength(2);
    await gw.sendImages({ ...to, replyTo: parent!.messageId }, images(2), 'c');
    await gw.sendFile(
      { ...to, replyTo: '999999' },
      { name: 'a.pdf', bytes: Buffer.from('%PDF'), mime: 'application/pdf' },
    );
    expect(
      fake
        .messagesIn(to.chatId)
        .slice(3)
        .map((m) => m.replyTo),
    ).toEqual([Number(parent!.messageId), Number(parent!.messageId), 999999]);
  });

  it('sends a file as a document', async () => {
    const to = group();
    const ref = await gw.sendFile(
      to,
      { name: 'report.pdf', bytes: Buffer.from('%PDF-1.7 test'), mime: 'application/pdf' },
      'PDF',
    );
    const [m] = fake.messagesIn(to.chatId);
    expect(ref.messageId).toBe(String(m?.messageId));
    expect(m).toMatchObject({ kind: 'document', caption: 'PDF', file: { filename: 'report.pdf', size: 13 } });
  });

  it('retries 429 after retry_after and 500/502, delivering the message exactly once', async () => {
    const to = group();
    fake.failNext('sendMessage', { status: 429, retryAfter: 1 });
    fake.failNext('sendMessage', { status: 500 });
    fake.failNext('sendMessage', { status: 502 });
    const started = Date.now();
    const refs = await gw.send(to, { blocks: [{ kind: 'text', text: 'once' }] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(refs).toHaveLength(1);
    expect(fake.messagesIn(to.chatId).map((m) => m.visible)).toEqual(['once']);
    const statuses = fake.calls.filter((c) => c.params.chat_id === to.chatId).map((c) => c.status);
    expect(statuses).toEqual([429, 500, 502, 200]);
  });

  it('retries an album after a 5xx with the same photos (buffers can be re-sent)', async () => {
    const to = group();
    fake.failNext('sendMediaGroup', { status: 502 });
    await gw.sendImages(to, images(3), 'cap');
    const attempts = fake.calls.filter(
      (c) => c.method === 'sendMediaGroup' && c.params.chat_id === to.chatId,
    );
    expect(attempts.map((c) => c.status)).toEqual([502, 200]);
    expect(attempts[1]?.files).toHaveLength(3);
    expect(fake.messagesIn(to.chatId)).toHaveLength(3);
  });

  it('fails with RATE_LIMITED when Telegram asks to wait longer than the cap', async () => {
    const to = group();
    fake.failNext('sendMessage', { status: 429, retryAfter: 60 });
    const err = await gw.send(to, { blocks: [{ kind: 'text', text: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadLensError);
    expect((err as LoadLensError).code).toBe('RATE_LIMITED');
    expect(fake.messagesIn(to.chatId)).toHaveLength(0);
  });

  it('every text it produced parses as Telegram HTML', () => {
    for (const c of fake.callsOf('sendMessage'))
      expect(() => parseTelegramHtml(String(c.params.text))).not.toThrow();
  });
});
