/**
 * Seeded pseudo-random numbers for the simulator. `Math.random` is never used, so the
 * same scenario seed always yields the same bytes.
 */

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/** mulberry32: a tiny, fast 32-bit PRNG, good enough for noise. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent stream per purpose (`physics`, `k6`, …), so adding an exporter does not
 * shift the noise every other exporter sees.
 */
export function streamRng(seed: number, stream: string): Rng {
  // FNV-1a over the stream name, mixed with the seed.
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < stream.length; i++) {
    h ^= stream.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return mulberry32(h);
}

/** Standard normal sample (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Multiplicative noise around 1 with relative standard deviation `rel` (never below 0). */
export function jitter(rng: Rng, rel: number): number {
  return Math.max(0, 1 + rel * gaussian(rng));
}
