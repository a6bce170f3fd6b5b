/**
 * Runs update handlers one at a time per chat and concurrently across chats. grammY's
 * polling loop awaits each update before the next, so twenty chats sending /report at once
 * would queue behind each other; lanes let the loop move on while keeping `/lang ru` then
 * `/report` in one chat in order.
 */
import type { Logger } from '../../core/logger.js';

/** Per-key serial, cross-key concurrent task runner. */
export interface ChatLanes {
  /** Queues `task` behind earlier tasks of `key`; the promise settles when it has run (never rejects). */
  run(key: string, task: () => Promise<void>): Promise<void>;
  /** Tasks queued or running. */
  readonly size: number;
  /** Resolves when every task queued so far has finished, or after `timeoutMs`. */
  drain(timeoutMs?: number): Promise<boolean>;
}

export function createChatLanes(logger: Logger): ChatLanes {
  const tails = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  return {
    run(key, task) {
      const prev = tails.get(key) ?? Promise.resolve();
      const next = prev.then(task).catch((err: unknown) => {
        logger.error('telegram update handler failed', { err });
      });
      tails.set(key, next);
      inFlight.add(next);
      void next.then(() => {
        inFlight.delete(next);
        if (tails.get(key) === next) tails.delete(key);
      });
      return next;
    },
    get size() {
      return inFlight.size;
    },
    async drain(timeoutMs = 30_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const all = Promise.all([...inFlight]).then(() => true as const);
      const done = await Promise.race([all, timeout]);
      clearTimeout(timer);
      return done;
    },
  };
}
