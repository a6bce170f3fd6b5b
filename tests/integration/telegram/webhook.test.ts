import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_BODY_LIMIT } from '../../../src/bots/telegram/webhook-route.js';
import { callsTo, sleep, waitForText } from './chat-helpers.js';
import { type Stack, startStack } from './stack.js';

/*
 * Webhook mode: with TELEGRAM_WEBHOOK_URL set the bot registers its webhook with a
 * secret_token and serves updates on the shared HTTP server, refusing anything that does
 * not carry the secret.
 */
const CHAT = -1_003_333_333_333;
const SECRET = 'hook_Secret-0123456789';

describe('Telegram webhook mode', () => {
  let s: Stack;
  let url: string;
  beforeAll(async () => {
    s = await startStack({
      label: 'hook',
      allowed: [String(CHAT)],
      webhook: { secret: SECRET },
      worker: false,
    });
    url = `${s.httpUrl}/telegram/webhook`;
  });
  afterAll(async () => s?.close());

  const post = (body: string, secret?: string) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
      },
      body,
    });

  it('registers the webhook with its secret instead of polling', () => {
    expect(s.fake.state.webhook).toEqual({ url, secret: SECRET });
    expect(s.fake.callsOf('setWebhook')[0]?.params.allowed_updates).toEqual(['message', 'callback_query']);
    expect(s.fake.calls.filter((c) => c.method === 'getUpdates')).toHaveLength(0);
  });

  it('refuses a missing or wrong secret with 401 and no side effects', async () => {
    const update = JSON.stringify(s.fake.buildText({ chatId: CHAT, text: '/service checkout' }));
    for (const secret of [undefined, 'wrong', `${SECRET}x`, '']) {
      const res = await post(update, secret);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe('UNAUTHORIZED');
    }
    await sleep(300);
    expect(callsTo(s.fake, 'sendMessage', CHAT)).toHaveLength(0);
    expect((await s.services.store.getChatSettings(`telegram:${CHAT}`)).service).toBeNull();
  });

  it('runs the command of an update carrying the secret, answering Telegram at once', async () => {
    const since = performance.timeOrigin + performance.now();
    const res = await post(
      JSON.stringify(s.fake.buildText({ chatId: CHAT, text: '/service checkout' })),
      SECRET,
    );
    expect(res.status).toBe(200);
    await waitForText(s.fake, CHAT, /default service is now checkout/, { since });
    expect((await s.services.store.getChatSettings(`telegram:${CHAT}`)).service).toBe('checkout');
  });

  it('refuses bodies that are too large or not updates', async () => {
    const big = JSON.stringify({ update_id: 1, message: { text: 'x'.repeat(WEBHOOK_BODY_LIMIT) } });
    expect((await post(big, SECRET)).status).toBe(413);
    expect((await post('{"hello":1}', SECRET)).status).toBe(400);
    expect((await post('not json', SECRET)).status).toBe(400);
  });
});
