import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import { alertReportJob, alertWindow, stableRunId } from '../../../src/pipeline/jobs/alert-report.job.js';
import type { GatewayCall } from '../../fakes/recording-gateway.js';
import { PGLITE_HOOK_TIMEOUT } from '../store/pglite-harness.js';
import { NOW } from './hooks-harness.js';
import { alertJob as baseJob, jobContext, jobServices } from './job-services.js';

// One database for the file; every test works on its own alert group.
let env: Awaited<ReturnType<typeof jobServices>>;
let group = '';
let n = 0;
beforeAll(async () => {
  env = await jobServices({ TZ: 'UTC' });
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => env.close());
beforeEach(() => {
  group = `group-${++n}`;
  env.tg.calls.length = 0;
  env.slack.calls.length = 0;
  env.clock.set(NOW);
});
const alertJob = (over: Parameters<typeof baseJob>[0] = {}) => baseJob({ groupKey: group, ...over });

const run = (p: ReturnType<typeof alertJob>, attempt = 1) =>
  alertReportJob(env.services)(jobContext(p, attempt)) as Promise<{ action: string; runId?: string }>;
const sends = (calls: GatewayCall[]) =>
  calls.filter((c) => c.op === 'send') as Extract<GatewayCall, { op: 'send' }>[];
const edits = (calls: GatewayCall[]) =>
  calls.filter((c) => c.op === 'edit') as Extract<GatewayCall, { op: 'edit' }>[];

describe('alert-report job', () => {
  it('posts the first report with the alert header, once even when retried', async () => {
    const p = alertJob();
    const r = await run(p);
    expect(r.action).toBe('posted');
    const [sent] = sends(env.tg.calls);
    expect(sent?.text).toContain('🔥 Alert: HighLatency');
    expect(sent?.text).toContain('Labels: alertname=HighLatency, service=orders, severity=critical');
    expect(sent?.text).toContain('Values: B=0.62');
    expect(sent?.text).toContain('https://grafana.example.com/d/perf');
    expect(sent?.text).toContain('11:10'); // window start: startsAt 11:40 − 30 min lookback
    // The run covers [startsAt − lookback, now] and is recorded as an alert event.
    const stored = await env.services.store.getRun(r.runId as string);
    expect(stored?.from.getTime()).toBe(NOW - 50 * 60_000);
    expect(stored?.to.getTime()).toBe(NOW);
    expect(stored?.origin).toBe('alert');
    const events = await env.services.store.listAlertEvents();
    expect(events.map((e) => [e.status, e.runId])).toEqual([['firing', r.runId]]);
    await run(p, 2);
    expect(sends(env.tg.calls)).toHaveLength(1);
  });

  it('edits the first report for a later firing of the group instead of posting again', async () => {
    await run(alertJob());
    const first = sends(env.tg.calls)[0]?.ref;
    env.clock.set(NOW + 10 * 60_000);
    const r = await run(alertJob({ fingerprints: ['fp1', 'fp2'] }));
    expect(r.action).toBe('edited');
    expect(sends(env.tg.calls)).toHaveLength(1);
    const [edit] = edits(env.tg.calls);
    expect(edit?.ref.messageId).toBe(first?.messageId);
    expect(edit?.text).toContain('(updated 12:10)');
    expect(edit?.text).toContain('Firing: 2');
    const incident = await env.services.store.alertIncidents.latest(group);
    expect(incident?.lastRunId).toBe(r.runId);
  });

  it('makes a later notification wait (retryable) while the first post is still in progress', async () => {
    await env.services.store.alertIncidents.open({
      groupKey: 'busy',
      startsAt: new Date(NOW - 60_000),
      by: 'someone-else',
      now: new Date(NOW),
    });
    const err = await run(alertJob({ groupKey: 'busy' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadLensError);
    expect((err as LoadLensError).retryable).toBe(true);
    expect(env.tg.calls).toHaveLength(0);
    // A claim left without a first post for over 10 minutes is taken over.
    env.clock.set(NOW + 11 * 60_000);
    expect((await run(alertJob({ groupKey: 'busy' }))).action).toBe('posted');
  });

  it('posts the final report as a reply to the first and closes the incident; duplicates do nothing', async () => {
    await run(alertJob());
    const first = sends(env.tg.calls)[0]?.ref;
    env.clock.set(NOW + 5 * 60_000);
    const resolved = alertJob({ status: 'resolved' });
    const r = await run(resolved);
    expect(r.action).toBe('resolved');
    const final = sends(env.tg.calls)[1];
    expect(final?.to.replyTo).toBe(first?.messageId);
    expect(final?.text).toContain('✅ Resolved: HighLatency');
    const finalRun = await env.services.store.getRun(r.runId as string);
    // [startsAt − lookback, endsAt]
    expect(finalRun?.from.getTime()).toBe(NOW - 50 * 60_000);
    expect(finalRun?.to.getTime()).toBe(NOW - 60_000);
    const incident = await env.services.store.alertIncidents.latest(resolved.groupKey);
    expect(incident).toMatchObject({ state: 'resolved', finalRunId: r.runId });
    // A retry of the same job posts nothing more; another resolved notification is a duplicate.
    await run(resolved, 2);
    expect((await run(alertJob({ status: 'resolved' }))).action).toBe('duplicate');
    expect(sends(env.tg.calls)).toHaveLength(2);
  });

  it('answers in the Slack thread of the first report', async () => {
    const chats = [{ platform: 'slack' as const, chatId: 'C0123' }];
    await run(alertJob({ chats }));
    const first = sends(env.slack.calls)[0]?.ref;
    await run(alertJob({ chats, status: 'resolved' }));
    const reply = sends(env.slack.calls)[1];
    expect(reply?.to.threadId).toBe(first?.messageId);
  });

  it('posts a standalone final report for a group never seen firing, and a new incident after resolution', async () => {
    await run(alertJob({ status: 'resolved', groupKey: 'late' }));
    expect(sends(env.tg.calls)[0]?.to.replyTo).toBeUndefined();
    env.clock.set(NOW + 60_000);
    const again = alertJob({ groupKey: 'late' });
    again.alerts[0]!.startsAtMs = NOW + 30_000;
    expect((await run(again)).action).toBe('posted');
    expect(sends(env.tg.calls)).toHaveLength(2);
  });

  it('frees the group when the first post fails for good', async () => {
    const broken = {
      ...env.services,
      gateways: {
        telegram: {
          ...env.tg.gateway,
          send: async () => Promise.reject(new LoadLensError('FORBIDDEN', 'kicked')),
        },
      },
    };
    const p = alertJob({ groupKey: 'fails' });
    await expect(alertReportJob(broken)(jobContext(p))).rejects.toThrow('kicked');
    expect(await env.services.store.alertIncidents.latest('fails')).toBeNull();
    expect((await run(alertJob({ groupKey: 'fails' }))).action).toBe('posted');
  });

  it('skips chats of unconfigured platforms, and fails for good when none is left', async () => {
    const tgOnly = { ...env.services, gateways: { telegram: env.tg.gateway } };
    const p = alertJob({
      chats: [
        { platform: 'telegram', chatId: '-100' },
        { platform: 'slack', chatId: 'C9' },
      ],
    });
    const r = (await alertReportJob(tgOnly)(jobContext(p))) as { action: string };
    expect(r.action).toBe('posted');
    expect(sends(env.tg.calls)).toHaveLength(1);
    const none = { ...env.services, gateways: {} };
    const err = await alertReportJob(none)(jobContext(alertJob({ groupKey: 'nowhere' }))).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LoadLensError);
    expect((err as LoadLensError).retryable).toBe(false);
  });
});

describe('alert windows and run ids', () => {
  it('clamps the window to now and to the maximum length, start moving up', () => {
    const H = 3_600_000;
    expect(alertWindow(NOW - H, 30, NOW, NOW, 24 * H)).toEqual({ fromMs: NOW - 1.5 * H, toMs: NOW });
    expect(alertWindow(NOW - 30 * H, 30, NOW + H, NOW, 24 * H)).toEqual({ fromMs: NOW - 24 * H, toMs: NOW });
    // An alert starting "now" still gets at least a minute of data.
    expect(alertWindow(NOW + 5_000, 0 + 1, NOW, NOW, 24 * H).fromMs).toBeLessThan(NOW);
  });

  it('derives the same ULID-shaped id for the same job', () => {
    expect(stableRunId(NOW, 'a')).toBe(stableRunId(NOW, 'a'));
    expect(stableRunId(NOW, 'a')).not.toBe(stableRunId(NOW, 'b'));
    expect(stableRunId(NOW, 'a')).toMatch(/^[0-9a-hjkmnp-tv-z]{26}$/);
  });
});
