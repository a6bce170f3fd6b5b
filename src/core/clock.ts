/** Injected time source, so tests can pin "now" without patching globals. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The production clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock frozen at `ms` (advance it with `set`). */
export function fixedClock(ms: number): Clock & { set(ms: number): void } {
  let t = ms;
  return { now: () => t, set: (v: number) => (t = v) };
}
