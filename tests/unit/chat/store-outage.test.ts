import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandCall } from '../../../src/chat/command-context.js';
import { handleCommand } from '../../../src/chat/handle-command.js';
import { reportJob } from '../../../src/pipeline/jobs/report.job.js';
import { storeError } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';
import { freePort } from '../../harness/free-port.js';
import { PGLITE_HOOK_TIMEOUT } from '../store/pglite-harness.js';
import { chatServices, NOW } from './chat-services.js';

/*
 * The command layer and the report job with a database that is down: every store call fails
 * as node-postgres fails on a stopped server (a real ECONNREFUSED from a closed port, wrapped
 * by the store), or never answers. The store is injected through the services argument.
 */

let env: Awaited<ReturnType<typeof chatServices>>;
let port: number;
let refusal: unknown;

beforeEach(async () => {
  env = await chatServices({ CHAT_STORE_TIMEOUT_MS: '300' });
  port = await freePort();
  const client = new pg.Client({ host: '127.0.0.1', port, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {});
  refusal = await client.connect().then(
    () => null,
    (e: unknown) => e,
  );
}, PGLITE_HOOK_TIMEOUT);
afterEach(async () => env.close());

/** The real store with every call replaced by `behave`. */
function brokenStore(real: Store, behave: () => Promise<never>): Store {
  const wrap = <T extends object>(o: T): T =>
    new Proxy(o, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof v === 'function' && prop !== 'close') return () => behave();
        if (v !== null && typeof v === 'object' && prop !== 'backend') return wrap(v);
        return v;
      },
    });
  return wrap(real);
}

const refused = () => Promise.reject(storeError(refusal, 'query failed'));
const hangs = () => new Promise<never>(() => {});

const call = (text: string, languageCode = 'en'): CommandCall => {
  const [name = '', ...rest] = text.replace(/^\//, '').split(' ');
  return {
    name,
    args: rest.join(' '),
    address: { platform: 'telegram', chatId: '-100' },
    user: { id: 'u1', name: 'alice', languageCode },
  };
};

async function answer(
  store: Store,
  text: string,
  languageCode = 'en',
): Promise<{ text: string; ms: number }> {
  const before = env.tg.sent().length;
  const started = Date.now();
  await handleCommand({ ...env.services, store }, call(text, languageCode));
  const sent = env.tg.sent().slice(before);
  expect(sent).toHaveLength(1);
  return { text: sent[0] as string, ms: Date.now() - started };
}

describe('chat commands while the database is down', () => {
  for (const [mode, behave] of [
    ['refused', refused],
    ['hanging', hangs],
  ] as const) {
    it(`${mode}: commands without the database answer; the others say it is unavailable, never where it is`, async () => {
      const store = brokenStore(env.services.store, behave);
      const help = await answer(store, '/help');
      expect(help.text).toContain('/report');
      const start = await answer(store, '/start');
      expect(start.text).toContain('-100');
      const tz = await answer(store, '/tz');
      expect(tz.text).toBe(
        'This chat’s time zone: UTC.\n(The database is unavailable, so these are the default settings.)',
      );
      const setTz = await answer(store, '/tz Europe/Moscow');
      expect(setTz.text).toMatch(/^The database is unavailable right now/);
      const runs = await answer(store, '/runs', 'ru');
      expect(runs.text).toMatch(/^База данных сейчас недоступна/);
      for (const a of [help, start, tz, setTz, runs]) {
        expect(a.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|timeout|query failed/);
        expect(a.text).not.toContain(String(port));
        // Bounded by CHAT_STORE_TIMEOUT_MS (300 ms) per store call, with room for a slow machine.
        expect(a.ms).toBeLessThan(2_500);
      }
    });
  }
});

describe('report job while the database is down', () => {
  const payload = () => ({
    runId: 'r-outage',
    service: null,
    fromMs: NOW - 3_600_000,
    toMs: NOW,
    address: { platform: 'telegram' as const, chatId: '-100' },
    user: { id: 'u1', name: 'alice' },
    locale: 'en' as const,
    tz: 'UTC',
    progress: { platform: 'telegram' as const, chatId: '-100', messageId: '9' },
  });
  const ctx = (attempt: number, willRetry: boolean) => ({
    id: 'j',
    kind: 'report',
    payload: payload(),
    attempt,
    signal: new AbortController().signal,
    progress: async () => {},
    willRetry: () => willRetry,
  });

  it('while retries follow, the progress message says it will retry; the last try names no host or port', async () => {
    const services = { ...env.services, store: brokenStore(env.services.store, refused) };
    const job = reportJob(services);
    await expect(job(ctx(1, true))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const edits = () => env.tg.calls.filter((c) => c.op === 'edit').map((c) => (c as { text: string }).text);
    expect(edits()).toEqual([
      '⏳ The database is unavailable. I will retry and send the report when it is back.',
    ]);
    await expect(job(ctx(15, false))).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const final = edits().at(-1) ?? '';
    expect(final).toMatch(/^❌ The report failed: The database is unavailable right now/);
    expect(final).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|query failed/);
    expect(final).not.toContain(String(port));
  });
});
