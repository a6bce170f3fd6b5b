import type { Store } from './store.js';

/** The repositories a `Store` carries as nested objects; every other member is a method. */
const NESTED = ['delivery', 'alertIncidents', 'narratives', 'chatSlos'] as const;

/** A `Store` that opens on first use, or earlier when {@link LazyStore.start} is called. */
export interface LazyStore extends Store {
  /** Begins opening now (idempotent); a failure surfaces at the first use of the store. */
  start(): void;
}

function forward(target: () => Promise<object>): object {
  return new Proxy(
    {},
    {
      get(_, key) {
        // Not a thenable: `await store.delivery` must not call a forwarded `then`.
        if (typeof key !== 'string' || key === 'then') return undefined;
        return async (...args: unknown[]) => {
          const obj = (await target()) as Record<string, (...a: unknown[]) => unknown>;
          return obj[key]!(...args);
        };
      },
    },
  );
}

/**
 * Wraps `open` in the one `Store` API so a command can begin its queries before the store
 * is ready: the CLI report fetches while the embedded database starts, and only `saveRun`
 * waits for it. `backend` reports `kind` until the store is open, then the store's own.
 * `close()` closes the store if it was opened, waiting for an opening in progress.
 */
export function createLazyStore(open: () => Promise<Store>, kind: Store['backend']['kind']): LazyStore {
  let opening: Promise<Store> | undefined;
  let opened: Store | undefined;
  const ready = (): Promise<Store> => {
    if (!opening) {
      opening = open().then((s) => {
        opened = s;
        return s;
      });
      // Nobody may be awaiting yet: the error is rethrown to the first caller instead.
      opening.catch(() => undefined);
    }
    return opening;
  };
  const methods = forward(ready) as Record<string, unknown>;
  const nested = Object.fromEntries(
    NESTED.map((name) => [name, forward(async () => (await ready())[name])]),
  ) as Record<string, unknown>;
  return new Proxy({} as LazyStore, {
    get(_, key) {
      if (key === 'start') return () => void ready();
      if (key === 'backend') return opened?.backend ?? { kind, timescale: false };
      if (key === 'close') {
        return async () => {
          if (!opening) return;
          const s = await opening.catch(() => undefined);
          await s?.close();
        };
      }
      if (key === 'then') return undefined; // not a thenable: `await lazyStore` must not call it
      if (typeof key === 'string' && key in nested) return nested[key];
      return methods[key as string];
    },
  });
}
