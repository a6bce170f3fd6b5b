import { z } from 'zod';
import type { Db } from './db.js';
import { jsonParam } from './rows.js';
import { loadQueries } from './sql-files.js';

/** SLOs a chat set for one service with `/slo`. */
export interface ChatSlos {
  /** `telegram:<id>` or `slack:<id>` (see `chatKey`). */
  chatKey: string;
  service: string;
  /** SLO expressions as typed, each valid under the SLO grammar (`parseSlo`). */
  slos: string[];
  setBy: string;
  setAt: Date;
}

/** Per-chat SLOs by service: `/slo` writes them, the chat's `/report` reads them. */
export interface ChatSloStore {
  get(chatKey: string, service: string): Promise<ChatSlos | null>;
  /** Every service's SLOs of a chat, by service name. */
  list(chatKey: string): Promise<ChatSlos[]>;
  /** Replaces the chat's SLOs of a service. */
  set(chatKey: string, service: string, slos: string[], setBy: string): Promise<ChatSlos>;
  /** Removes them; false when there were none. */
  clear(chatKey: string, service: string): Promise<boolean>;
}

interface Row {
  chat_key: string;
  service: string;
  slos: unknown;
  set_by: string;
  set_at: Date;
}

// jsonb comes back parsed; a row edited by hand must not put a non-list into a report request.
const slosSchema = z.array(z.string());

const toSlos = (r: Row): ChatSlos => ({
  chatKey: r.chat_key,
  service: r.service,
  slos: slosSchema.catch([]).parse(r.slos),
  setBy: r.set_by,
  setAt: r.set_at,
});

/** SQL implementation of the per-chat SLO store (table from migration 005). */
export function createChatSlosRepo(db: Db): ChatSloStore {
  const q = loadQueries('chat-slos', ['get_slos', 'list_slos', 'upsert_slos', 'delete_slos'] as const);
  return {
    async get(chatKey, service) {
      const [row] = await db.query<Row>(q.get_slos, [chatKey, service]);
      return row ? toSlos(row) : null;
    },
    async list(chatKey) {
      return (await db.query<Row>(q.list_slos, [chatKey])).map(toSlos);
    },
    async set(chatKey, service, slos, setBy) {
      const [row] = await db.query<Row>(q.upsert_slos, [chatKey, service, jsonParam(slos), setBy]);
      return toSlos(row!);
    },
    async clear(chatKey, service) {
      return (await db.query(q.delete_slos, [chatKey, service])).length > 0;
    },
  };
}
