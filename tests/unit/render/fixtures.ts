import type { DomainId } from '../../../src/config/file.schema.js';
import type { PanelData, Series, SeriesRole, SeriesUnit } from '../../../src/sources/series.js';

/** 2026-03-02T10:00:00Z: a fixed start so tick tests are deterministic. */
export const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
export const STEP_MS = 15_000;

/** A series of `n` points from T0 every 15 s with values f(i). */
export function series(id: string, name: string, n: number, f: (i: number) => number): Series {
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    t.push(T0 + i * STEP_MS);
    v.push(f(i));
  }
  return { id, name, labels: {}, t, v };
}

export function panel(
  domain: DomainId,
  id: string,
  unit: SeriesUnit,
  list: Series[],
  role: SeriesRole = 'gauge',
): PanelData {
  return { domain, panel: id, title: `${domain} ${id}`, role, unit, pack: 'test', query: 'q', series: list };
}

/** A plausible stepped load test over one hour (240 points). */
export function samplePanels(n = 240): PanelData[] {
  const offered = (i: number) => 50 * (1 + Math.floor(i / 40));
  const served = (i: number) => Math.min(offered(i), 205) * (1 + 0.03 * Math.sin(i));
  return [
    panel('load', 'rps', 'rps', [series('load.rps', 'jmeter', n, offered)], 'throughput'),
    panel('load', 'users', 'count', [series('load.users', 'users', n, (i) => offered(i) / 4)], 'load'),
    panel(
      'http',
      'rps',
      'rps',
      [
        series('http.rps.a', '/orders', n, (i) => served(i) * 0.7),
        series('http.rps.b', '/items', n, (i) => served(i) * 0.3),
      ],
      'throughput',
    ),
    panel('http', 'p50', 's', [series('p50', 'orders', n, (i) => 0.02 + offered(i) / 20_000)], 'latency_p50'),
    panel('http', 'p95', 's', [series('p95', 'orders', n, (i) => 0.05 + offered(i) / 5_000)], 'latency_p95'),
    panel('http', 'p99', 's', [series('p99', 'orders', n, (i) => 0.08 + offered(i) / 2_500)], 'latency_p99'),
    panel('http', 'error_rate', 'ratio', [series('err', 'orders', n, (i) => (i > 200 ? 0.04 : 0.001))]),
    panel('jvm', 'heap_used', 'bytes', [series('heap', 'heap', n, (i) => (300 + i) * 2 ** 20)]),
    panel('jvm', 'heap_max', 'bytes', [series('heapmax', 'heap', n, () => 1024 * 2 ** 20)]),
    panel('database', 'pool_active', 'count', [series('pa', 'HikariPool-1', n, (i) => Math.min(10, i / 20))]),
    panel('database', 'pool_max', 'count', [series('pm', 'HikariPool-1', n, () => 10)]),
    panel('database', 'pool_pending', 'count', [
      series('pp', 'HikariPool-1', n, (i) => Math.max(0, i / 10 - 15)),
    ]),
    panel('kafka', 'lag', 'count', []),
    panel('infra', 'cpu', 'ratio', [series('cpu', 'node-1', n, (i) => 0.2 + i / 400)]),
  ];
}

/** Markers matching {@link samplePanels}: six 10-minute steps, peak on the fifth, drop in the sixth. */
export function sampleMarkers() {
  const steps = Array.from({ length: 6 }, (_, k) => ({
    fromMs: T0 + k * 40 * STEP_MS,
    toMs: T0 + (k + 1) * 40 * STEP_MS,
  }));
  return {
    steps,
    peak: { fromMs: steps[3]!.fromMs, toMs: steps[3]!.toMs, rps: 205 },
    dropAtMs: T0 + 205 * STEP_MS,
  };
}
