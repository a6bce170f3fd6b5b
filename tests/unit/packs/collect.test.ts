import { describe, expect, it } from 'vitest';
import { DOMAIN_IDS, serviceSchema } from '../../../src/config/file.schema.js';
import { LoadLensError } from '../../../src/core/errors.js';
import { collectPanels } from '../../../src/packs/collect-panels.js';
import { badData, fakeInflux, fakeProm, SIM_LABELS, SIM_NAMES } from './fakes.js';

const W = { fromMs: Date.UTC(2030, 0, 1, 10), toMs: Date.UTC(2030, 0, 1, 11) };
const panel = (r: Awaited<ReturnType<typeof collectPanels>>, domain: string, id: string) =>
  r.panels.find((p) => p.domain === domain && p.panel === id);

describe('collectPanels with a fake Prometheus', () => {
  it('discovers, picks one primary pack per exclusive domain and fetches every panel', async () => {
    const prom = fakeProm({ names: SIM_NAMES, labels: SIM_LABELS });
    const r = await collectPanels({ prom, ...W, selector: 'scenario="s1"' });
    // Discovery is one inventory query over the window, under the selector.
    const inventory = prom.calls.ranges.filter((q) => q.id === 'topology.inventory');
    expect(inventory).toHaveLength(1);
    expect(inventory[0]?.query).toContain('scenario="s1"');
    expect(inventory[0]?.query).toContain(`[${(W.toMs - W.fromMs) / 1000}s]`);
    expect(prom.calls.labelValues).toEqual([]);
    const panels = prom.calls.ranges.filter((q) => q.id !== 'topology.inventory');
    expect(r.packs.http).toEqual(['micrometer', 'fastapi', 'otel', 'otel_ms', 'generic']);
    expect(r.packs.load).toEqual(['k6', 'locust']);
    for (const d of DOMAIN_IDS)
      expect(
        r.panels.some((p) => p.domain === d),
        d,
      ).toBe(true);
    expect(r.failures).toEqual({});
    expect(r.stepSec).toBe(15);
    expect(r.queries).toBe(panels.length);
    expect(panels.every((q) => q.stepSec === 15 && q.fromMs === W.fromMs && q.toMs === W.toMs)).toBe(true);
    expect(panels.every((q) => q.query.includes('scenario="s1"'))).toBe(true);
    const rps = panel(r, 'http', 'rps');
    expect(rps?.pack).toBe('micrometer');
    expect(rps?.series[0]?.id).toBe('http.rps');
    expect(rps?.series[0]?.v).toEqual([1, 2, 3]);
    expect(new Set(r.panels.filter((p) => p.domain === 'http').map((p) => p.pack))).toEqual(
      new Set(['micrometer']),
    );
  });

  it('uses the service selector and a coarser rate window for long windows', async () => {
    const prom = fakeProm({ names: ['node_cpu_seconds_total'] });
    const service = serviceSchema.parse({ selector: 'job="node"' });
    const r = await collectPanels({ prom, fromMs: W.fromMs, toMs: W.fromMs + 24 * 3600_000, service });
    // 24 h at the default 15 s scrape: 1-minute points (1,441 per series), rates over 4 steps.
    expect(r.stepSec).toBe(60);
    expect(prom.calls.ranges.filter((q) => q.id !== 'topology.inventory')[0]?.query).toBe(
      '1 - avg(rate(node_cpu_seconds_total{job="node",mode="idle"}[4m]))',
    );
  });

  it('isolates a failing query: its panel carries the error, the domain keeps its data', async () => {
    const prom = fakeProm({
      names: SIM_NAMES,
      labels: SIM_LABELS,
      answer: (q) => (q.id === 'http.latency_buckets' ? badData(q) : [5, 5]),
    });
    const r = await collectPanels({ prom, ...W });
    // The one bucket fetch failed: every latency panel derived from it says so, alike.
    for (const p of ['p50', 'p95', 'p99', 'p95_by_route']) {
      expect(panel(r, 'http', p)?.error, p).toContain('parse error');
      expect(panel(r, 'http', p)?.series, p).toEqual([]);
    }
    expect(panel(r, 'http', 'rps')?.error).toBeUndefined();
    expect(r.failures.http).toBeUndefined();
  });

  it('marks a domain failed only when every one of its queries failed', async () => {
    const down = new LoadLensError('SOURCE_TIMEOUT', 'Prometheus at prom:9090 timed out after 30000 ms');
    const prom = fakeProm({
      names: SIM_NAMES,
      labels: SIM_LABELS,
      answer: (q) => (q.id?.startsWith('kafka.') ? down : [1]),
    });
    const r = await collectPanels({ prom, ...W });
    expect(r.failures).toEqual({ kafka: 'Prometheus at prom:9090 timed out after 30000 ms' });
    expect(r.panels.filter((p) => p.domain === 'kafka').every((p) => p.error)).toBe(true);
  });

  it('gives every domain the reason when Prometheus is unreachable, without querying further', async () => {
    const err = new LoadLensError('SOURCE_UNREACHABLE', 'Prometheus at prom:9090 unreachable: ECONNREFUSED');
    const prom = fakeProm({ names: [], labelValuesError: err });
    const r = await collectPanels({ prom, ...W });
    for (const d of DOMAIN_IDS)
      expect(r.failures[d]).toBe('Prometheus at prom:9090 unreachable: ECONNREFUSED');
    // The inventory query failed, the fallback name lookup failed: nothing else was sent.
    expect(prom.calls.ranges.map((q) => q.id)).toEqual(['topology.inventory']);
    expect(r.queries).toBe(0);
  });

  it('says which selector Prometheus rejected', async () => {
    const err = new LoadLensError('SOURCE_QUERY_ERROR', 'bad_data: parse error at char 5', {
      retryable: false,
    });
    const r = await collectPanels({
      prom: fakeProm({ names: [], labelValuesError: err }),
      ...W,
      selector: 'app=x',
    });
    expect(r.failures.http).toBe('Prometheus rejected the selector {app=x}: bad_data: parse error at char 5');
  });

  it('fails every domain clearly when no source is configured', async () => {
    const r = await collectPanels({ ...W });
    expect(Object.keys(r.failures).sort()).toEqual([...DOMAIN_IDS].sort());
    expect(r.failures.load).toMatch(/no metric source configured.*PROMETHEUS_URL/);
    expect(r.panels).toEqual([]);
  });
});

