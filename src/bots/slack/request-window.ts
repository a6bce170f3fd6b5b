import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { REPLAY_WINDOW_MS } from '../../hooks/auth.js';

/** Why a Slack request's timestamp was refused (logged only). */
export type SlackWindowFailure = 'malformed' | 'outside_window';

/**
 * Checks `X-Slack-Request-Timestamp` against the 5-minute window *both ways* (issue 16).
 * Bolt's own verification refuses only requests older than 5 minutes; a captured request
 * dated in the future would replay for as long as its date lies ahead. Returns null when
 * the timestamp is acceptable or absent (Bolt then refuses an unsigned request itself,
 * except its unsigned `ssl_check`), else why not.
 */
export function checkSlackTimestamp(headers: IncomingHttpHeaders, nowMs: number): SlackWindowFailure | null {
  const raw = headers['x-slack-request-timestamp'];
  if (raw === undefined) return null;
  // Node joins a repeated header with ", ": that is malformed here too.
  if (typeof raw !== 'string' || !/^\d{1,12}$/.test(raw.trim())) return 'malformed';
  return Math.abs(nowMs - Number(raw.trim()) * 1000) > REPLAY_WINDOW_MS ? 'outside_window' : null;
}

/**
 * The replay key of a slash command or interaction: its `trigger_id` (Slack makes one per
 * invocation, and it is inside the signed body, so the same body has the same one), else
 * a hash of the whole payload. Hashed, so the stored key is short whatever was sent.
 */
export function replayKey(payload: { trigger_id?: unknown; team_id?: unknown }): string {
  const trigger = typeof payload.trigger_id === 'string' && payload.trigger_id ? payload.trigger_id : null;
  const basis = trigger
    ? `trigger:${trigger}`
    : `body:${JSON.stringify(payload, Object.keys(payload).sort())}`;
  return `slack:${createHash('sha256').update(basis).digest('hex')}`;
}
