import { Redis } from 'ioredis';
import { LoadLensError } from '../../core/errors.js';
import { type Logger, redact } from '../../core/logger.js';

/** `host:port` of a Redis URL, for messages: never the user name or password. */
export function redisTarget(redisUrl: string): string {
  let url: URL;
  try {
    url = new URL(redisUrl);
  } catch (err) {
    throw new LoadLensError('CONFIG_INVALID', 'REDIS_URL: not a valid URL (expected redis://host:port)', {
      cause: err instanceof Error ? new Error(redact(err.message) as string) : undefined,
    });
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new LoadLensError('CONFIG_INVALID', `REDIS_URL: must start with redis:// or rediss://`);
  }
  return `${url.hostname || '127.0.0.1'}:${url.port || '6379'}`;
}

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return String(redact(text)).slice(0, 200);
}

/**
 * Checks once, without retries, that Redis answers PING within `timeoutMs`; otherwise fails
 * with CONFIG_UNREACHABLE naming host:port only. Without this check ioredis would retry forever
 * and a misconfigured bot would hang at startup instead of saying what is wrong.
 */
export async function checkRedisReachable(redisUrl: string, timeoutMs: number): Promise<void> {
  const target = redisTarget(redisUrl);
  const probe = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Errors surface through the awaited promise; an unhandled 'error' event would crash the process.
  probe.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe.connect().then(() => probe.ping()), timeout]);
  } catch (err) {
    throw new LoadLensError(
      'CONFIG_UNREACHABLE',
      `REDIS_URL: cannot connect to ${target} (${errorText(err)})`,
      {
        cause: new Error(errorText(err)),
        details: { target },
      },
    );
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
}

/**
 * The long-lived client handed to BullMQ. `maxRetriesPerRequest: null` is what BullMQ
 * workers require: commands wait for a reconnect (e.g. a Redis restart) instead of failing.
 * BullMQ duplicates it for its blocking connections.
 */
export function openRedis(redisUrl: string, logger: Logger): Redis {
  const target = redisTarget(redisUrl);
  const client = new Redis(redisUrl, {
    maxRetriesPerRequest: null,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  });
  // ioredis reports every failed reconnect; one line per outage is enough.
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    logger.warn('redis connection lost, reconnecting', { target, error: errorText(err) });
  });
  client.on('ready', () => {
    if (down) logger.info('redis connection restored', { target });
    down = false;
  });
  return client;
}
