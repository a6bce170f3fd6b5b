/**
 * Outbound throttle for the Bot API's published limits: about one message a second per
 * private chat, twenty a minute per group, thirty a second overall. Each limit is a GCRA
 * (a token bucket kept as one timestamp): a short burst passes at once, a longer one is
 * spaced out. Slots are reserved synchronously, so concurrent senders never race.
 */
import { type Clock, systemClock } from '../../core/clock.js';

/** A rate: `count` messages per `perMs`, with bursts of up to `burst` at once. */
export interface Rate {
  count: number;
  perMs: number;
  burst: number;
}

/** Limits of the throttle; the defaults follow Telegram's FAQ. */
export interface ThrottleLimits {
  /** New messages to one private chat. */
  privateChat: Rate;
  /** New messages to one group, supergroup or channel. */
  group: Rate;
  /**
   * Edits of one chat's messages. Telegram documents no edit limit; edits are kept apart
   * from new messages so a report's progress edits do not delay its album and summary,
   * but still bounded so a burst of edits cannot earn the chat a 429.
   */
  edit: Rate;
  /** Everything the bot sends, all chats together. */
  global: Rate;
}

export const DEFAULT_LIMITS: ThrottleLimits = {
  privateChat: { count: 1, perMs: 1_000, burst: 3 },
  group: { count: 20, perMs: 60_000, burst: 10 },
  edit: { count: 1, perMs: 1_000, burst: 5 },
  global: { count: 30, perMs: 1_000, burst: 30 },
};

/** What a call does to a chat: posts a new message, or edits one. */
export type ThrottleKind = 'send' | 'edit';

/** Options of `createThrottle`. */
export interface ThrottleOptions {
  limits?: Partial<ThrottleLimits>;
  clock?: Clock;
  /** Waits `ms` (tests pass one that advances a fake clock). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A per-chat and global throttle. */
export interface Throttle {
  /** Resolves when one message to `chatId` may be sent (or edited); returns the time waited in ms. */
  acquire(chatId: string | number, signal?: AbortSignal, kind?: ThrottleKind): Promise<number>;
}

/** Telegram private chats have positive ids; groups and channels negative ones. */
export function isPrivateChat(chatId: string | number): boolean {
  return !String(chatId).startsWith('-');
}

/** Waits `ms`, rejecting early when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One GCRA cell: `tat` is the theoretical arrival time of the next message. `reserve(at)`
 * books the earliest slot not before `at` and returns its time.
 */
class Gcra {
  private tat = 0;
  private readonly interval: number;
  private readonly tolerance: number;
  constructor(rate: Rate) {
    this.interval = rate.perMs / rate.count;
    this.tolerance = this.interval * Math.max(0, rate.burst - 1);
  }
  reserve(at: number): number {
    const tat = Math.max(this.tat, at);
    const earliest = tat - this.tolerance;
    // Sub-microsecond differences are float noise from summing intervals, not a real wait.
    const slot = earliest - at > 1e-3 ? earliest : at;
    this.tat = Math.max(this.tat, slot) + this.interval;
    return slot;
  }
  /** True when the cell holds no booking after `now` (it may be forgotten). */
  idle(now: number): boolean {
    return this.tat <= now;
  }
}

/** Creates a throttle; state lives in the returned object (one per gateway, no singletons). */
export function createThrottle(opts: ThrottleOptions = {}): Throttle {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const clock = opts.clock ?? systemClock;
  const sleep = opts.sleep ?? abortableSleep;
  const global = new Gcra(limits.global);
  const chats = new Map<string, Gcra>();
  let sinceSweep = 0;

  const cellFor = (chatId: string, kind: ThrottleKind): Gcra => {
    const key = `${kind}:${chatId}`;
    let cell = chats.get(key);
    if (!cell) {
      cell = new Gcra(
        kind === 'edit' ? limits.edit : isPrivateChat(chatId) ? limits.privateChat : limits.group,
      );
      chats.set(key, cell);
    }
    return cell;
  };

  return {
    async acquire(chatId, signal, kind = 'send') {
      const now = clock.now();
      // Forget idle chats now and then, so a long-running bot does not grow without bound.
      if (++sinceSweep >= 1_000) {
        sinceSweep = 0;
        for (const [id, cell] of chats) if (cell.idle(now)) chats.delete(id);
      }
      const chatSlot = cellFor(String(chatId), kind).reserve(now);
      const slot = global.reserve(chatSlot);
      const wait = slot - now;
      if (wait > 0) await sleep(wait, signal);
      return Math.max(0, wait);
    },
  };
}
