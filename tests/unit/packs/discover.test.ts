import { describe, expect, it } from 'vitest';
import { LoadLensError } from '../../../src/core/errors.js';
import { discover, discoverInflux } from '../../../src/packs/discover.js';
import { fakeInflux, fakeProm, SIM_LABELS, SIM_NAMES } from './fakes.js';

const W = { fromMs: 1_000_000, toMs: 4_600_000 };

describe('discover', () => {
  it('reads the names and dialect labels inside the window with one inventory query', async () => {
    const prom = fakeProm({ names: SIM_NAMES, labels: SIM_LABELS });
    const d = await discover(prom, W, 'app="a"');
    expect(prom.calls.labelValues).toEqual([]);
    expect(prom.calls.series).toEqual([]);
    const [q] = prom.calls.ranges;
    expect(q?.id).toBe('topology.inventory');
    // Evaluated once, at the window's end, over exactly the window.
    expect([q?.fromMs, q?.toMs]).toEqual([W.toMs, W.toMs]);
    expect(q?.query).toContain('[3600s]');
    expect(q?.query).toContain('app="a"');
    expect(d.labelsOf('flask_app_request_count_total')).toEqual(
      new Set(['method', 'endpoint', 'http_status']),
    );
    expect(d.packs).toEqual({
      load: ['k6', 'locust'],
      http: ['micrometer', 'fastapi', 'otel', 'otel_ms', 'generic'],
      jvm: ['micrometer'],
      database: ['hikaricp', 'postgres_exporter'],
      kafka: ['kafka_exporter'],
      infra: ['node_exporter', 'cadvisor', 'process'],
    });
  });

  it('falls back to the label-values API when the inventory query fails', async () => {
    const prom = fakeProm({
      names: SIM_NAMES,
      labels: SIM_LABELS,
      inventoryError: new LoadLensError('SOURCE_QUERY_ERROR', 'not recorded'),
    });
    const d = await discover(prom, W);
    expect(prom.calls.labelValues).toEqual([{ label: '__name__', matchers: undefined }]);
    expect(d.names.has('k6_vus')).toBe(true);
    expect(prom.calls.series.map((m) => m[0]).sort()).toEqual([
      'flask_app_request_count_total',
      'flask_app_request_latency_seconds_count',
      'http_requests_total',
    ]);
    expect(d.labelsOf('flask_app_request_count_total')).toEqual(
      new Set(['method', 'endpoint', 'http_status', 'job', 'instance']),
    );
    expect(d.packs).toEqual({
      load: ['k6', 'locust'],
      http: ['micrometer', 'fastapi', 'otel', 'otel_ms', 'generic'],
      jvm: ['micrometer'],
      database: ['hikaricp', 'postgres_exporter'],
      kafka: ['kafka_exporter'],
      infra: ['node_exporter', 'cadvisor', 'process'],
    });
  });

  it('keeps going when a label inspection fails, with a warning', async () => {
    const prom = fakeProm({
      names: ['flask_app_request_count_total'],
      inventoryError: new LoadLensError('SOURCE_QUERY_ERROR', 'not recorded'),
    });
    prom.series = async () => {
      throw new LoadLensError('SOURCE_TIMEOUT', 'series timed out');
    };
    const d = await discover(prom, W, 'app="a"');
    expect(d.packs).toEqual({});
    expect(d.warnings).toEqual([
      'could not read the labels of flask_app_request_count_total: series timed out',
    ]);
  });

  it('throws when the names cannot be listed', async () => {
    const err = new LoadLensError('SOURCE_UNREACHABLE', 'down');
    await expect(discover(fakeProm({ names: [], labelValuesError: err }), W)).rejects.toBe(err);
  });

  it('reads InfluxDB measurements', async () => {
    const d = await discoverInflux(fakeInflux({ measurements: ['jmeter', 'http_reqs', 'vus'] }));
    expect(d.packs).toEqual({ load: ['k6_influx', 'jmeter_influx'] });
  });
});
