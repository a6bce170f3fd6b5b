import { describe, expect, it } from 'vitest';
import { chooseGeneric } from '../../../src/packs/packs/http-generic.js';
import {
  detectPacks,
  INFLUX_PACKS,
  PROM_PACKS,
  packIdsByDomain,
  selectQueries,
} from '../../../src/packs/registry.js';
import type { LabelsOf, Pack } from '../../../src/packs/types.js';
import { SIM_LABELS, SIM_NAMES } from './fakes.js';

const labelsFrom =
  (m: Record<string, string[]>): LabelsOf =>
  (metric) =>
    m[metric] ? new Set(m[metric]) : undefined;

const detectedIds = (
  names: string[],
  labels: Record<string, string[]> = {},
  packs: readonly Pack[] = PROM_PACKS,
) => packIdsByDomain(detectPacks(packs, new Set(names), labelsFrom(labels)));

describe('pack detection by family', () => {
  const cases: Array<[string, string[], string, string]> = [
    ['k6', ['k6_http_reqs_total', 'k6_vus'], 'load', 'k6'],
    ['locust', ['locust_users', 'locust_requests_current_rps'], 'load', 'locust'],
    ['jmeter plugin', ['jmeter_threads', 'jmeter_success_ratio_total'], 'load', 'jmeter_prometheus'],
    ['jmeter listener', ['jmeter_requests_total', 'jmeter_active_threads'], 'load', 'jmeter_prometheus'],
    [
      'micrometer',
      ['http_server_requests_seconds_count', 'http_server_requests_seconds_sum'],
      'http',
      'micrometer',
    ],
    ['fastapi', ['http_requests_total', 'http_request_duration_seconds_count'], 'http', 'fastapi'],
    ['otel', ['http_server_request_duration_seconds_count'], 'http', 'otel'],
    ['otel ms', ['http_server_duration_milliseconds_count'], 'http', 'otel_ms'],
    ['jvm', ['jvm_memory_used_bytes'], 'jvm', 'micrometer'],
    ['hikari', ['hikaricp_connections_active'], 'database', 'hikaricp'],
    ['postgres', ['pg_stat_activity_count', 'pg_locks_count'], 'database', 'postgres_exporter'],
    ['kafka', ['kafka_consumergroup_lag'], 'kafka', 'kafka_exporter'],
    ['node', ['node_cpu_seconds_total'], 'infra', 'node_exporter'],
    ['cadvisor', ['container_cpu_usage_seconds_total'], 'infra', 'cadvisor'],
    ['process', ['process_cpu_seconds_total'], 'infra', 'process'],
  ];
  it.each(cases)('%s', (_name, names, domain, pack) => {
    const found = detectedIds(names);
    expect(found).toEqual({ [domain]: [pack] });
  });

  it('detects nothing in unrelated names', () => {
    expect(detectedIds(['up', 'scrape_duration_seconds', 'go_goroutines'])).toEqual({});
  });

  it('detects the InfluxDB load tools from measurements', () => {
    expect(detectedIds(['jmeter'], {}, INFLUX_PACKS)).toEqual({ load: ['jmeter_influx'] });
    expect(detectedIds(['http_reqs', 'vus', 'http_req_duration'], {}, INFLUX_PACKS)).toEqual({
      load: ['k6_influx'],
    });
    expect(detectedIds(['gatling'], {}, INFLUX_PACKS)).toEqual({ load: ['gatling_influx'] });
    expect(detectedIds(['cpu', 'mem'], {}, INFLUX_PACKS)).toEqual({});
  });
});

