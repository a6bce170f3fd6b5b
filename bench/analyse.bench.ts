/**
 * Analysis benchmark: `analyse` over 100k-point series (about 28 hours at a 1 s step, six
 * load steps), the case a 24 h soak scraped every second brings. Pure CPU, no I/O: the
 * median of `runs` with its min–max. Goal: well under a second (was a timed unit test).
 */
import { analyse } from '../src/analysis/analyse.js';
import { basicPanels, profile } from '../tests/unit/analysis/fixtures.js';

export interface AnalyseBench {
  points: number;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

/** Runs `analyse` on the same 100k-point input `runs` times (one warm-up first). */
export function benchAnalyse(runs = 5): AnalyseBench {
  const s = profile({
    levels: [50, 100, 150, 200, 250, 300],
    capacity: 210,
    stepSec: 16_000,
    rampSec: 600,
    scrapeSec: 1,
  });
  const panels = basicPanels(s, { load: false });
  const once = () => {
    const t0 = performance.now();
    const r = analyse({
      fromMs: s.fromMs,
      toMs: s.toMs,
      panels,
      slos: ['p95<500ms'],
      locale: 'en',
      tz: 'UTC',
    });
    const ms = performance.now() - t0;
    if (r.steps.length !== 6) throw new Error(`expected 6 steps, found ${r.steps.length}`);
    return ms;
  };
  once();
  const times = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return {
    points: s.t.length,
    runs,
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    minMs: times[0] ?? Number.NaN,
    maxMs: times[times.length - 1] ?? Number.NaN,
  };
}
