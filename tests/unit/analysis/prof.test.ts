import { it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import { buildMetrics } from '../../../src/analysis/metrics.js';
import { seriesStats } from '../../../src/analysis/stats.js';
import { detectSteps } from '../../../src/analysis/steps.js';
import { basicPanels, profile } from './fixtures.js';

it('p', () => {
  const s = profile({
    levels: [50, 100, 150, 200, 250, 300],
    capacity: 210,
    stepSec: 16_000,
    rampSec: 600,
    scrapeSec: 1,
  });
  const panels = basicPanels(s, { load: false });
  for (let k = 0; k < 3; k++) {
    let t0 = performance.now();
    analyse({ fromMs: s.fromMs, toMs: s.toMs, panels, slos: ['p95<500ms'], locale: 'en', tz: 'UTC' });
    const all = performance.now() - t0;
    t0 = performance.now();
    const m = buildMetrics(panels, s.fromMs, s.toMs);
    const b = performance.now() - t0;
    t0 = performance.now();
    detectSteps(m);
    const d = performance.now() - t0;
    t0 = performance.now();
    for (const p of m.panels) for (const x of p.series) seriesStats(x.t, x.v);
    const st = performance.now() - t0;
    process.stdout.write(`PROF ${Math.round(all)} ${Math.round(b)} ${Math.round(d)} ${Math.round(st)}\n`);
  }
});
