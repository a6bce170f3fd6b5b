import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { LoadLensError } from '../core/errors.js';

/*
 * Who may post alerts. Bearer token and basic auth are checked from the headers alone,
 * before the body is read; Grafana's HMAC needs the body. Every comparison is constant
 * time, and a refusal happens before anything is parsed, stored or queued.
 */

/** Credentials of the webhook endpoints (WEBHOOK_TOKEN, WEBHOOK_BASIC_USER/PASSWORD). */
export interface WebhookCredentials {
  token?: string;
  basicUser?: string;
  basicPassword?: string;
}

/** Grafana HMAC settings (GRAFANA_WEBHOOK_SECRET, GRAFANA_WEBHOOK_TIMESTAMP_HEADER). */
export interface GrafanaSignatureConfig {
  secret: string;
  /** Header holding the timestamp in seconds. */
  timestampHeader: string;
  /** Accepted clock difference either way (default 5 minutes). */
  maxSkewMs?: number;
}

/** Both header names Grafana has used for the signature. */
export const SIGNATURE_HEADERS = ['x-grafana-alerting-signature', 'x-grafana-alert-signature'] as const;
export const REPLAY_WINDOW_MS = 5 * 60_000;

/** Why a request was refused; logged, never sent back in detail. */
export type AuthFailure = 'not_configured' | 'missing' | 'wrong' | 'unsigned' | 'stale' | 'forged';

// A per-process key: comparing HMACs of both sides hides the length of the secret too.
const compareKey = randomBytes(32);

/** Constant-time string equality (also for strings of different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHmac('sha256', compareKey).update(a).digest();
  const hb = createHmac('sha256', compareKey).update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** True when bearer or basic credentials are configured. */
export function hasCredentials(c: WebhookCredentials): boolean {
  return Boolean(c.token) || Boolean(c.basicUser && c.basicPassword);
}

const header = (h: IncomingHttpHeaders, name: string): string | undefined => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Checks `Authorization: Bearer <WEBHOOK_TOKEN>` or `Basic <user:password>`. Returns null
 * when accepted, else why not.
 */
export function checkCredentials(headers: IncomingHttpHeaders, c: WebhookCredentials): AuthFailure | null {
  if (!hasCredentials(c)) return 'not_configured';
  const auth = header(headers, 'authorization');
  if (!auth) return 'missing';
  const space = auth.indexOf(' ');
  const scheme = (space < 0 ? auth : auth.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : auth.slice(space + 1).trim();
  if (scheme === 'bearer' && c.token) return safeEqual(value, c.token) ? null : 'wrong';
  if (scheme === 'basic' && c.basicUser && c.basicPassword) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'wrong';
    // Both halves are compared whatever the first gives, so timing says nothing about the user.
    const userOk = safeEqual(decoded.slice(0, colon), c.basicUser);
    const passOk = safeEqual(decoded.slice(colon + 1), c.basicPassword);
    return userOk && passOk ? null : 'wrong';
  }
  return 'wrong';
}

/** Hex HMAC-SHA256 of `timestamp:body`, as Grafana signs. */
export function grafanaSignature(secret: string, timestamp: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}:`).update(body).digest('hex');
}

/**
 * Verifies Grafana's HMAC: the signature (either header name) must be the hex HMAC-SHA256
 * of `timestamp + ":" + body`, and the timestamp (seconds) within the replay window of now.
 */
export function checkGrafanaSignature(
  headers: IncomingHttpHeaders,
  body: Buffer,
  cfg: GrafanaSignatureConfig,
  nowMs: number,
): AuthFailure | null {
  const given = SIGNATURE_HEADERS.map((n) => header(headers, n)).find((v) => v !== undefined && v !== '');
  const timestamp = header(headers, cfg.timestampHeader)?.trim();
  if (!given || !timestamp) return 'unsigned';
  if (!/^\d{1,12}$/.test(timestamp)) return 'stale';
  const skew = Math.abs(nowMs - Number(timestamp) * 1000);
  if (skew > (cfg.maxSkewMs ?? REPLAY_WINDOW_MS)) return 'stale';
  const expected = grafanaSignature(cfg.secret, timestamp, body);
  const sig = given
    .trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  return safeEqual(sig, expected) ? null : 'forged';
}

/** The 401 for a refused request; the reason goes to the log only. */
export function unauthorized(reason: AuthFailure): LoadLensError {
  const message =
    reason === 'not_configured'
      ? 'webhook authentication is not configured (set WEBHOOK_TOKEN, WEBHOOK_BASIC_USER/PASSWORD or GRAFANA_WEBHOOK_SECRET)'
      : 'authentication required';
  return new LoadLensError('UNAUTHORIZED', message, { details: { reason } });
}
