import type { MetricFamily } from './exporters/family.js';
import { metricFamilies } from './exporters/index.js';
import { formatValue } from './openmetrics.js';
import { computeTimeline } from './physics.js';
import { PRESET_CAPACITY_RPS, STEP_LEVELS_RPS, stepProfile } from './presets.js';
import type { Scenario } from './scenario.js';

/** One simulated hour, computed up front; scrapes read the tick of "now". */
interface Hour {
  startMs: number;
  endMs: number;
  scrapeMs: number;
  families: MetricFamily[];
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/**
 * A live exporter for the demo profile: it replays a simulated DB-pool step test in real
 * time, one new hour (and seed) after another, so Prometheus scrapes what a service under
 * load would expose. Counters restart each hour, as after a redeploy.
 */
export function createLiveExporter(opts: { now?: () => number; seed?: number } = {}) {
  const now = opts.now ?? Date.now;
  let seed = opts.seed ?? 1;
  let hour: Hour | null = null;
  const newHour = (startMs: number): Hour => {
    const scenario: Scenario = {
      name: 'demo',
      seed: seed++,
      startMs,
      scrapeIntervalSec: 15,
      profile: stepProfile(STEP_LEVELS_RPS),
      capacityRps: PRESET_CAPACITY_RPS,
      bottleneck: 'db_pool',
      faults: [],
    };
    const tl = computeTimeline(scenario);
    const endMs = tl.tMs[tl.tMs.length - 1] ?? startMs;
    return { startMs, endMs, scrapeMs: 15_000, families: metricFamilies(scenario, tl) };
  };
  return {
    /** The OpenMetrics exposition of the current tick (no timestamps: Prometheus stamps the scrape). */
    render(): string {
      const t = now();
      if (!hour || t > hour.endMs) hour = newHour(t);
      const i = Math.max(0, Math.floor((t - hour.startMs) / hour.scrapeMs));
      const out: string[] = [];
      for (const fam of hour.families) {
        out.push(`# HELP ${fam.name} ${fam.help.replace(/\n/g, ' ')}`);
        out.push(`# TYPE ${fam.name} ${fam.type}`);
        for (const s of fam.series) {
          const v = s.values[Math.min(i, s.values.length - 1)];
          if (v === undefined || Number.isNaN(v)) continue;
          const labels = Object.entries(s.labels)
            .map(([k, val]) => `${k}="${escapeLabel(val)}"`)
            .join(',');
          out.push(`${s.name}${labels ? `{${labels}}` : ''} ${formatValue(v)}`);
        }
      }
      out.push('# EOF');
      return out.join('\n') + '\n';
    },
  };
}
