import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatLanes } from '../../../src/bots/telegram/chat-lanes.js';
import {
  secretMatches,
  WEBHOOK_PATH,
  webhookPaths,
  webhookRoutes,
  webhookSecretFor,
} from '../../../src/bots/telegram/webhook-route.js';
import { silentLogger } from '../../../src/core/logger.js';
import { createHttpServer, type HttpServer } from '../../../src/web/http-server.js';
import { deferred } from '../queue/queue-contract.js';

describe('createChatLanes', () => {
  it('runs one chat in order and different chats side by side', async () => {
    const lanes = createChatLanes(silentLogger);
    const log: string[] = [];
    const gateA = deferred();
    const a1 = lanes.run('a', async () => {
      await gateA.promise;
      log.push('a1');
    });
    const a2 = lanes.run('a', async () => void log.push('a2'));
    const b1 = lanes.run('b', async () => void log.push('b1'));
    await b1;
    // b did not wait for a's slow first task; a's second task did.
    expect(log).toEqual(['b1']);
    expect(lanes.size).toBe(2);
    gateA.resolve();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['b1', 'a1', 'a2']);
    expect(lanes.size).toBe(0);
  });

  it('keeps a lane going after a failing task, and drains with a bound', async () => {
    const lanes = createChatLanes(silentLogger);
    const log: string[] = [];
    await lanes.run('x', async () => {
      throw new Error('boom');
    });
    await lanes.run('x', async () => void log.push('after'));
    expect(log).toEqual(['after']);
    const never = deferred();
    void lanes.run('y', () => never.promise);
    expect(await lanes.drain(50)).toBe(false);
    never.resolve();
    expect(await lanes.drain(1_000)).toBe(true);
  });
});

describe('webhook secret', () => {
  it('compares in constant time and refuses anything but the exact secret', () => {
    expect(secretMatches('s3cret', 's3cret')).toBe(true);
    for (const bad of ['s3cre', 's3cret ', '', undefined, ['s3cret']])
      expect(secretMatches(bad, 's3cret')).toBe(false);
  });

  it('derives a Telegram-valid secret from the token when none is configured', () => {
    const derived = webhookSecretFor('123:abc');
    expect(derived).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
    expect(derived).not.toContain('123:abc');
    expect(webhookSecretFor('123:abd')).not.toBe(derived);
    expect(webhookSecretFor('123:abc', 'mine')).toBe('mine');
  });

  it('serves the default path and the path of TELEGRAM_WEBHOOK_URL', () => {
    expect(webhookPaths('https://bot.example.com/telegram/webhook')).toEqual([WEBHOOK_PATH]);
    expect(webhookPaths('https://bot.example.com/tg/hook/')).toEqual([WEBHOOK_PATH, '/tg/hook']);
  });
});

describe('webhookRoutes on the shared HTTP server', () => {
  let http: HttpServer;
  let base: string;
  const received: number[] = [];
  beforeAll(async () => {
    http = createHttpServer({ logger: silentLogger });
    http.add(
      ...webhookRoutes({
        webhookUrl: 'https://bot.example.com/tg',
        secret: 'right',
        onUpdate: async (u) => void received.push(u.update_id),
      }),
    );
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => http?.close());

  const post = (path: string, body: string, secret?: string) =>
    fetch(base + path, {
      method: 'POST',
      headers: secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret },
      body,
    });

  it('accepts updates with the secret on both paths, refuses the rest before reading them', async () => {
    expect((await post('/telegram/webhook', '{"update_id":1}', 'right')).status).toBe(200);
    expect((await post('/tg', '{"update_id":2}', 'right')).status).toBe(200);
    expect((await post('/tg', '{"update_id":3}', 'wrong')).status).toBe(401);
    expect((await post('/tg', '{"update_id":4}')).status).toBe(401);
    expect((await post('/tg', '{"update_id":-1}', 'right')).status).toBe(400);
    expect(received).toEqual([1, 2]);
  });
});
