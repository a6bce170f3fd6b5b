/** Options of the locale cache. */
export interface LocaleCacheOptions {
  /** Fetches a user's locale (e.g. `ru-RU`), or undefined when Slack does not say. */
  lookup: (userId: string) => Promise<string | undefined>;
  /** How long a known locale is reused (default 1 h). */
  ttlMs?: number;
  /** How long a failed lookup is not repeated (default 1 min). */
  failureTtlMs?: number;
  /** Bound of one lookup; a slow one must not delay the reply (default 2 s). */
  timeoutMs?: number;
  /** Users remembered at most; the oldest entry goes first (default 1000). */
  max?: number;
  now?: () => number;
}

/** Resolves a user's locale; never throws. */
export type LocaleOf = (userId: string) => Promise<string | undefined>;

interface Entry {
  value: Promise<string | undefined>;
  expires: number;
}

/**
 * Caches Slack users' locales (`users.info` with `include_locale`), because every command
 * needs one and the call is rate-limited. Failures and timeouts fall back to undefined
 * silently: the language then comes from the chat setting or LOCALE.
 */
export function createLocaleCache(opts: LocaleCacheOptions): LocaleOf {
  const ttl = opts.ttlMs ?? 3_600_000;
  const failureTtl = opts.failureTtlMs ?? 60_000;
  const timeoutMs = opts.timeoutMs ?? 2_000;
  const max = opts.max ?? 1000;
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();

  const fetchOne = async (userId: string, entry: Entry): Promise<string | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const got = await Promise.race([opts.lookup(userId), timeout]);
      if (got === 'timeout') throw new Error('timeout');
      if (got === undefined) entry.expires = now() + failureTtl;
      return got;
    } catch {
      entry.expires = now() + failureTtl;
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  return (userId) => {
    const t = now();
    const hit = entries.get(userId);
    if (hit && hit.expires > t) {
      // Re-insert so the Map's order stays least-recently-used first.
      entries.delete(userId);
      entries.set(userId, hit);
      return hit.value;
    }
    const entry: Entry = { value: Promise.resolve(undefined), expires: t + ttl };
    entry.value = fetchOne(userId, entry);
    entries.delete(userId);
    entries.set(userId, entry);
    while (entries.size > max) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    return entry.value;
  };
}
