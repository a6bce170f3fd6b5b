import type { webApi } from '@slack/bolt';
import type { ChatAddress } from '../../chat/chat.types.js';

/*
 * Reading back what the bot already posted, so a retried delivery posts only what is
 * missing (issue 16). Slack has no idempotency key, but a message can carry `metadata` and a
 * file its name: both carry the delivery key, and `conversations.history` (or `.replies`
 * inside a thread) finds them.
 */

/** Metadata event type of LoadLens deliveries. */
export const DELIVERY_EVENT = 'loadlens_delivery';
/** How many recent messages a look-up reads: an interrupted post is among the latest. */
const LOOKBACK = 200;

/** The `metadata` of part `part` of a keyed post. */
export function deliveryMetadata(key: string, part: number) {
  return { event_type: DELIVERY_EVENT, event_payload: { key, part } };
}

/** The file name of a keyed upload: the key between the name and `.png`. */
export function keyedName(name: string, key: string): string {
  return name.replace(/(\.[a-z0-9]+)$/i, `.${key}$1`);
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: unknown; part?: unknown } };
  files?: Array<{ name?: string }>;
}

async function recent(client: webApi.WebClient, to: ChatAddress): Promise<HistoryMessage[]> {
  const res = to.threadId
    ? await client.conversations.replies({
        channel: to.chatId,
        ts: to.threadId,
        limit: LOOKBACK,
        include_all_metadata: true,
      })
    : await client.conversations.history({ channel: to.chatId, limit: LOOKBACK, include_all_metadata: true });
  return (res.messages ?? []) as HistoryMessage[];
}

/** Parts of the keyed post already in the chat: part index → message ts. */
export async function postedParts(
  client: webApi.WebClient,
  to: ChatAddress,
  key: string,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const m of await recent(client, to)) {
    const p = m.metadata?.event_type === DELIVERY_EVENT ? m.metadata.event_payload : undefined;
    if (p?.key === key && typeof p.part === 'number' && m.ts) out.set(p.part, m.ts);
  }
  return out;
}

/** Keyed files already shared in the chat: file name → message ts. */
export async function postedFiles(
  client: webApi.WebClient,
  to: ChatAddress,
  key: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const m of await recent(client, to)) {
    for (const f of m.files ?? []) {
      if (f.name?.includes(`.${key}.`) && m.ts) out.set(f.name, m.ts);
    }
  }
  return out;
}
