/** Options of the per-channel throttle. */
export interface ThrottleOptions {
  /** Messages that may go out back to back before pacing starts. */
  burst?: number;
  /** Sustained spacing between messages of one channel. */
  intervalMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Waits for a channel's turn to post. */
export type ChannelThrottle = (channel: string) => Promise<void>;

const MAX_TRACKED = 1000;

/**
 * A token bucket per channel. Slack allows about one message per second per channel with
 * short bursts; pacing here keeps a long report (album, summary parts) from running into
 * 429s in the first place. Callers of one channel are served in order.
 */
export function createChannelThrottle(opts: ThrottleOptions = {}): ChannelThrottle {
  const burst = opts.burst ?? 4;
  const interval = opts.intervalMs ?? 1000;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const buckets = new Map<string, { tokens: number; at: number; tail: Promise<void> }>();

  const take = async (b: { tokens: number; at: number }) => {
    for (;;) {
      const t = now();
      b.tokens = Math.min(burst, b.tokens + (t - b.at) / interval);
      b.at = t;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return;
      }
      await sleep(Math.ceil((1 - b.tokens) * interval));
    }
  };

  return (channel) => {
    let b = buckets.get(channel);
    if (!b) {
      if (buckets.size >= MAX_TRACKED) prune(buckets, now(), burst, interval);
      b = { tokens: burst, at: now(), tail: Promise.resolve() };
      buckets.set(channel, b);
    }
    const bucket = b;
    const turn = bucket.tail.then(() => take(bucket));
    bucket.tail = turn.catch(() => undefined);
    return turn;
  };
}

/** Forgets channels whose bucket has refilled: they behave exactly like new ones. */
function prune(
  buckets: Map<string, { tokens: number; at: number }>,
  t: number,
  burst: number,
  interval: number,
): void {
  for (const [key, b] of buckets) {
    if (b.tokens + (t - b.at) / interval >= burst) buckets.delete(key);
  }
}
