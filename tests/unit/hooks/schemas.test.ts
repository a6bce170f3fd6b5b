import { describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import {
  MAX_ALERTS,
  normaliseAlertmanager,
  normaliseGrafanaLegacy,
  normaliseGrafanaUnified,
  parseAlertmanager,
  parseGrafana,
  parseTime,
} from '../../../src/hooks/normalise.js';
import { alertReportJobSchema } from '../../../src/pipeline/jobs/payloads.js';
import { alertmanagerV4, grafanaLegacy, grafanaUnified } from './fixtures.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

const badInput = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LoadLensError);
    return (err as LoadLensError).code;
  }
  throw new Error('expected a BAD_INPUT');
};

describe('Grafana unified alerting', () => {
  it('parses a real notification, unknown fields included, into the common model', () => {
    const parsed = parseGrafana(grafanaUnified({ extra: { someFutureField: { nested: [1, 2] } } }));
    expect(parsed.kind).toBe('unified');
    if (parsed.kind !== 'unified') return;
    const a = normaliseGrafanaUnified(parsed.body, NOW);
    expect(a.source).toBe('grafana');
    expect(a.status).toBe('firing');
    expect(a.title).toBe('OrdersP99High');
    expect(a.groupKey).toContain('OrdersP99High');
    const [first] = a.alerts;
    expect(first?.values).toEqual({ B: 0.6234, C: 1 });
    expect(first?.fingerprint).toBe('57c6d9296de2ad39');
    expect(first?.startsAtMs).toBe(Date.parse('2026-11-20T11:40:00Z'));
    expect(first?.endsAtMs).toBeNull(); // Go's zero time means "no end"
    expect(first?.links.dashboard).toBe('https://grafana.example.com/d/perf?orgId=1');
    expect(first?.links.panel).toContain('viewPanel=4');
    expect(first?.labels.service).toBe('orders');
  });

  it('derives the group from fingerprints when the group key is missing, and tolerates null values', () => {
    const body = grafanaUnified();
    const noKey = { ...body, groupKey: undefined, alerts: [{ ...body.alerts[0], values: null }] };
    const parsed = parseGrafana(noKey);
    if (parsed.kind !== 'unified') throw new Error('unified expected');
    const a = normaliseGrafanaUnified(parsed.body, NOW);
    expect(a.groupKey).toBe('fp:57c6d9296de2ad39');
    expect(a.alerts[0]?.values).toEqual({});
  });

  it('refuses a body that is neither format, or a unified one without alerts', () => {
    expect(badInput(() => parseGrafana({ hello: 'world' }))).toBe('BAD_INPUT');
    expect(badInput(() => parseGrafana([1, 2]))).toBe('BAD_INPUT');
    expect(badInput(() => parseGrafana('text'))).toBe('BAD_INPUT');
    expect(badInput(() => parseGrafana({ ...grafanaUnified(), alerts: [] }))).toBe('BAD_INPUT');
    expect(badInput(() => parseGrafana({ ...grafanaUnified(), version: '2' }))).toBe('BAD_INPUT');
  });
});

describe('Grafana legacy alerting', () => {
  it('turns a rule into one alert with its tags as labels and eval matches as values', () => {
    const parsed = parseGrafana(grafanaLegacy());
    expect(parsed.kind).toBe('legacy');
    if (parsed.kind !== 'legacy') return;
    const a = normaliseGrafanaLegacy(parsed.body, NOW);
    expect(a.status).toBe('firing');
    expect(a.title).toBe('Payments RPS alert');
    expect(a.groupKey).toBe('grafana-legacy:7');
    expect(a.alerts[0]?.labels).toMatchObject({ alertname: 'Payments RPS alert', service: 'payments' });
    expect(a.alerts[0]?.values).toEqual({ rps: 142, rps_b: null });
    expect(a.alerts[0]?.startsAtMs).toBe(NOW);
  });

  it('maps state ok to resolved, with the same group key', () => {
    const parsed = parseGrafana(grafanaLegacy('ok'));
    if (parsed.kind !== 'legacy') throw new Error('legacy expected');
    const a = normaliseGrafanaLegacy(parsed.body, NOW);
    expect(a.status).toBe('resolved');
    expect(a.alerts[0]?.endsAtMs).toBe(NOW);
    expect(a.groupKey).toBe('grafana-legacy:7');
  });
});

describe('Alertmanager version 4', () => {
  it('parses a notification with several alerts', () => {
    const body = { ...alertmanagerV4({ instances: ['a:1', 'b:1'] }), unknownTopLevel: true };
    const a = normaliseAlertmanager(parseAlertmanager(body), NOW);
    expect(a.source).toBe('alertmanager');
    expect(a.groupKey).toBe('{}:{alertname="HighLatency"}');
    expect(a.title).toBe('HighLatency');
    expect(a.alerts.map((x) => x.labels.instance)).toEqual(['a:1', 'b:1']);
    expect(a.alerts[0]?.startsAtMs).toBe(Date.parse('2026-11-20T11:40:00.123Z'));
    expect(a.alerts[0]?.links.generator).toContain('prometheus:9090');
  });

  it('refuses other versions and malformed alerts', () => {
    expect(badInput(() => parseAlertmanager({ ...alertmanagerV4(), version: '3' }))).toBe('BAD_INPUT');
    expect(
      badInput(() =>
        parseAlertmanager({ ...alertmanagerV4(), alerts: [{ status: 'weird', startsAt: 'x' }] }),
      ),
    ).toBe('BAD_INPUT');
    expect(badInput(() => parseAlertmanager({ ...alertmanagerV4(), groupKey: undefined }))).toBe('BAD_INPUT');
  });

  it('keeps at most MAX_ALERTS alerts, firing first, and counts the rest', () => {
    const body = alertmanagerV4({ instances: Array.from({ length: MAX_ALERTS + 5 }, (_, i) => `i${i}`) });
    body.alerts[MAX_ALERTS + 4]!.status = 'firing';
    for (let i = 0; i < 10; i++) body.alerts[i]!.status = 'resolved' as 'firing';
    body.truncatedAlerts = 3;
    const a = normaliseAlertmanager(parseAlertmanager(body), NOW);
    expect(a.alerts).toHaveLength(MAX_ALERTS);
    expect(a.truncated).toBe(5 + 3);
    expect(a.alerts.slice(0, MAX_ALERTS - 5).every((x) => x.status === 'firing')).toBe(true);
  });

  it('produces what the job schema accepts', () => {
    const a = normaliseAlertmanager(parseAlertmanager(alertmanagerV4()), NOW);
    const job = {
      eventId: 'e1',
      source: a.source,
      groupKey: a.groupKey,
      status: a.status,
      title: a.title,
      service: 'orders',
      chats: [{ platform: 'telegram', chatId: '-100' }],
      lookbackMinutes: 30,
      receivedAtMs: NOW,
      commonLabels: a.commonLabels,
      alerts: a.alerts,
      truncated: a.truncated,
    };
    expect(alertReportJobSchema.safeParse(job).success).toBe(true);
  });
});

describe('parseTime', () => {
  it('reads RFC 3339 and treats the zero time and garbage as absent', () => {
    expect(parseTime('2026-11-20T11:40:00+03:00')).toBe(Date.parse('2026-11-20T08:40:00Z'));
    expect(parseTime('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseTime('soon')).toBeNull();
    expect(parseTime(undefined)).toBeNull();
  });
});