describe('user queries from the service', () => {
  const service = serviceSchema.parse({
    selector: 'application="orders"',
    queries: {
      http: [
        { id: 'p95', promql: 'my_p95_ms{$selector}', unit: 'ms' },
        {
          id: 'checkout_rps',
          promql: 'sum(rate(checkout_total{$selector}[$__rate_interval]))',
          role: 'throughput',
          unit: 'rps',
          legend: 'checkout',
        },
      ],
      kafka: [{ id: 'queue_depth', promql: 'broken(' }],
    },
  });

  it('replaces a built-in panel by id, adds new ones and converts ms to s', async () => {
    const prom = fakeProm({
      names: SIM_NAMES,
      labels: SIM_LABELS,
      answer: (q) => (q.id === 'kafka.queue_depth' ? badData(q, 'unexpected end of input') : [250, 500]),
    });
    const r = await collectPanels({ prom, ...W, service });
    const p95s = r.panels.filter((p) => p.domain === 'http' && p.panel === 'p95');
    expect(p95s).toHaveLength(1);
    expect(p95s[0]).toMatchObject({
      pack: 'user',
      role: 'latency_p95',
      unit: 's',
      query: 'my_p95_ms{application="orders"}',
    });
    expect(p95s[0]?.series[0]?.v).toEqual([0.25, 0.5]);
    expect(panel(r, 'http', 'checkout_rps')).toMatchObject({
      pack: 'user',
      role: 'throughput',
      unit: 'rps',
      query: 'sum(rate(checkout_total{application="orders"}[1m]))',
    });
    expect(prom.calls.ranges.find((q) => q.id === 'http.checkout_rps')?.legend).toBe('checkout');
    // kafka built-ins still work, so the failing user query is a warning, naming its id.
    expect(r.failures.kafka).toBeUndefined();
    expect(
      r.warnings.some((w) => w.includes('kafka.queue_depth') && w.includes('unexpected end of input')),
    ).toBe(true);
  });

  it('names the failing user query in the domain reason', async () => {
    const prom = fakeProm({ names: ['up'], answer: (q) => badData(q, 'unexpected end of input') });
    const r = await collectPanels({ prom, ...W, service });
    expect(r.failures.kafka).toContain('kafka.queue_depth');
    expect(r.failures.kafka).toContain('unexpected end of input');
  });
});

