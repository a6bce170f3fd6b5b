import { setTimeout as delay } from 'node:timers/promises';

/** The production timer: resolves after `ms`, rejects when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal });
}

/** True if `p` settles (either way) within `ms`, false otherwise; never rejects. */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  const ctrl = new AbortController();
  const settled = p.then(
    () => true,
    () => true,
  );
  const timedOut = delay(ms, false, { signal: ctrl.signal }).catch(() => false);
  const done = await Promise.race([settled, timedOut]);
  ctrl.abort();
  return done;
}
