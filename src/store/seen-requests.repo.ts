import type { Db } from './db.js';
import { loadQueries } from './sql-files.js';

/** How long a claimed key is remembered: well past the 5-minute replay window of signed requests. */
export const SEEN_REQUEST_TTL_MS = 60 * 60_000;
/** Trim at most this often (one indexed DELETE; claims in between only insert). */
const TRIM_EVERY_MS = 5 * 60_000;

/** Keys of chat requests already taken, so a replay is dropped before anything is posted. */
export interface SeenRequestStore {
  /**
   * Claims `key` atomically: true for the first caller, false for every later one (a
   * replay), also when both arrive at the same instant in different processes.
   */
  claim(key: string): Promise<boolean>;
}

/** The replay guard over the `seen_requests` table; `now` dates claims (injected clock). */
export function createSeenRequestsRepo(db: Db, now: () => number): SeenRequestStore {
  const q = loadQueries('seen-requests', ['claim_request', 'trim_requests'] as const);
  let trimmedAt = 0;
  return {
    async claim(key) {
      const at = now();
      if (at - trimmedAt >= TRIM_EVERY_MS) {
        trimmedAt = at;
        await db.query(q.trim_requests, [new Date(at - SEEN_REQUEST_TTL_MS)]);
      }
      const rows = await db.query(q.claim_request, [key, new Date(at)]);
      return rows.length === 1;
    },
  };
}
