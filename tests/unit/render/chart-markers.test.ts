import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { CHART_FONT_STACK, ensureChartFonts } from '../../../src/render/chart-fonts.js';
import { drawMarkerBands, drawMarkerLines, type MarkerTarget } from '../../../src/render/chart-markers.js';
import { chartTheme } from '../../../src/render/chart-theme.js';

/** A fake chart: x values 0..1000 map linearly onto pixels 100..900. */
function target() {
  const canvas = createCanvas(1000, 600);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 1000, 600);
  const t: MarkerTarget = {
    ctx: ctx as unknown as CanvasRenderingContext2D,
    chartArea: { left: 100, right: 900, top: 50, bottom: 550 },
    scales: { x: { getPixelForValue: (v: number) => 100 + (v / 1000) * 800 } },
  };
  const pixel = (x: number, y: number) => [...ctx.getImageData(x, y, 1, 1).data];
  return { t, pixel };
}

const style = {
  theme: chartTheme('light'),
  fontFamily: CHART_FONT_STACK,
  fontSize: 18,
  peakLabel: 'пик 205 rps',
  dropLabel: 'срыв',
};

describe('markers', () => {
  it('draws alternating step bands, the peak band and a red drop line', () => {
    ensureChartFonts();
    const { t, pixel } = target();
    const markers = {
      steps: [
        { fromMs: 0, toMs: 250 },
        { fromMs: 250, toMs: 500 },
        { fromMs: 500, toMs: 750 },
      ],
      peak: { fromMs: 500, toMs: 750, rps: 205 },
      dropAtMs: 875,
    };
    drawMarkerBands(t, markers, style);
    drawMarkerLines(t, markers, style);
    expect(pixel(150, 400)).toEqual([255, 255, 255, 255]); // first step: no band
    const band = pixel(400, 400); // second step: light grey band
    expect(band[0]).toBeLessThan(255);
    expect(Math.abs(band[0]! - band[2]!)).toBeLessThanOrEqual(3); // a neutral grey
    const peak = pixel(600, 400); // peak: green tint
    expect(peak[1]!).toBeGreaterThan(peak[0]!);
    const drop = pixel(800, 300); // 875 → x = 800
    expect(drop[0]).toBeGreaterThan(180);
    expect(drop[1]).toBeLessThan(60);
    expect(pixel(950, 300)).toEqual([255, 255, 255, 255]); // outside the plot area
  });

  it('ignores markers outside the axis or without an x scale, without throwing', () => {
    const { t, pixel } = target();
    const far = {
      steps: [{ fromMs: 5000, toMs: 6000 }],
      peak: { fromMs: -900, toMs: -100 },
      dropAtMs: 99_999,
    };
    expect(() => {
      drawMarkerBands(t, far, style);
      drawMarkerLines(t, far, style);
      drawMarkerBands({ ...t, scales: {} }, far, style);
      drawMarkerLines({ ...t, scales: {} }, { ...far, dropAtMs: Number.NaN }, style);
    }).not.toThrow();
    for (const x of [100, 500, 899]) expect(pixel(x, 300)).toEqual([255, 255, 255, 255]);
  });
});
