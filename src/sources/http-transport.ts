import { LoadLensError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { createLimiter, type Limiter } from './limiter.js';
import { parseRetryAfter } from './retry-after.js';

/** Options shared by every HTTP metric source. */
export interface TransportOptions {
  /** Backend name used in messages: `Prometheus`, `Grafana`, `InfluxDB`. */
  system: string;
  /** Base URL; credentials in it (`https://user:pass@host`) become a Basic header. */
  url: string;
  fetch?: typeof fetch;
  /** Per-attempt timeout, including reading the body (default 30 s). */
  timeoutMs?: number;
  /** Extra attempts after a retryable failure (default 2). */
  retries?: number;
  /** Calls in flight at once (default 8); ignored when `limiter` is given. */
  concurrency?: number;
  limiter?: Limiter;
  headers?: Record<string, string>;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Wall clock in epoch ms, for `Retry-After` dates (default `Date.now`). */
  now?: () => number;
  /** Longest `Retry-After` wait honoured before the next attempt (default 30 s). */
  maxRetryAfterMs?: number;
}

/**
 * The options every HTTP metric source takes (Prometheus, Grafana, InfluxDB 1.x/2.x):
 * the transport's knobs plus the per-series point cap.
 */
export interface HttpSourceOptions extends Omit<TransportOptions, 'system' | 'limiter'> {
  /** Max points per series; the step (or `$interval`) is coarsened beyond it (default 11 000). */
  maxPoints?: number;
}

/** A response with its body already read. */
export interface TextResponse {
  status: number;
  statusText: string;
  contentType: string;
  text: string;
}

/** One logical call; `read` turns the response into a value or throws a classified error. */
export interface HttpCall<T> {
  method: 'GET' | 'POST';
  /** Appended to the base URL's path. */
  path: string;
  params?: Array<[string, string]>;
  /** Sent form-encoded. */
  form?: Array<[string, string]>;
  /** Raw body (with `headers['Content-Type']`). */
  body?: string;
  headers?: Record<string, string>;
  /** What is being asked, for messages: `query "rps"`, `label values of __name__`. */
  what: string;
  /** Per-attempt timeout of this call (default: the transport's `timeoutMs`). */
  timeoutMs?: number;
  /**
   * Whether a timeout is retried as is (default true). False when the caller answers a
   * timeout by asking for less (a shorter range, a coarser step) instead of the same again.
   */
  retryTimeouts?: boolean;
  read(res: TextResponse): T;
}

export interface Transport {
  readonly system: string;
  /** `host:port` of the base URL, safe to show (no credentials). */
  readonly host: string;
  /** The per-attempt timeout calls get unless they set their own. */
  readonly timeoutMs: number;
  request<T>(call: HttpCall<T>): Promise<T>;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4_000;
const RETRY_AFTER_CAP_MS = 30_000;
/** Statuses whose `Retry-After` says when the server will take the call again. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Maps an HTTP failure to the error family: 5xx and 429 are retryable (SOURCE_UNREACHABLE,
 * or SOURCE_TIMEOUT when the backend says it timed out), 401/403 are credential problems,
 * any other 4xx is a problem with the query itself.
 */
export function statusError(
  t: Pick<Transport, 'system' | 'host'>,
  what: string,
  status: number,
  detail: string,
  opts: { timeout?: boolean } = {},
): LoadLensError {
  const details = { status, host: t.host, system: t.system };
  if (opts.timeout) {
    return new LoadLensError('SOURCE_TIMEOUT', `${t.system} at ${t.host} timed out on ${what}: ${detail}`, {
      details,
      retryable: true,
    });
  }
  if (status >= 500 || status === 429) {
    return new LoadLensError(
      'SOURCE_UNREACHABLE',
      `${t.system} at ${t.host} answered ${status} for ${what}: ${detail}`,
      { details, retryable: true },
    );
  }
  if (status === 401) {
    return new LoadLensError('UNAUTHORIZED', `${t.system} at ${t.host} rejected the credentials (401)`, {
      details,
    });
  }
  if (status === 403) {
    return new LoadLensError('FORBIDDEN', `${t.system} at ${t.host} refused ${what} (403): ${detail}`, {
      details,
    });
  }
  return new LoadLensError('SOURCE_QUERY_ERROR', `${what} failed: ${detail}`, { details, retryable: false });
}

/** A short, single-line excerpt of a body for messages. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max) + '…' : flat;
}

/** Splits credentials out of a URL: fetch refuses URLs carrying them, and logs must never see them. */
function splitUrl(raw: string): { base: URL; auth?: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new LoadLensError('CONFIG_INVALID', `not a URL: ${excerpt(raw.replace(/\/\/[^@/]*@/, '//'), 80)}`, {
      cause,
    });
  }
  let auth: string | undefined;
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    auth = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
    url.username = '';
    url.password = '';
  }
  url.hash = '';
  return auth ? { base: url, auth } : { base: url };
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * HTTP plumbing shared by all sources: base URL, auth headers, per-attempt timeout via
 * AbortSignal, a concurrency limit shared by every call of the source, and retries with
 * exponential backoff and jitter for retryable failures.
 */
export function createTransport(opts: TransportOptions): Transport {
  const { base, auth } = splitUrl(opts.url);
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const retries = Math.max(0, opts.retries ?? 2);
  const limiter = opts.limiter ?? createLimiter(opts.concurrency ?? 8);
  const logger = opts.logger ?? silentLogger;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  const retryAfterCap = opts.maxRetryAfterMs ?? RETRY_AFTER_CAP_MS;
  // `new URL` keeps at least "/" as the path; calls append their own leading slash.
  const basePath = base.pathname.replace(/\/+$/, '');
  const t = { system: opts.system, host: base.host };
  const baseHeaders: Record<string, string> = {
    'User-Agent': 'loadlens',
    ...(auth ? { Authorization: auth } : {}),
    ...opts.headers,
  };

  const once = async <T>(call: HttpCall<T>): Promise<T> => {
    const url = new URL(base.href);
    url.pathname = basePath + call.path;
    for (const [k, v] of call.params ?? []) url.searchParams.append(k, v);
    const headers: Record<string, string> = { ...baseHeaders, ...call.headers };
    let body: string | undefined = call.body;
    if (call.form) {
      body = new URLSearchParams(call.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const limitMs = call.timeoutMs ?? timeoutMs;
    const signal = AbortSignal.timeout(limitMs);
    const started = Date.now();
    let res: TextResponse;
    let retryAfter: string | null = null;
    try {
      const r = await doFetch(url, { method: call.method, headers, body, signal, redirect: 'follow' });
      if (RETRY_AFTER_STATUSES.has(r.status)) retryAfter = r.headers.get('retry-after');
      res = {
        status: r.status,
        statusText: r.statusText,
        contentType: r.headers.get('content-type') ?? '',
        text: await r.text(),
      };
    } catch (err) {
      if (signal.aborted) {
        throw new LoadLensError(
          'SOURCE_TIMEOUT',
          `${t.system} at ${t.host} did not answer ${call.what} within ${limitMs} ms`,
          {
            cause: err,
            details: { host: t.host, system: t.system, timeoutMs: limitMs },
            retryable: true,
          },
        );
      }
      throw new LoadLensError(
        'SOURCE_UNREACHABLE',
        `${t.system} at ${t.host} unreachable: ${networkReason(err)}`,
        {
          cause: err,
          details: { host: t.host, system: t.system },
          retryable: true,
        },
      );
    }
    logger.debug('source response', {
      system: t.system,
      host: t.host,
      what: call.what,
      status: res.status,
      ms: Date.now() - started,
    });
    try {
      return call.read(res);
    } catch (err) {
      if (err instanceof LoadLensError) {
        const waitMs = parseRetryAfter(retryAfter, now());
        // The error family's details are a plain record: the retry loop reads the wait here.
        if (waitMs !== null && err.retryable) err.details.retryAfterMs = waitMs;
        throw err;
      }
      throw new LoadLensError(
        'SOURCE_BAD_RESPONSE',
        `${t.system} at ${t.host} sent an unexpected answer to ${call.what}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err, details: { host: t.host, system: t.system, status: res.status }, retryable: false },
      );
    }
  };

  return {
    ...t,
    timeoutMs,
    async request<T>(call: HttpCall<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await limiter.run(() => once(call));
        } catch (err) {
          if (!(err instanceof LoadLensError)) throw err;
          // How many times this call was sent, for messages such as "timed out after 3 tries".
          err.details.tries = attempt + 1;
          // A timeout repeated as is costs the backend the same again; callers that can ask
          // for less (time shards, coarser steps) turn this off and do that instead.
          const sameCost = err.code === 'SOURCE_TIMEOUT' && call.retryTimeouts === false;
          if (!err.retryable || sameCost || attempt >= retries) throw err;
          const cap = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
          const asked = err.details.retryAfterMs;
          const delay =
            typeof asked === 'number'
              ? Math.min(retryAfterCap, asked)
              : Math.round(cap / 2 + (random() * cap) / 2);
          logger.warn('source call failed, retrying', {
            system: t.system,
            host: t.host,
            what: call.what,
            attempt: attempt + 1,
            delayMs: delay,
            error: err.message,
          });
          await sleep(delay);
        }
      }
    },
  };
}
