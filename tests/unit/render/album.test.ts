import { afterAll, describe, expect, it } from 'vitest';
import type { DomainJson } from '../../../src/analysis/report.types.js';
import { ALBUM_MAX, albumChartIds, renderAlbumCharts } from '../../../src/render/album.js';
import { planCharts } from '../../../src/render/chart-plan.js';
import { closeSharedRenderPool } from '../../../src/render/chart-renderer.js';
import { sampleMarkers, samplePanels } from './fixtures.js';

// renderCharts/renderAlbumCharts draw on the shared worker pool: stop its workers.
afterAll(() => closeSharedRenderPool());

const ALL = [
  'load_throughput',
  'latency',
  'errors',
  'jvm_heap',
  'jvm_gc',
  'db_pool',
  'kafka_lag',
  'infra_cpu',
  'infra_memory',
];

const domain = (id: DomainJson['id'], status: DomainJson['status'], metrics: string[] = []): DomainJson => ({
  id,
  status,
  summary: '',
  findings: metrics.map((metric) => ({ severity: 'high', title: metric, metric, at: null, value: null })),
});

/** PNG width and height from the IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('albumChartIds', () => {
  it('sends throughput, latency, errors and the bottleneck resource: four of nine charts', () => {
    const ids = albumChartIds(ALL, { bottleneck: 'database', domains: [] });
    expect(ids).toEqual(['load_throughput', 'latency', 'errors', 'db_pool']);
    expect(ids.length).toBeLessThanOrEqual(ALBUM_MAX);
  });

  it('without a bottleneck shows the resource in the worst state, or none when all held', () => {
    const domains = [domain('database', 'ok'), domain('infra', 'risk'), domain('jvm', 'fail')];
    expect(albumChartIds(ALL, { bottleneck: null, domains }).at(-1)).toBe('jvm_gc');
    const fine = [domain('database', 'ok'), domain('infra', 'ok')];
    expect(albumChartIds(ALL, { bottleneck: null, domains: fine })).toEqual([
      'load_throughput',
      'latency',
      'errors',
    ]);
  });

  it("picks the resource chart the bottleneck's finding names (heap, memory)", () => {
    const jvm = [domain('jvm', 'fail', ['jvm.heap_used'])];
    expect(albumChartIds(ALL, { bottleneck: 'jvm', domains: jvm }).at(-1)).toBe('jvm_heap');
    const infra = [domain('infra', 'fail', ['infra.container_memory'])];
    expect(albumChartIds(ALL, { bottleneck: 'infra', domains: infra }).at(-1)).toBe('infra_memory');
  });

  it('sends only charts that exist (a dropped flat chart is not sent)', () => {
    const ids = albumChartIds(['latency', 'infra_cpu'], { bottleneck: 'infra', domains: [] });
    expect(ids).toEqual(['latency', 'infra_cpu']);
  });
});

describe('renderAlbumCharts', () => {
  it('draws at most four square phone charts with the verdict charts first', async () => {
    const planned = planCharts(samplePanels(), 'en').map((s) => s.id);
    expect(planned.length).toBeGreaterThan(ALBUM_MAX);
    const album = await renderAlbumCharts({
      panels: samplePanels(),
      markers: sampleMarkers(),
      report: { bottleneck: 'database', domains: [] },
      locale: 'en',
      tz: 'UTC',
    });
    expect(album.map((c) => c.id)).toEqual(['load_throughput', 'latency', 'errors', 'db_pool']);
    for (const c of album) expect(pngSize(c.png)).toEqual({ width: 1080, height: 1080 });
  });
});