describe('preference order', () => {
  it('lists every http pack of the same system and takes the key panels from micrometer', () => {
    const detected = detectPacks(PROM_PACKS, new Set(SIM_NAMES), labelsFrom(SIM_LABELS));
    const ids = packIdsByDomain(detected);
    expect(ids.http).toEqual(['micrometer', 'fastapi', 'otel', 'otel_ms', 'generic']);
    expect(ids.load).toEqual(['k6', 'locust']);
    expect(ids.infra).toEqual(['node_exporter', 'cadvisor', 'process']);
    const queries = selectQueries(detected, () => ({
      selector: '',
      rateWindow: '1m',
      names: new Set(SIM_NAMES),
      labelsOf: labelsFrom(SIM_LABELS),
    }));
    const packsOf = (domain: string) =>
      new Set(queries.filter((q) => q.domain === domain).map((q) => q.pack));
    expect(packsOf('http')).toEqual(new Set(['micrometer']));
    expect(packsOf('load')).toEqual(new Set(['k6']));
    // Non-exclusive domains combine their packs.
    expect(packsOf('infra')).toEqual(new Set(['node_exporter', 'cadvisor', 'process']));
    expect(packsOf('database')).toEqual(new Set(['hikaricp', 'postgres_exporter']));
    const keys = queries.map((q) => `${q.domain}.${q.panel}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('never fills gaps of the primary http pack from another instrumentation', () => {
    // Micrometer without percentile buckets has no p95; FastAPI's must not stand in for it.
    const names = new Set(SIM_NAMES.filter((n) => n !== 'http_server_requests_seconds_bucket'));
    const detected = detectPacks(PROM_PACKS, names, labelsFrom(SIM_LABELS));
    const queries = selectQueries(detected, () => ({
      selector: '',
      rateWindow: '1m',
      names,
      labelsOf: labelsFrom(SIM_LABELS),
    }));
    const http = queries.filter((q) => q.domain === 'http');
    expect(new Set(http.map((q) => q.pack))).toEqual(new Set(['micrometer']));
    expect(http.map((q) => q.panel)).not.toContain('p95');
    expect(http.map((q) => q.panel)).toContain('avg');
  });

  it('falls to the next pack when the preferred one is absent', () => {
    const names = SIM_NAMES.filter(
      (n) => !n.startsWith('http_server_requests_seconds') && !n.startsWith('k6_'),
    );
    const ids = detectedIds(names, SIM_LABELS);
    expect(ids.http?.[0]).toBe('fastapi');
    expect(ids.load?.[0]).toBe('locust');
  });
});

describe('generic http pack', () => {
  const flask = [
    'flask_app_request_count_total',
    'flask_app_request_latency_seconds_bucket',
    'flask_app_request_latency_seconds_count',
    'flask_app_request_latency_seconds_sum',
  ];

  it('finds a Flask app with no configuration', () => {
    const choice = chooseGeneric(new Set(flask), labelsFrom(SIM_LABELS));
    expect(choice).toEqual({
      counter: 'flask_app_request_count_total',
      statusLabel: 'http_status',
      histogram: 'flask_app_request_latency_seconds',
      latencyDivisor: undefined,
      routeLabel: 'endpoint',
    });
    expect(detectedIds(flask, SIM_LABELS)).toEqual({ http: ['generic'] });
  });

  it('ignores counters without a status label and load-tool counters', () => {
    const names = new Set(['myapp_requests_total', 'k6_http_reqs_total', 'myapp_request_bytes_total']);
    const labels = labelsFrom({ myapp_requests_total: ['path'], k6_http_reqs_total: ['status'] });
    expect(chooseGeneric(names, labels)).toBeUndefined();
    const withCode = labelsFrom({ myapp_requests_total: ['path', 'code'] });
    expect(chooseGeneric(names, withCode)).toMatchObject({
      counter: 'myapp_requests_total',
      statusLabel: 'code',
    });
  });

  it('pairs the histogram sharing the longest prefix and converts milliseconds', () => {
    const names = new Set([
      'shop_http_requests_total',
      'shop_http_request_duration_milliseconds_bucket',
      'other_job_latency_seconds_bucket',
    ]);
    const choice = chooseGeneric(names, labelsFrom({ shop_http_requests_total: ['status_code'] }));
    expect(choice).toMatchObject({
      counter: 'shop_http_requests_total',
      statusLabel: 'status_code',
      histogram: 'shop_http_request_duration_milliseconds',
      latencyDivisor: 1000,
    });
  });

  it('takes a plain http_requests_total when it is not FastAPI', () => {
    const names = new Set(['http_requests_total', 'go_goroutines']);
    const labels = labelsFrom({ http_requests_total: ['code', 'handler', 'method'] });
    expect(detectedIds([...names], { http_requests_total: ['code', 'handler', 'method'] })).toEqual({
      http: ['generic'],
    });
    expect(chooseGeneric(names, labels)).toMatchObject({
      counter: 'http_requests_total',
      statusLabel: 'code',
      routeLabel: 'handler',
    });
  });

  it('uses a histogram alone, counting requests from its _count', () => {
    const names = new Set(['api_latency_seconds_bucket', 'api_latency_seconds_count']);
    expect(chooseGeneric(names, labelsFrom({}))).toMatchObject({
      counter: 'api_latency_seconds_count',
      histogram: 'api_latency_seconds',
      statusLabel: undefined,
    });
  });
});
