import { describe, expect, it } from 'vitest';
import { parseChat, routeAlert, severityOf } from '../../../src/hooks/route.js';
import { testConfig } from './hooks-harness.js';

const alert = (
  labels: Record<string, string>,
  common: Record<string, string> = {},
  status: 'firing' | 'resolved' = 'firing',
) => ({
  status,
  commonLabels: common,
  alerts: [
    {
      status,
      labels,
      annotations: {},
      startsAtMs: 0,
      endsAtMs: null,
      fingerprint: 'f',
      values: {},
      links: {},
    },
  ],
});

const YAML = `
services:
  orders:
    selector: 'application="orders-app"'
    chats: ['slack:CORDERS']
  payments: {}
alerts:
  routes:
    - service: payments
      chats: ['telegram:-200', 'slack:CPAY:1700000000.000100', 'bogus']
      lookbackMinutes: 45
      minSeverity: warning
    - service: noisy
      mute: true
    - service: '*'
      chats: ['telegram:-999']
`;

describe('routing', () => {
  it('takes the service from service, then application, then job, common labels first', () => {
    const cfg = testConfig({ ALERT_CHATS: 'telegram:-100' });
    expect(routeAlert(cfg, alert({ job: 'j', application: 'a', service: 's' })).serviceValue).toBe('s');
    expect(routeAlert(cfg, alert({ job: 'j', application: 'a' })).serviceValue).toBe('a');
    expect(routeAlert(cfg, alert({ job: 'j' })).serviceValue).toBe('j');
    expect(routeAlert(cfg, alert({ service: 'per-alert' }, { job: 'common-job' })).serviceValue).toBe(
      'per-alert',
    );
    expect(routeAlert(cfg, alert({ other: 'x' })).serviceValue).toBeNull();
  });

  it('follows a configured label order', () => {
    const cfg = testConfig({ ALERT_CHATS: 'telegram:-100' }, 'alerts:\n  serviceLabels: [team, service]\n');
    const r = routeAlert(cfg, alert({ service: 's', team: 'perf' }));
    expect(r.serviceValue).toBe('perf');
    expect(r.serviceLabel).toBe('team');
  });

  it('sends to ALERT_CHATS by default with a 30 minute lookback', () => {
    const cfg = testConfig({ ALERT_CHATS: 'telegram:-100123,slack:C0123' });
    const r = routeAlert(cfg, alert({ service: 'orders' }));
    expect(r.chats).toEqual([
      { platform: 'telegram', chatId: '-100123' },
      { platform: 'slack', chatId: 'C0123' },
    ]);
    expect(r.lookbackMinutes).toBe(30);
    expect(r.skip).toBeUndefined();
    // Without a catalogue the name is a tag and the label selects the series.
    expect(r.service).toBe('orders');
    expect(r.selector).toBe('service="orders"');
  });

  it('uses the route, else the catalogue entry, else ALERT_CHATS', () => {
    const cfg = testConfig({ ALERT_CHATS: 'telegram:-100' }, YAML);
    const pay = routeAlert(cfg, alert({ service: 'payments', severity: 'critical' }));
    expect(pay.chats).toEqual([
      { platform: 'telegram', chatId: '-200' },
      { platform: 'slack', chatId: 'CPAY', threadId: '1700000000.000100' },
    ]);
    expect(pay.lookbackMinutes).toBe(45);
    expect(pay.service).toBe('payments');
    expect(pay.selector).toBeUndefined();
    // `orders` has no route of its own: the catch-all route's chats win over the catalogue.
    const orders = routeAlert(cfg, alert({ service: 'orders' }));
    expect(orders.chats).toEqual([{ platform: 'telegram', chatId: '-999' }]);
    expect(orders.selector).toBeUndefined();
    // An unknown service with a catalogue: no service name (it would be refused), the label selects.
    const unknown = routeAlert(cfg, alert({ job: 'billing' }));
    expect(unknown.service).toBeNull();
    expect(unknown.selector).toBe('job="billing"');
  });

  it('falls back to the catalogue chats and then ALERT_CHATS when no route matches', () => {
    const cfg = testConfig(
      { ALERT_CHATS: 'telegram:-100' },
      "services:\n  orders:\n    chats: ['slack:CORDERS']\n  cart: {}\n",
    );
    expect(routeAlert(cfg, alert({ service: 'orders' })).chats).toEqual([
      { platform: 'slack', chatId: 'CORDERS' },
    ]);
    expect(routeAlert(cfg, alert({ service: 'cart' })).chats).toEqual([
      { platform: 'telegram', chatId: '-100' },
    ]);
  });

  it('mutes, drops alerts below the minimum severity, and reports missing chats', () => {
    const cfg = testConfig({}, YAML);
    expect(routeAlert(cfg, alert({ service: 'noisy', severity: 'critical' })).skip).toBe('muted');
    expect(routeAlert(cfg, alert({ service: 'payments', severity: 'info' })).skip).toBe('below_min_severity');
    expect(routeAlert(cfg, alert({ service: 'payments' })).skip).toBe('below_min_severity');
    expect(routeAlert(cfg, alert({ service: 'payments', severity: 'warning' })).skip).toBeUndefined();
    expect(routeAlert(cfg, alert({ service: 'payments', severity: 'page' })).skip).toBeUndefined();
    expect(routeAlert(testConfig(), alert({ service: 'x' })).skip).toBe('no_chats');
  });

  it('reports malformed chat entries', () => {
    const bad: string[] = [];
    routeAlert(testConfig({}, YAML), alert({ service: 'payments', severity: 'critical' }), (s) =>
      bad.push(s),
    );
    expect(bad).toEqual(['bogus']);
  });

  it('reads severities and chats', () => {
    expect(severityOf('CRITICAL')).toBe('critical');
    expect(severityOf('warn')).toBe('warning');
    expect(severityOf(undefined)).toBe('info');
    expect(parseChat('telegram:-100:42')).toEqual({ platform: 'telegram', chatId: '-100', threadId: '42' });
    expect(parseChat('discord:1')).toBeNull();
  });
});
