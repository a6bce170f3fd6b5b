import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHooksApp } from './hooks-app.js';

/*
 * A storm: 1,000 concurrent deliveries of one alert group (a flapping rule, a retrying
 * sender, several Alertmanager replicas) must produce exactly one report.
 */

const TOKEN = 'storm-token';
let app: Awaited<ReturnType<typeof startHooksApp>>;
beforeAll(async () => {
  app = await startHooksApp({ tag: 'storm', env: { WEBHOOK_TOKEN: TOKEN } });
});
afterAll(async () => app?.close());

const notification = (i: number) => ({
  version: '4',
  groupKey: '{}:{alertname="RpsHigh", service="storm"}',
  status: 'firing',
  receiver: 'loadlens',
  groupLabels: { alertname: 'RpsHigh' },
  commonLabels: { alertname: 'RpsHigh', service: 'storm', severity: 'warning' },
  commonAnnotations: { summary: 'RPS > 100' },
  externalURL: 'http://alertmanager:9093',
  truncatedAlerts: 0,
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'RpsHigh', service: 'storm', severity: 'warning' },
      annotations: { summary: `RPS > 100 (delivery ${i})` },
      startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: 'c0ffee0000000001',
    },
  ],
});

describe('alert storm', () => {
  it('turns 1,000 concurrent repeats of one group into exactly one report', async () => {
    const answers = await Promise.all(
      Array.from({ length: 1_000 }, async (_, i) => {
        const res = await fetch(`${app.base}/hooks/alertmanager`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          body: JSON.stringify(notification(i)),
        });
        return { status: res.status, body: (await res.json()) as { status: string; eventId: string } };
      }),
    );
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(answers.filter((a) => a.body.status === 'queued')).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.eventId)).size).toBe(1);
    const eventId = answers[0]?.body.eventId as string;
    await app.services.queue.waitFor(eventId, 60_000);
    await eventually('the report', () => app.tg.calls.find((c) => c.op === 'send'), app.logs);
    // Settle: nothing else may arrive.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(app.tg.calls.filter((c) => c.op === 'send')).toHaveLength(1);
    expect(app.tg.calls.filter((c) => c.op === 'edit')).toHaveLength(0);
    const runs = await app.services.store.listRuns();
    expect(runs.filter((r) => r.origin === 'alert')).toHaveLength(1);
    expect(await app.services.store.listAlertEvents()).toHaveLength(1);
  });
});
