import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import { Chart } from 'chart.js';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { CHART_FONT_FAMILY } from '../../../src/render/chart-fonts.js';
import { closeSharedRenderPool } from '../../../src/render/chart-renderer.js';
import type { ChartSpec } from '../../../src/render/chart-spec.js';
import { chartTheme } from '../../../src/render/chart-theme.js';
import { peakLabel, renderChartPng, renderCharts } from '../../../src/render/render-chart.js';
import { sampleMarkers, samplePanels, series } from './fixtures.js';

// renderCharts/renderAlbumCharts draw on the shared worker pool: stop its workers.
afterAll(() => closeSharedRenderPool());

/** Width and height from the PNG IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function pixels(png: Buffer) {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return (x: number, y: number, w = 1, h = 1) => ctx.getImageData(x, y, w, h).data;
}

function spec(title: string): ChartSpec {
  const s = series('a', 'a', 240, (i) => 0.05 + i / 4000);
  return { id: 'latency', title, left: { unit: 's' }, datasets: [{ label: 'p95', t: s.t, v: s.v }] };
}

describe('renderChartPng', () => {
  it('renders a PNG of the default 1280×640 size and of a custom size', async () => {
    const def = await renderChartPng(spec('Latency'), { locale: 'en', tz: 'UTC' });
    expect(pngSize(def.png)).toEqual({ width: 1280, height: 640 });
    expect([def.width, def.height]).toEqual([1280, 640]);
    const small = await renderChartPng(spec('Latency'), { locale: 'en', tz: 'UTC', width: 800, height: 400 });
    expect(pngSize(small.png)).toEqual({ width: 800, height: 400 });
  });

  it('renders a Cyrillic title with the bundled font registered', async () => {
    const out = await renderChartPng(spec('Время ответа — перцентили'), {
      locale: 'ru',
      tz: 'Europe/Moscow',
    });
    expect(GlobalFonts.has(CHART_FONT_FAMILY)).toBe(true);
    const family = GlobalFonts.families.find((f) => f.family === CHART_FONT_FAMILY);
    expect(family?.styles.map((s) => s.weight).sort()).toEqual([400, 700]);
    // the title band holds ink: dark pixels on the light background
    const data = (await pixels(out.png))(340, 8, 600, 40);
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) ink++;
    expect(ink).toBeGreaterThan(300);
  });

  it('paints the theme background: light and dark differ', async () => {
    expect(chartTheme('dark').background).not.toBe(chartTheme('light').background);
    expect(chartTheme('dark').palette).not.toEqual(chartTheme('light').palette);
    const light = await pixels((await renderChartPng(spec('x'), { locale: 'en', tz: 'UTC' })).png);
    const dark = await pixels(
      (await renderChartPng(spec('x'), { locale: 'en', tz: 'UTC', theme: 'dark' })).png,
    );
    expect([...light(2, 2)]).toEqual([255, 255, 255, 255]);
    const d = [...dark(2, 2)];
    expect(d[3]).toBe(255);
    expect(Math.max(d[0]!, d[1]!, d[2]!)).toBeLessThan(40);
  });

  it('draws the markers onto a real chart', async () => {
    const m = sampleMarkers();
    const s = series('a', 'a', 240, () => 0.1);
    const base: ChartSpec = {
      id: 'x',
      title: 'x',
      left: { unit: 's' },
      datasets: [{ label: 'a', t: s.t, v: s.v }],
    };
    const withDrop = await pixels(
      (
        await renderChartPng(base, {
          locale: 'en',
          tz: 'UTC',
          markers: { steps: [], peak: null, dropAtMs: m.dropAtMs },
        })
      ).png,
    );
    // some pixel in a row through the middle of the plot is the drop line's red
    const row = withDrop(0, 300, 1280, 1);
    let red = 0;
    for (let i = 0; i < row.length; i += 4) if (row[i]! > 180 && row[i + 1]! < 60 && row[i + 2]! < 80) red++;
    expect(red).toBeGreaterThanOrEqual(2);
  });

  it('rejects absurd sizes with BAD_INPUT', async () => {
    await expect(renderChartPng(spec('x'), { locale: 'en', tz: 'UTC', width: 10 })).rejects.toSatisfy((err) =>
      isLoadLensError(err, 'BAD_INPUT'),
    );
  });

  it('formats the peak label in both languages', () => {
    expect(peakLabel('en', 205.4)).toBe('peak 205 rps');
    expect(peakLabel('ru', 42.25)).toBe('пик 42.3 rps');
    expect(peakLabel('ru', undefined)).toBe('пик');
  });
});

describe('renderCharts', () => {
  it('renders every planned chart and leaves no live Chart.js instances behind', async () => {
    const before = Object.keys(Chart.instances).length;
    const charts = await renderCharts({
      panels: samplePanels(),
      markers: sampleMarkers(),
      locale: 'ru',
      tz: 'Europe/Moscow',
      width: 640,
      height: 320,
    });
    expect(charts.map((c) => c.id)).toEqual([
      'load_throughput',
      'latency',
      'errors',
      'jvm_heap',
      'db_pool',
      'infra_cpu',
    ]);
    expect(charts[0]!.title).toBe('Пропускная способность и нагрузка');
    for (const c of charts) expect(pngSize(c.png)).toEqual({ width: 640, height: 320 });
    expect(Object.keys(Chart.instances).length).toBe(before);
  });
});
