import { afterEach, describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import { alertmanagerV4, grafanaLegacy } from './fixtures.js';
import { bearer, startHookServer } from './hooks-harness.js';

const auth = bearer('tok');
const env = { WEBHOOK_TOKEN: 'tok' };

describe('webhook limits and answers', () => {
  let srv: Awaited<ReturnType<typeof startHookServer>>;
  afterEach(async () => srv?.close());

  it('refuses a body over the limit with 413, before queueing anything', async () => {
    srv = await startHookServer({ env: { ...env, WEBHOOK_MAX_BODY_BYTES: '2048' } });
    const big = { ...alertmanagerV4(), padding: 'x'.repeat(4096) };
    const r = await srv.post('/hooks/alertmanager', big, auth);
    expect(r.status).toBe(413);
    expect(r.json?.error).toBe('PAYLOAD_TOO_LARGE');
    expect(srv.adds).toHaveLength(0);
    // A body just under the limit passes.
    expect((await srv.post('/hooks/alertmanager', alertmanagerV4(), auth)).status).toBe(202);
  });

  it('answers 503 with Retry-After, not 429, when too many requests are in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    srv = await startHookServer({
      env: { ...env, WEBHOOK_MAX_PENDING: '2' },
      add: (inner) => async (kind, payload, opts) => {
        await gate;
        return inner(kind, payload, opts);
      },
    });
    const held = [
      srv.post('/hooks/alertmanager', alertmanagerV4({ groupKey: 'a' }), auth),
      srv.post('/hooks/alertmanager', alertmanagerV4({ groupKey: 'b' }), auth),
    ];
    while (srv.hooks.guard.pending < 2) await new Promise((r) => setTimeout(r, 5));
    const refused = await srv.post('/hooks/alertmanager', alertmanagerV4({ groupKey: 'c' }), auth);
    expect(refused.status).toBe(503);
    expect(refused.json?.error).toBe('OVERLOADED');
    expect(refused.headers.get('retry-after')).toBe('5');
    release();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([202, 202]);
    expect(srv.hooks.guard.pending).toBe(0);
    expect(srv.adds.map((a) => (a.payload as { groupKey: string }).groupKey).sort()).toEqual(['a', 'b']);
    // With room again the refused notification goes through on retry.
    expect((await srv.post('/hooks/alertmanager', alertmanagerV4({ groupKey: 'c' }), auth)).status).toBe(202);
  });

  it('answers 503 when the queue is down, so the sender retries', async () => {
    srv = await startHookServer({
      env,
      add: () => async () => {
        throw new LoadLensError('CONFIG_UNREACHABLE', 'redis down');
      },
    });
    const r = await srv.post('/hooks/alertmanager', alertmanagerV4(), auth);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('5');
    expect(srv.hooks.guard.pending).toBe(0);
  });

  it('answers 400 for bad JSON and invalid payloads', async () => {
    srv = await startHookServer({ env });
    expect((await srv.post('/hooks/alertmanager', '{not json', auth)).status).toBe(400);
    const r = await srv.post('/hooks/alertmanager', { ...alertmanagerV4(), version: '3' }, auth);
    expect(r.status).toBe(400);
    expect(String(r.json?.message)).toContain('version');
    expect((await srv.post('/hooks/grafana', { nothing: true }, auth)).status).toBe(400);
    expect(srv.adds).toHaveLength(0);
  });

  it('queues once per group and window; repeats are answered as duplicates', async () => {
    srv = await startHookServer({ env });
    const first = await srv.post('/hooks/alertmanager', alertmanagerV4(), auth);
    const again = await srv.post('/hooks/alertmanager', alertmanagerV4(), auth);
    expect(first.status).toBe(202);
    expect(first.json?.status).toBe('queued');
    expect(again.status).toBe(202);
    expect(again.json?.status).toBe('duplicate');
    expect(again.json?.eventId).toBe(first.json?.eventId);
    expect(await srv.queue.getState(String(first.json?.eventId))).toBe('waiting');
    const job = srv.adds[0]?.payload as { chats: unknown; service: string; lookbackMinutes: number };
    expect(job.chats).toEqual([{ platform: 'telegram', chatId: '-100' }]);
    expect(job.service).toBe('orders');
    expect(job.lookbackMinutes).toBe(30);
  });

  it('accepts but ignores muted alerts and legacy pending states', async () => {
    srv = await startHookServer({
      env,
      yaml: 'alerts:\n  routes:\n    - service: orders\n      mute: true\n',
    });
    const muted = await srv.post('/hooks/alertmanager', alertmanagerV4(), auth);
    expect(muted.status).toBe(200);
    expect(muted.json).toMatchObject({ status: 'ignored', reason: 'muted' });
    const pending = await srv.post('/hooks/grafana', grafanaLegacy('pending'), auth);
    expect(pending.status).toBe(200);
    expect(pending.json?.status).toBe('ignored');
    expect(srv.adds).toHaveLength(0);
  });
});
