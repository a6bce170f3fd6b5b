import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { LoadLensError } from '../core/errors.js';
import type { AlertItem } from '../pipeline/jobs/payloads.js';
import { type AlertmanagerWebhook, alertmanagerWebhookSchema } from './alertmanager.schema.js';
import {
  type GrafanaAlert,
  type GrafanaLegacy,
  type GrafanaPayload,
  type GrafanaUnified,
  grafanaLegacySchema,
  grafanaUnifiedSchema,
} from './grafana.schema.js';

export type { AlertItem };

/** Alerts kept per notification; the rest are counted in `truncated` (job payloads stay small). */
export const MAX_ALERTS = 50;

/** One notification from either sender, in one model. */
export interface IncomingAlert {
  source: 'grafana' | 'alertmanager';
  /** The sender's group key; otherwise derived from the alerts' fingerprints. */
  groupKey: string;
  status: 'firing' | 'resolved';
  /** What the chat calls it: `alertname`, Grafana's rule name or title. */
  title: string;
  commonLabels: Record<string, string>;
  alerts: AlertItem[];
  truncated: number;
}

/** Turns a zod failure into a BAD_INPUT naming the first bad field. */
function badInput(what: string, error: z.ZodError): LoadLensError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return new LoadLensError('BAD_INPUT', `${what}: ${where}${issue?.message ?? 'invalid'}`, { cause: error });
}

/** Epoch ms of an RFC 3339 time; null for Go's zero time (`0001-01-01…`) or garbage. */
export function parseTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** A stable fingerprint of a label set, for senders that leave `fingerprint` out. */
export function labelFingerprint(labels: Record<string, string>): string {
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
  return sha(text).slice(0, 16);
}

/** Group key from fingerprints, for notifications without a group key. */
function fingerprintGroup(alerts: AlertItem[]): string {
  return `fp:${[...new Set(alerts.map((a) => a.fingerprint))].sort().join(',')}`;
}

const opt = (v: string | null | undefined) => (v ? v : undefined);

function cap(alerts: AlertItem[], senderTruncated: number | null | undefined) {
  // Firing alerts first: they are what the header must show when the list is cut.
  const sorted = [...alerts].sort((a, b) => (a.status === b.status ? 0 : a.status === 'firing' ? -1 : 1));
  return {
    alerts: sorted.slice(0, MAX_ALERTS),
    truncated: Math.max(0, sorted.length - MAX_ALERTS) + Math.max(0, senderTruncated ?? 0),
  };
}

function titleOf(common: Record<string, string>, alerts: AlertItem[], fallback: string): string {
  return common.alertname ?? alerts[0]?.labels.alertname ?? fallback;
}

/** Normalises Alertmanager's `version: "4"` body. */
export function normaliseAlertmanager(body: AlertmanagerWebhook, nowMs: number): IncomingAlert {
  const items: AlertItem[] = body.alerts.map((a) => ({
    status: a.status,
    labels: a.labels,
    annotations: a.annotations,
    startsAtMs: parseTime(a.startsAt) ?? nowMs,
    endsAtMs: parseTime(a.endsAt),
    fingerprint: a.fingerprint || labelFingerprint(a.labels),
    values: {},
    links: { generator: opt(a.generatorURL) },
  }));
  const { alerts, truncated } = cap(items, body.truncatedAlerts);
  return {
    source: 'alertmanager',
    groupKey: body.groupKey,
    status: body.status,
    title: titleOf(body.commonLabels, alerts, body.receiver ?? 'alert'),
    commonLabels: body.commonLabels,
    alerts,
    truncated,
  };
}

function grafanaItem(a: GrafanaAlert, nowMs: number): AlertItem {
  return {
    status: a.status,
    labels: a.labels,
    annotations: a.annotations,
    startsAtMs: parseTime(a.startsAt) ?? nowMs,
    endsAtMs: parseTime(a.endsAt),
    fingerprint: a.fingerprint || labelFingerprint(a.labels),
    values: a.values,
    links: {
      generator: opt(a.generatorURL),
      dashboard: opt(a.dashboardURL),
      panel: opt(a.panelURL),
      silence: opt(a.silenceURL),
    },
  };
}

/** Normalises Grafana unified alerting (`version: "1"`). */
export function normaliseGrafanaUnified(body: GrafanaUnified, nowMs: number): IncomingAlert {
  const { alerts, truncated } = cap(
    body.alerts.map((a) => grafanaItem(a, nowMs)),
    body.truncatedAlerts,
  );
  return {
    source: 'grafana',
    groupKey: body.groupKey || fingerprintGroup(alerts),
    status: body.status,
    title: titleOf(body.commonLabels, alerts, body.title ?? 'alert'),
    commonLabels: body.commonLabels,
    alerts,
    truncated,
  };
}

/** Legacy states that are not an alert firing or ending: accepted, then ignored. */
export const LEGACY_IGNORED_STATES = new Set(['pending', 'paused']);

/**
 * Normalises Grafana legacy alerting: one rule is one alert, its tags are the labels and
 * each eval match a value. Legacy bodies carry no start time, so "now" stands in.
 */
export function normaliseGrafanaLegacy(body: GrafanaLegacy, nowMs: number): IncomingAlert {
  const resolved = body.state === 'ok';
  const labels = { alertname: body.ruleName, ...body.tags };
  const values: Record<string, number | null> = {};
  for (const m of body.evalMatches.slice(0, MAX_ALERTS)) values[m.metric] = m.value;
  const rule = body.ruleId != null ? String(body.ruleId) : body.ruleName;
  const item: AlertItem = {
    status: resolved ? 'resolved' : 'firing',
    labels,
    annotations: body.message ? { summary: body.message } : {},
    startsAtMs: nowMs,
    endsAtMs: resolved ? nowMs : null,
    fingerprint: sha(`legacy:${rule}`).slice(0, 16),
    values,
    links: { generator: opt(body.ruleUrl) },
  };
  return {
    source: 'grafana',
    groupKey: `grafana-legacy:${rule}`,
    status: item.status,
    title: body.ruleName,
    commonLabels: labels,
    alerts: [item],
    truncated: 0,
  };
}

/** Tells the Grafana formats apart and validates the one it is. */
export function parseGrafana(json: unknown): GrafanaPayload {
  const obj = json !== null && typeof json === 'object' && !Array.isArray(json) ? json : {};
  if ('alerts' in obj || 'version' in obj) {
    const r = grafanaUnifiedSchema.safeParse(json);
    if (!r.success) throw badInput('Grafana alert', r.error);
    return { kind: 'unified', body: r.data };
  }
  if ('ruleName' in obj) {
    const r = grafanaLegacySchema.safeParse(json);
    if (!r.success) throw badInput('Grafana legacy alert', r.error);
    return { kind: 'legacy', body: r.data };
  }
  throw new LoadLensError(
    'BAD_INPUT',
    'not a Grafana alert: expected unified (version "1") or legacy (ruleName)',
  );
}

/** Validates an Alertmanager body. */
export function parseAlertmanager(json: unknown): AlertmanagerWebhook {
  const r = alertmanagerWebhookSchema.safeParse(json);
  if (!r.success) throw badInput('Alertmanager notification', r.error);
  return r.data;
}

/** Parses a JSON body; BAD_INPUT when it is not JSON. */
export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (cause) {
    throw new LoadLensError('BAD_INPUT', 'the body is not valid JSON', { cause });
  }
}
