import { describe, expect, it } from 'vitest';
import { computeTimeline } from '../../../src/sim/physics.js';
import { scenarioByName, stepProfile } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { simulate } from '../../../src/sim/simulate.js';
import { BASE_MS } from './helpers.js';
import { byName, parseOpenMetrics, seriesOf } from './openmetrics-parse.js';

const base: Scenario = {
  name: 'fault_check',
  seed: 5,
  startMs: BASE_MS,
  scrapeIntervalSec: 15,
  profile: stepProfile([100], 900, 30),
  capacityRps: 200,
  bottleneck: 'none',
  faults: [],
};

/** Ticks whose interval overlaps [fromSec, toSec). */
const ticksIn = (s: Scenario, fromSec: number, toSec: number) => {
  const tl = computeTimeline(s);
  return { tl, idx: tl.sec.flatMap((x, i) => (x > fromSec && x - tl.dtSec < toSec ? [i] : [])) };
};

describe('faults', () => {
  it('stall: throughput drops to ~0 and latency spikes, only inside the window', () => {
    const s: Scenario = { ...base, faults: [{ kind: 'stall', atSec: 450, durationSec: 30 }] };
    const { tl, idx } = ticksIn(s, 450, 480);
    expect(idx.length).toBe(2);
    for (const i of idx) {
      expect(tl.servedRps[i]!).toBeLessThan(10);
      expect(tl.latMeanMs[i]!).toBeGreaterThan(300);
    }
    const after = tl.sec.findIndex((x) => x > 540);
    expect(tl.servedRps[after]!).toBeGreaterThan(90);
  });

  it('error burst: the error rate jumps to the given share inside the window', () => {
    const s: Scenario = {
      ...base,
      faults: [{ kind: 'error_burst', atSec: 300, durationSec: 60, errorRate: 0.3 }],
    };
    const { tl, idx } = ticksIn(s, 300, 360);
    for (const i of idx) expect(tl.errors[i]! / tl.requests[i]!).toBeGreaterThan(0.25);
    const before = tl.sec.findIndex((x) => x >= 240);
    expect(tl.errors[before]! / tl.requests[before]!).toBeLessThan(0.01);
  });

  it('memory leak: heap after GC, RSS and working set grow steadily at constant load', () => {
    const s = scenarioByName('soak_leak', BASE_MS);
    const fams = byName(
      parseOpenMetrics(simulate({ ...s, families: ['micrometer', 'cadvisor'] }).openMetrics),
    );
    for (const name of [
      'jvm_gc_live_data_size_bytes',
      'process_resident_memory_bytes',
      'container_memory_working_set_bytes',
    ]) {
      const [series] = seriesOf(fams.get(name)!);
      const v = series!.v;
      const early = v.slice(10, 30).reduce((a, b) => a + b, 0) / 20;
      const late = v.slice(-30, -10).reduce((a, b) => a + b, 0) / 20;
      // 6 MiB/min for ~50 min between the two windows.
      expect(late - early, name).toBeGreaterThan(250 * 1024 * 1024);
    }
    const steady = computeTimeline(scenarioByName('step_none', BASE_MS));
    expect(Math.max(...steady.heapLive) - Math.min(...steady.heapLive)).toBeLessThan(300 * 1024 * 1024);
  });

  it('restart: app counters reset once, load-tool counters do not', () => {
    const s: Scenario = { ...base, faults: [{ kind: 'restart', atSec: 600 }] };
    const fams = byName(parseOpenMetrics(simulate({ ...s, families: ['micrometer', 'k6'] }).openMetrics));
    const drops = (name: string, sample: string) =>
      seriesOf(fams.get(name)!, sample).map((x) => x.v.filter((v, i) => i > 0 && v < x.v[i - 1]!).length);
    expect(drops('http_server_requests_seconds', 'http_server_requests_seconds_count')).toContain(1);
    for (const d of drops('http_server_requests_seconds', 'http_server_requests_seconds_count'))
      expect(d).toBeLessThanOrEqual(1);
    expect(drops('process_cpu_seconds', 'process_cpu_seconds_total')).toEqual([1]);
    for (const d of drops('k6_http_reqs', 'k6_http_reqs_total')) expect(d).toBe(0);
    const [start] = seriesOf(fams.get('process_start_time_seconds')!);
    expect(new Set(start!.v).size).toBe(2);
  });
});
