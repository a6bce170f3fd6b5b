import { describe, expect, it } from 'vitest';
import { toStoredSeries } from '../../../src/pipeline/to-stored-series.js';
import { planCharts } from '../../../src/render/chart-plan.js';
import { panelsFromStored } from '../../../src/render/stored-panels.js';
import { buildChartData, thin } from '../../../src/web/chart-data.js';
import { exportFileName } from '../../../src/web/pdf-report.js';
import { samplePanels, T0 } from '../render/fixtures.js';
import { analysedRun } from './web-fixtures.js';

describe('browser chart data', () => {
  it('plans the same charts from stored series as from the live panels', () => {
    const panels = samplePanels();
    const fromStore = planCharts(panelsFromStored(toStoredSeries(panels)), 'en');
    const live = planCharts(panels, 'en');
    expect(fromStore.map((c) => [c.id, c.datasets.map((d) => d.label)])).toEqual(
      live.map((c) => [c.id, c.datasets.map((d) => d.label)]),
    );
  });

  it('scales values to display units per axis and keeps gaps as null', () => {
    const run = analysedRun();
    const series = run.series.map((s) =>
      s.key.includes('p95') ? { ...s, v: s.v.map((v, i) => (i === 3 ? Number.NaN : v)) } : s,
    );
    const data = buildChartData(series, run.report, { locale: 'ru', tz: 'Europe/Moscow' });
    expect(data.tz).toBe('Europe/Moscow');
    expect(data.window).toEqual({ from: T0, to: T0 + 240 * 15_000 });
    const errors = data.charts.find((c) => c.id === 'errors')!;
    expect(errors.left.suffix).toBe('%');
    // 0.001 ratio → 0.1 %.
    expect(errors.datasets[0]!.points[0]![1]).toBeCloseTo(0.1, 6);
    const heap = data.charts.find((c) => c.id === 'jvm_heap')!;
    expect(heap.left.suffix).toBe('GiB');
    expect(heap.datasets.find((d) => d.kind === 'limit')?.dashed).toBe(true);
    const p95 = data.charts.find((c) => c.id === 'latency')!.datasets.find((d) => d.label === 'p95')!;
    expect(p95.points[3]![1]).toBeNull();
    // The sample's served throughput flattens but never falls: no drop line (issue 14)…
    expect(data.markers.drop).toBeNull();
    // …while a report whose throughput fell gets one, labelled in the reader's language.
    const fell = {
      ...run.report,
      peak: { ...run.report.peak!, dropAt: new Date(T0 + 200 * 15_000).toISOString() },
    };
    expect(buildChartData(series, fell, { locale: 'ru', tz: 'Europe/Moscow' }).markers.drop?.label).toBe(
      'срыв',
    );
    const throughput = data.charts.find((c) => c.id === 'load_throughput')!;
    expect(throughput.right?.title).toBeTruthy();
    expect(throughput.datasets.some((d) => d.axis === 'right')).toBe(true);
  });

  it('thins long lines but keeps every bucket extreme', () => {
    const pts: Array<[number, number | null]> = Array.from({ length: 10_000 }, (_, i) => [
      i,
      i % 97 === 0 ? 1000 : 1,
    ]);
    pts[5000] = [5000, -50];
    const out = thin(pts, 2000);
    expect(out.length).toBeLessThanOrEqual(2000);
    expect(out.some((p) => p[1] === -50)).toBe(true);
    expect(out.filter((p) => p[1] === 1000).length).toBeGreaterThan(90);
    for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
    expect(thin(pts.slice(0, 10), 2000)).toHaveLength(10);
  });

  it('names export files from the run name with only safe characters', () => {
    expect(exportFileName('orders 2026-11-22 15:00', 'pdf')).toBe('orders_2026-11-22_1500.pdf');
    expect(exportFileName('Прогон "a/b" <x>', 'pdf')).toBe('Прогон_ab_x.pdf');
    expect(exportFileName('../../etc', 'pdf')).toBe('etc.pdf');
    expect(exportFileName('///', 'pdf')).toBe('loadlens-report.pdf');
  });
});
