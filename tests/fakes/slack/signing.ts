import { createHmac, randomBytes } from 'node:crypto';
import type { FakeSlackMessage } from '../slack-api.js';

/** A ready-to-send request as Slack would send it to /slack/events. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Fields of a slash command request (all strings, as Slack sends them). */
export interface SlashFields {
  command: string;
  text?: string;
  channel_id?: string;
  channel_name?: string;
  user_id?: string;
  user_name?: string;
  team_id?: string;
  trigger_id?: string;
  thread_ts?: string;
  [extra: string]: string | undefined;
}

/** Options of the signers: a timestamp in seconds (default now) lets tests send stale requests. */
export interface SignOptions {
  timestampSec?: number;
  /** Signs with this body but sends `tamperedBody` (a forged request). */
  tamperedBody?: string;
}

/** Slack's v0 signature: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

function signed(secret: string, body: string, contentType: string, o: SignOptions): SignedRequest {
  const ts = o.timestampSec ?? Math.floor(Date.now() / 1000);
  return {
    body: o.tamperedBody ?? body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': slackSignature(secret, ts, body),
    },
  };
}

/** A trigger id like Slack's, unique per call. */
export const triggerId = () =>
  `${Date.now()}.${randomBytes(6).readUIntBE(0, 6)}.${randomBytes(8).toString('hex')}`;

/** A correctly signed `application/x-www-form-urlencoded` slash command. */
export function signedSlashCommand(secret: string, fields: SlashFields, o: SignOptions = {}): SignedRequest {
  const all: Record<string, string> = {
    token: 'verification-token-unused',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: 'U0ALICE',
    user_name: 'alice',
    text: '',
    api_app_id: 'A0LOADLENS',
    is_enterprise_install: 'false',
    response_url: 'https://hooks.invalid/commands/T0FAKE/1/x',
    trigger_id: triggerId(),
  };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) all[k] = v;
  return signed(secret, new URLSearchParams(all).toString(), 'application/x-www-form-urlencoded', o);
}

/** A press of one button of a posted message, as a signed `block_actions` interaction. */
export function signedBlockAction(
  secret: string,
  press: {
    actionId: string;
    value?: string;
    message: Pick<FakeSlackMessage, 'channel' | 'ts' | 'threadTs' | 'text'>;
    userId?: string;
    userName?: string;
    triggerId?: string;
  },
  o: SignOptions = {},
): SignedRequest {
  const { message } = press;
  const payload = {
    type: 'block_actions',
    user: {
      id: press.userId ?? 'U0ALICE',
      username: press.userName ?? 'alice',
      name: press.userName ?? 'alice',
      team_id: 'T0FAKE',
    },
    api_app_id: 'A0LOADLENS',
    token: 'verification-token-unused',
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: false,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    trigger_id: press.triggerId ?? triggerId(),
    team: { id: 'T0FAKE', domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: 'general' },
    message: {
      type: 'message',
      user: 'U0LOADLENS',
      ts: message.ts,
      text: message.text,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
    },
    response_url: 'https://hooks.invalid/actions/T0FAKE/1/x',
    actions: [
      {
        type: 'button',
        action_id: press.actionId,
        block_id: 'b1',
        text: { type: 'plain_text', text: 'button', emoji: true },
        ...(press.value !== undefined ? { value: press.value } : {}),
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signed(secret, body, 'application/x-www-form-urlencoded', o);
}

/** POSTs a signed request to the app's events URL. */
export async function postToSlackApp(eventsUrl: string, r: SignedRequest): Promise<Response> {
  return fetch(eventsUrl, { method: 'POST', headers: r.headers, body: r.body });
}

/** The buttons of a posted message (current content), by action id. */
export function buttonsOf(
  message: FakeSlackMessage,
): Array<{ actionId: string; value?: string; url?: string; text: string }> {
  const blocks = message.updates.at(-1)?.blocks ?? message.blocks;
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements as Array<Record<string, unknown>>) ?? [])
    .map((e) => ({
      actionId: String(e.action_id),
      ...(e.value !== undefined ? { value: String(e.value) } : {}),
      ...(e.url !== undefined ? { url: String(e.url) } : {}),
      text: String((e.text as { text?: string } | undefined)?.text ?? ''),
    }));
}

/** Plain text of a posted message's current content (blocks, with mrkdwn entities undone). */
export function textOf(message: FakeSlackMessage): string {
  const last = message.updates.at(-1);
  const blocks = last?.blocks ?? message.blocks;
  const parts: string[] = [];
  for (const b of blocks) {
    const t = (b.text as { text?: string } | undefined)?.text;
    if (t) parts.push(t);
    for (const f of (b.fields as Array<{ text?: string }> | undefined) ?? []) if (f.text) parts.push(f.text);
  }
  const text = parts.length > 0 ? parts.join('\n') : (last?.text ?? message.text);
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
