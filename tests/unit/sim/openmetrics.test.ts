import { describe, expect, it } from 'vitest';
import { writeOpenMetrics } from '../../../src/sim/openmetrics.js';
import { scenarioByName } from '../../../src/sim/presets.js';
import { simulate } from '../../../src/sim/simulate.js';
import { BASE_MS, lastSum } from './helpers.js';
import { byName, type Family, parseOpenMetrics, seriesOf } from './openmetrics-parse.js';

const scenario = scenarioByName('step_cpu', BASE_MS);
const text = simulate(scenario).openMetrics;
const families = parseOpenMetrics(text);
const fams = byName(families);
const fam = (name: string): Family => {
  const f = fams.get(name);
  if (!f) throw new Error(`missing family ${name}`);
  return f;
};

/** Families whose samples are running totals, whatever their declared type. */
const TOTALS_TYPED_GAUGE = [
  'pg_stat_database_xact_commit',
  'pg_stat_database_xact_rollback',
  'pg_stat_database_deadlocks',
  'pg_stat_database_blks_hit',
  'pg_stat_database_blks_read',
  'locust_requests_num_requests',
  'locust_requests_num_failures',
  'kafka_topic_partition_current_offset',
  'kafka_consumergroup_current_offset',
];

describe('OpenMetrics exposition', () => {
  it('is well formed: HELP and TYPE per family, contiguous families, final # EOF', () => {
    // parseOpenMetrics throws on a non-contiguous family, a stray sample or a missing EOF.
    expect(families.length).toBeGreaterThan(60);
    expect(text.endsWith('\n# EOF\n')).toBe(true);
    for (const f of families) {
      expect(f.help.length, f.name).toBeGreaterThan(0);
      expect(f.samples.length, f.name).toBeGreaterThan(0);
    }
    const counters = families.filter((f) => f.type === 'counter');
    expect(counters.length).toBeGreaterThan(10);
    for (const f of counters) expect(f.samples.every((s) => s.name === `${f.name}_total`)).toBe(true);
  });

  it('keeps every series in time order and labels it with the scenario', () => {
    for (const f of families) {
      for (const s of seriesOf(f)) {
        expect(s.labels.scenario, f.name).toBe(scenario.name);
        for (let i = 1; i < s.t.length; i++) expect(s.t[i]!).toBeGreaterThan(s.t[i - 1]!);
        expect(s.t[0]!).toBeGreaterThanOrEqual(scenario.startMs / 1000);
      }
    }
  });

  it('has monotonic counters, histograms and summaries', () => {
    const cumulative = families.filter(
      (f) =>
        f.type === 'counter' ||
        f.type === 'histogram' ||
        f.type === 'summary' ||
        TOTALS_TYPED_GAUGE.includes(f.name),
    );
    expect(cumulative.length).toBeGreaterThan(25);
    for (const f of cumulative) {
      for (const s of seriesOf(f)) {
        for (let i = 1; i < s.v.length; i++) {
          if (s.v[i]! < s.v[i - 1]!)
            throw new Error(`${s.name}${JSON.stringify(s.labels)} decreases at ${s.t[i]}`);
        }
      }
    }
  });

  it('has consistent histograms: buckets grow with le and +Inf equals _count', () => {
    const histograms = families.filter((f) => f.type === 'histogram');
    expect(histograms.map((f) => f.name).sort()).toEqual(
      [
        'flask_app_request_latency_seconds',
        'http_request_duration_seconds',
        'http_server_duration_milliseconds',
        'http_server_request_duration_seconds',
        'http_server_requests_seconds',
      ].sort(),
    );
    for (const f of histograms) {
      const groups = new Map<string, { le: number; v: number }[]>();
      const counts = new Map<string, number>();
      for (const s of f.samples) {
        const { le, ...rest } = s.labels;
        const key = JSON.stringify(rest) + s.ts;
        if (s.name.endsWith('_bucket')) {
          const arr = groups.get(key) ?? [];
          arr.push({ le: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), v: s.value });
          groups.set(key, arr);
        } else if (s.name.endsWith('_count')) counts.set(key, s.value);
      }
      expect(groups.size).toBeGreaterThan(0);
      for (const [key, buckets] of groups) {
        buckets.sort((a, b) => a.le - b.le);
        for (let k = 1; k < buckets.length; k++)
          expect(buckets[k]!.v).toBeGreaterThanOrEqual(buckets[k - 1]!.v);
        expect(buckets.at(-1)!.le).toBe(Number.POSITIVE_INFINITY);
        expect(buckets.at(-1)!.v).toBe(counts.get(key));
      }
    }
  });

  it('describes one system: every framework counts the same requests', () => {
    const total = lastSum(fam('k6_http_reqs'), 'k6_http_reqs_total');
    expect(total).toBeGreaterThan(100_000);
    expect(lastSum(fam('http_server_requests_seconds'), 'http_server_requests_seconds_count')).toBe(total);
    expect(lastSum(fam('http_requests'), 'http_requests_total')).toBe(total);
    expect(lastSum(fam('flask_app_request_count'), 'flask_app_request_count_total')).toBe(total);
    expect(
      lastSum(fam('http_server_request_duration_seconds'), 'http_server_request_duration_seconds_count'),
    ).toBe(total);
    expect(lastSum(fam('http_server_duration_milliseconds'), 'http_server_duration_milliseconds_count')).toBe(
      total,
    );
    expect(
      lastSum(
        fam('locust_requests_num_requests'),
        'locust_requests_num_requests',
        (l) => l.name === 'Aggregated',
      ),
    ).toBe(total);
    const failed = lastSum(fam('k6_http_reqs'), 'k6_http_reqs_total', (l) => l.expected_response === 'false');
    expect(lastSum(fam('http_requests'), 'http_requests_total', (l) => l.status === '5xx')).toBe(failed);
  });

  it('uses the label names of the real exporters', () => {
    const labelsOf = (name: string) => Object.keys(fam(name).samples[0]!.labels).sort();
    expect(labelsOf('http_server_requests_seconds')).toEqual(
      [
        'application',
        'exception',
        'instance',
        'job',
        'le',
        'method',
        'outcome',
        'scenario',
        'status',
        'uri',
      ].sort(),
    );
    expect(labelsOf('http_server_request_duration_seconds')).toEqual(
      expect.arrayContaining([
        'http_request_method',
        'http_route',
        'http_response_status_code',
        'service_name',
        'le',
      ]),
    );
    expect(labelsOf('k6_http_reqs')).toEqual(['expected_response', 'method', 'name', 'scenario', 'status']);
    expect(labelsOf('kafka_consumergroup_lag')).toEqual(
      expect.arrayContaining(['consumergroup', 'topic', 'partition']),
    );
    expect(labelsOf('hikaricp_connections_active')).toEqual(expect.arrayContaining(['pool', 'application']));
    const topics = new Set(fam('kafka_topic_partition_current_offset').samples.map((s) => s.labels.topic));
    expect(topics).toEqual(new Set(['orders.events', '__consumer_offsets']));
    expect(fam('pg_stat_database_xact_commit').type).toBe('gauge');
    const statuses = new Set(fam('http_server_requests_seconds').samples.map((s) => s.labels.status));
    expect(statuses).toEqual(new Set(['200', '500', '503']));
  });

  it('writes NaN as an absent sample and formats values compactly', () => {
    const out = writeOpenMetrics(
      [
        {
          name: 'x_total_bytes',
          type: 'gauge',
          help: 'with "quotes" and \\ backslash',
          series: [
            { name: 'x_total_bytes', labels: { a: 'q"\\' }, values: [Number.NaN, 1.5, 2_000_000_000] },
          ],
        },
      ],
      [1000, 16_000, 31_500],
    );
    expect(out).toBe(
      '# HELP x_total_bytes with "quotes" and \\\\ backslash\n# TYPE x_total_bytes gauge\n' +
        'x_total_bytes{a="q\\"\\\\"} 1.5 16\nx_total_bytes{a="q\\"\\\\"} 2000000000 31.500\n# EOF\n',
    );
  });
});
