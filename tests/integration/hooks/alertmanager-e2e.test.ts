import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MessageRef } from '../../../src/chat/chat.types.js';
import type { GatewayCall } from '../../fakes/recording-gateway.js';
import { type AlertmanagerServer, startAlertmanager } from '../../harness/servers/alertmanager.js';
import { eventually, startHooksApp } from './hooks-app.js';

/*
 * End to end with a real Alertmanager: it groups the posted alerts and calls LoadLens's
 * webhook with its own `version: "4"` payload and bearer token; LoadLens reports on the
 * simulated step test in the harness's Prometheus and posts to a recording chat gateway.
 */

const TOKEN = 'am-webhook-token-e2e';
const truth = inject('scenarios').step_db_pool;
if (!truth) throw new Error('scenario step_db_pool missing from the harness');
// LoadLens's clock stands just after the simulated test: "now" for the report window.
const offset = Date.now() - (truth.endMs + 2 * 60_000);
const clock = { now: () => Date.now() - offset };
const startsAt = new Date(truth.startMs + 30 * 60_000).toISOString();

let app: Awaited<ReturnType<typeof startHooksApp>>;
let am: AlertmanagerServer;
beforeAll(async () => {
  app = await startHooksApp({
    tag: 'am',
    clock,
    env: { WEBHOOK_TOKEN: TOKEN },
    yaml: `services:\n  orders:\n    selector: 'scenario="step_db_pool"'\n`,
  });
  am = await startAlertmanager({ webhookUrl: `${app.base}/hooks/alertmanager`, auth: { bearer: TOKEN } });
});
afterAll(async () => {
  await am?.stop();
  await app?.close();
});

type Send = Extract<GatewayCall, { op: 'send' }>;
type Edit = Extract<GatewayCall, { op: 'edit' }>;
const sends = () => app.tg.calls.filter((c): c is Send => c.op === 'send');
const edits = () => app.tg.calls.filter((c): c is Edit => c.op === 'edit');
const alert = (instance: string, endsAt: string) => ({
  labels: { alertname: 'OrdersP99High', service: 'orders', severity: 'critical', instance },
  annotations: { summary: 'p99 > 0.5 s' },
  startsAt,
  endsAt,
  generatorURL: 'http://prometheus.example.com/graph?g0.expr=p99',
});

describe('alert-triggered reports with a real Alertmanager', () => {
  let first: MessageRef;

  it('posts a report with the alert header when the alert fires', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await am.postAlerts([alert('orders-1', future)]);
    const sent = await eventually(
      'the first report',
      () => sends().find((c) => c.text.includes('🔥 Alert: OrdersP99High')),
      app.logs,
      90_000,
    );
    first = sent.ref;
    expect(sent.to).toMatchObject({ platform: 'telegram', chatId: '-100123' });
    expect(sent.text).toContain('service=orders');
    expect(sent.text).toContain('severity=critical');
    expect(sent.text).toContain('http://prometheus.example.com/graph');
    // The report is on the simulated test: [startsAt − 30 min, now], with data.
    const events = await eventually(
      'the firing event',
      async () => {
        const list = await app.services.store.listAlertEvents();
        return list.length > 0 ? list : null;
      },
      app.logs,
    );
    expect(events).toHaveLength(1);
    const run = await app.services.store.getRun(events[0]?.runId as string);
    expect(run?.from.getTime()).toBe(Date.parse(startsAt) - 30 * 60_000);
    expect(run?.origin).toBe('alert');
    expect(run?.report.domains.some((d) => d.status !== 'no_data')).toBe(true);
    expect(run?.verdict).not.toBe('insufficient_data');
    expect(app.tg.calls.some((c) => c.op === 'images')).toBe(true);
  });

  it('edits that report when the group fires again instead of posting again', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    await am.postAlerts([alert('orders-1', future), alert('orders-2', future)]);
    const edit = await eventually(
      'the edit',
      () => edits().find((e) => e.ref.messageId === first.messageId),
      app.logs,
      90_000,
    );
    expect(edit.text).toContain('OrdersP99High (updated');
    expect(edit.text).toContain('instance=orders-2');
    expect(sends().filter((c) => c.text.includes('🔥 Alert'))).toHaveLength(1);
  });

  it('posts the final incident report as a reply to the first when the alert resolves', async () => {
    const ended = new Date(truth.endMs).toISOString();
    await am.postAlerts([alert('orders-1', ended), alert('orders-2', ended)]);
    const final = await eventually(
      'the final report',
      () => sends().find((c) => c.text.includes('✅ Resolved: OrdersP99High')),
      app.logs,
      90_000,
    );
    expect(final.to.replyTo).toBe(first.messageId);
    const resolved = await eventually(
      'the resolved event',
      async () => (await app.services.store.listAlertEvents()).find((e) => e.status === 'resolved'),
      app.logs,
    );
    const run = await app.services.store.getRun(resolved?.runId as string);
    // [startsAt − lookback, endsAt]
    expect(run?.from.getTime()).toBe(Date.parse(startsAt) - 30 * 60_000);
    expect(run?.to.getTime()).toBe(truth.endMs);
    expect(sends().filter((c) => c.text.includes('🔥 Alert'))).toHaveLength(1);
    expect(sends().filter((c) => c.text.includes('✅ Resolved'))).toHaveLength(1);
  });
});
