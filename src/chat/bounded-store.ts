import { isConnectionError } from '../core/connection-errors.js';
import { LoadLensError } from '../core/errors.js';
import type { Store } from '../store/store.js';

/*
 * A chat command must answer within seconds even when the database hangs (a stopped server
 * behind a firewall, a pool whose connections all wait on a dead socket). Chat commands get
 * the store through this wrapper: every call races a timer and a late or unreachable answer
 * becomes STORE_UNAVAILABLE, which the command layer turns into "the database is unavailable".
 * Workers keep the plain store: a job may wait, and its retries outlast an outage.
 */

function unavailable(what: string, timeoutMs: number, cause?: unknown): LoadLensError {
  return new LoadLensError(
    'STORE_UNAVAILABLE',
    cause === undefined ? `store.${what} gave no answer within ${timeoutMs} ms` : `store.${what} failed`,
    { cause, retryable: true, details: { reason: cause === undefined ? 'timeout' : 'connection' } },
  );
}

function bound<T>(p: Promise<T>, what: string, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(unavailable(what, timeoutMs)), timeoutMs);
  });
  const answer = p.catch((err: unknown) => {
    // A driver error that slipped past the store's own wrapping is still an outage.
    if (!(err instanceof LoadLensError) && isConnectionError(err)) throw unavailable(what, timeoutMs, err);
    throw err;
  });
  // The abandoned call may still reject later: nobody waits for it any more.
  p.catch(() => undefined);
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}

function wrap<T extends object>(target: T, path: string, timeoutMs: number): T {
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof prop === 'symbol' || prop === 'close' || prop === 'backend') return value;
      if (cache.has(prop)) return cache.get(prop);
      let out: unknown = value;
      const name = path ? `${path}.${prop}` : prop;
      if (typeof value === 'function') {
        out = (...args: unknown[]) => {
          const r: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
          return r instanceof Promise ? bound(r, name, timeoutMs) : r;
        };
      } else if (value !== null && typeof value === 'object') {
        // Sub-stores (delivery, chatSlos, …) are bounded the same way.
        out = wrap(value, name, timeoutMs);
      }
      cache.set(prop, out);
      return out;
    },
  });
}

/** The store as chat commands see it: every call answers or fails within `timeoutMs`. */
export function boundedStore(store: Store, timeoutMs: number): Store {
  return wrap(store, '', timeoutMs);
}