describe('collectPanels with InfluxDB', () => {
  it('turns per-interval JMeter counts into a rate and keeps Prometheus as primary', async () => {
    const influx = fakeInflux({ measurements: ['jmeter'], answer: () => [150, 300] });
    const only = await collectPanels({ influx, ...W, stepSec: 15 });
    const rps = panel(only, 'load', 'rps');
    expect(rps?.pack).toBe('jmeter_influx');
    expect(rps?.series[0]?.v).toEqual([10, 20]);
    expect(rps?.query).toContain('$timeFilter');
    // Prometheus-only domains say why they are empty.
    expect(only.failures.http).toMatch(/no Prometheus source configured/);
    expect(only.failures.load).toBeUndefined();

    const prom = fakeProm({ names: ['k6_http_reqs_total'] });
    const both = await collectPanels({ prom, influx, ...W });
    expect(both.packs.load).toEqual(['k6', 'jmeter_influx']);
    expect(panel(both, 'load', 'rps')?.pack).toBe('k6');
  });

  it('sends Flux to a 2.x source and InfluxQL to a 1.x source', async () => {
    const v2 = fakeInflux({ measurements: ['http_reqs'], kind: 'influx2' });
    await collectPanels({ influx: v2, ...W });
    expect(v2.calls.ranges.length).toBeGreaterThan(0);
    expect(v2.calls.ranges.every((q) => q.query.startsWith('from(bucket: "$bucket")'))).toBe(true);
    const v1 = fakeInflux({ measurements: ['http_reqs'] });
    await collectPanels({ influx: v1, ...W });
    expect(v1.calls.ranges.every((q) => q.query.startsWith('SELECT '))).toBe(true);
  });

  it('replays a recording from either InfluxDB version: InfluxQL first, then Flux', async () => {
    const notRecorded = new LoadLensError('SOURCE_BAD_RESPONSE', 'not in the recording');
    const replay = fakeInflux({
      measurements: ['jmeter'],
      kind: 'replay',
      answer: (q) => (q.query.startsWith('SELECT') ? notRecorded : [30]),
    });
    const r = await collectPanels({ influx: replay, ...W, stepSec: 15 });
    expect(panel(r, 'load', 'rps')?.series[0]?.v).toEqual([2]);
    expect(panel(r, 'load', 'rps')?.query).toMatch(/^from\(bucket/);
    expect(replay.calls.ranges.filter((q) => q.id === 'load.rps').map((q) => q.query.slice(0, 6))).toEqual([
      'SELECT',
      'from(b',
    ]);
  });

  it('reports a down InfluxDB on the load domain only', async () => {
    const err = new LoadLensError('SOURCE_UNREACHABLE', 'InfluxDB at influx:8086 unreachable: ECONNREFUSED');
    const prom = fakeProm({ names: ['node_cpu_seconds_total'] });
    const r = await collectPanels({
      prom,
      influx: fakeInflux({ measurements: [], measurementsError: err }),
      ...W,
    });
    expect(r.failures).toEqual({ load: 'InfluxDB at influx:8086 unreachable: ECONNREFUSED' });
  });
});
