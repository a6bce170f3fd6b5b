import { describe, expect, it } from 'vitest';
import { stepProfile } from '../../../src/sim/presets.js';
import type { Scenario } from '../../../src/sim/scenario.js';
import { simulate } from '../../../src/sim/simulate.js';
import { BASE_MS } from './helpers.js';

const scenario: Scenario = {
  name: 'influx_check',
  seed: 42,
  startMs: BASE_MS,
  scrapeIntervalSec: 15,
  profile: stepProfile([80, 160, 240], 240, 30),
  capacityRps: 200,
  bottleneck: 'cpu',
  faults: [],
};
const out = simulate(scenario);

interface Point {
  measurement: string;
  tags: Record<string, string>;
  fields: Record<string, number>;
  ts: bigint;
}

/** Line protocol reader for what the simulator writes (escaped tag values, numeric fields). */
function parseLine(line: string): Point {
  const m = /^((?:[^\\, ]|\\.)+)((?:,(?:[^\\= ]|\\.)+=(?:[^\\, ]|\\.)+)*) (\S+) (\d{19})$/.exec(line);
  if (!m) throw new Error(`bad line: ${line}`);
  const unesc = (v: string) => v.replace(/\\(.)/g, '$1');
  const tags: Record<string, string> = {};
  for (const t of m[2]!.matchAll(/,((?:[^\\=]|\\.)+)=((?:[^\\,]|\\.)+)/g)) tags[unesc(t[1]!)] = unesc(t[2]!);
  const fields: Record<string, number> = {};
  for (const f of m[3]!.split(',')) {
    const [k, v] = f.split('=');
    if (!/^-?\d+(\.\d+)?(e[-+]?\d+)?$/.test(v!)) throw new Error(`bad field ${f}`);
    fields[k!] = Number(v);
  }
  return { measurement: m[1]!, tags, fields, ts: BigInt(m[4]!) };
}

describe('JMeter InfluxDB lines', () => {
  const points = out.influxJmeter.map(parseLine);

  it('writes the backend listener rows with ns timestamps inside the test', () => {
    expect(points.length).toBeGreaterThan(100);
    for (const p of points) {
      expect(p.measurement).toBe('jmeter');
      expect(p.tags.application).toBe('orders');
      expect(p.tags.scenario).toBe('influx_check');
      expect(p.ts).toBeGreaterThan(BigInt(out.truth.startMs) * 1_000_000n);
      expect(p.ts).toBeLessThanOrEqual(BigInt(out.truth.endMs) * 1_000_000n);
    }
    const transactions = new Set(points.map((p) => p.tags.transaction));
    expect(transactions).toEqual(new Set(['GET /api/orders/{id}', 'POST /api/orders', 'all', 'internal']));
    expect(out.influxJmeter.some((l) => l.includes('transaction=GET\\ /api/orders/{id}'))).toBe(true);
    const all = points.find((p) => p.tags.transaction === 'all')!;
    expect(Object.keys(all.fields)).toEqual(
      expect.arrayContaining([
        'count',
        'countError',
        'hit',
        'avg',
        'min',
        'max',
        'pct90.0',
        'pct95.0',
        'pct99.0',
      ]),
    );
    const internal = points.find((p) => p.tags.transaction === 'internal')!;
    expect(Object.keys(internal.fields).sort()).toEqual(['endedT', 'maxAT', 'meanAT', 'minAT', 'startedT']);
  });

  it('ok + ko = all per transaction, and the totals add up', () => {
    const byKey = new Map<string, number>();
    for (const p of points) byKey.set(`${p.ts}|${p.tags.transaction}|${p.tags.statut}`, p.fields.count ?? 0);
    for (const p of points.filter((x) => x.tags.statut === 'all' && x.tags.transaction !== 'all')) {
      const ok = byKey.get(`${p.ts}|${p.tags.transaction}|ok`) ?? 0;
      const ko = byKey.get(`${p.ts}|${p.tags.transaction}|ko`) ?? 0;
      expect(ok + ko).toBe(p.fields.count);
    }
    const sumAll = points
      .filter((p) => p.tags.transaction === 'all')
      .reduce((a, p) => a + p.fields.count!, 0);
    const sumTx = points
      .filter((p) => p.tags.statut === 'all' && p.tags.transaction !== 'all')
      .reduce((a, p) => a + p.fields.count!, 0);
    expect(sumAll).toBe(sumTx);
    // Mean throughput of the first plateau matches the truth.
    const s0 = out.truth.steps[0]!;
    const onStep = points.filter(
      (p) =>
        p.tags.transaction === 'all' &&
        p.ts > BigInt(s0.fromMs + 15_000) * 1_000_000n &&
        p.ts <= BigInt(s0.toMs) * 1_000_000n,
    );
    const rps = onStep.reduce((a, p) => a + p.fields.count!, 0) / (onStep.length * 15);
    expect(rps).toBeCloseTo(s0.throughputRps, 0);
  });

  it('reports errors and slow responses past capacity', () => {
    const last = out.truth.steps.at(-1)!;
    const first = out.truth.steps[0]!;
    const window = (st: typeof first) =>
      points.filter(
        (p) =>
          p.tags.transaction === 'all' &&
          p.ts > BigInt(st.fromMs) * 1_000_000n &&
          p.ts <= BigInt(st.toMs) * 1_000_000n,
      );
    const errShare = (ps: Point[]) =>
      ps.reduce((a, p) => a + p.fields.countError!, 0) / ps.reduce((a, p) => a + p.fields.count!, 0);
    const p95 = (ps: Point[]) => ps.reduce((a, p) => a + p.fields['pct95.0']!, 0) / ps.length;
    expect(errShare(window(last))).toBeGreaterThan(0.05);
    expect(errShare(window(first))).toBeLessThan(0.01);
    expect(p95(window(last))).toBeGreaterThan(5 * p95(window(first)));
  });
});

describe('k6 InfluxDB lines', () => {
  const points = out.influxK6.map(parseLine);

  it('aggregates http_reqs per tick and samples durations at distinct instants', () => {
    const measurements = new Set(points.map((p) => p.measurement));
    expect(measurements).toEqual(new Set(['http_reqs', 'http_req_duration', 'http_req_failed', 'vus']));
    const reqs = points.filter((p) => p.measurement === 'http_reqs');
    const jmeterTotal = out.influxJmeter
      .map(parseLine)
      .filter((p) => p.tags.transaction === 'all')
      .reduce((a, p) => a + p.fields.count!, 0);
    expect(reqs.reduce((a, p) => a + p.fields.value!, 0)).toBe(jmeterTotal);
    for (const p of reqs)
      expect(Object.keys(p.tags).sort()).toEqual(['method', 'name', 'scenario', 'status']);

    const durations = points.filter((p) => p.measurement === 'http_req_duration');
    const seen = new Set<string>();
    for (const p of durations) {
      const key = JSON.stringify(p.tags) + p.ts;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      expect(p.fields.value!).toBeGreaterThan(0);
    }
    const ticks = points.filter((p) => p.measurement === 'vus').length;
    expect(durations.length).toBeLessThanOrEqual(20 * ticks);
    expect(durations.length).toBeGreaterThan(15 * ticks);
    const failed = points.filter((p) => p.measurement === 'http_req_failed');
    expect(failed.length).toBe(durations.length);
    expect(new Set(failed.map((p) => p.fields.value))).toEqual(new Set([0, 1]));
  });
});
