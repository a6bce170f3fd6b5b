import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { GatewayCall } from '../../fakes/recording-gateway.js';
import { type AlertmanagerServer, startAlertmanager } from '../../harness/servers/alertmanager.js';
import { eventually, startHooksApp } from './hooks-app.js';

/*
 * Alerts on a shared Prometheus with no catalogue: a real Alertmanager posts an alert
 * labelled `service="orders"` (the app's own series call it `application="orders"`), and
 * one with no service label whose `instance` is the host of `payments`. Each report must be
 * about that service alone, with charts.
 */
const TOKEN = 'am-webhook-token-shared';
const shared = inject('shared');
const W = shared.window;
const offset = Date.now() - (W.toMs + 60_000);
const clock = { now: () => Date.now() - offset };
// The default 30-minute lookback from the alert's start reaches back to the window's start.
const startsAt = new Date(W.fromMs + 30 * 60_000).toISOString();
const future = () => new Date(Date.now() + 3_600_000).toISOString();

let app: Awaited<ReturnType<typeof startHooksApp>>;
let am: AlertmanagerServer;
beforeAll(async () => {
  app = await startHooksApp({ tag: 'amshared', clock, env: { WEBHOOK_TOKEN: TOKEN } });
  am = await startAlertmanager({ webhookUrl: `${app.base}/hooks/alertmanager`, auth: { bearer: TOKEN } });
});
afterAll(async () => {
  await am?.stop();
  await app?.close();
});

type Images = Extract<GatewayCall, { op: 'images' }>;

async function runFor(service: string) {
  return eventually(
    `a run for ${service}`,
    async () => {
      for (const e of await app.services.store.listAlertEvents()) {
        if (!e.runId) continue;
        const run = await app.services.store.getRun(e.runId);
        if (run?.service === service) return run;
      }
      return null;
    },
    app.logs,
    120_000,
  );
}

describe('alerts on a shared Prometheus, zero-config', () => {
  it('service="orders" gets a report of orders alone, with its charts', async () => {
    await am.postAlerts([
      {
        labels: { alertname: 'OrdersLatencyHigh', service: 'orders', severity: 'critical' },
        annotations: { summary: 'p95 > 1 s' },
        startsAt,
        endsAt: future(),
      },
    ]);
    const run = await runFor('orders');
    expect(run.report.scope?.service).toBe('orders');
    expect(run.report.scope?.label).toBe('application');
    for (const d of ['load', 'http', 'database', 'infra']) {
      expect(run.report.domains.find((x) => x.id === d)?.status, d).not.toBe('no_data');
    }
    expect(run.verdict).toBe(shared.services.orders?.expectedVerdict);
    await eventually(
      'the album',
      () => app.tg.calls.find((c): c is Images => c.op === 'images'),
      app.logs,
      60_000,
    );
  });

  it('an alert with no service label picks the service on its instance’s host', async () => {
    const payments = shared.services.payments!;
    await am.postAlerts([
      {
        labels: { alertname: 'HostCpuHigh', instance: `${payments.hostIp}:9100`, severity: 'warning' },
        annotations: { summary: 'CPU > 90 %' },
        startsAt,
        endsAt: future(),
      },
    ]);
    const run = await runFor('payments');
    expect(run.report.scope?.service).toBe('payments');
    expect(run.report.domains.find((x) => x.id === 'http')?.status).not.toBe('no_data');
  });
});
