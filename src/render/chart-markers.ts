import type { Plugin } from 'chart.js';
import type { ChartMarkers } from './chart-spec.js';
import type { ChartTheme } from './chart-theme.js';

/** The part of a Chart.js chart the markers need; a real `Chart` satisfies it. */
export interface MarkerTarget {
  ctx: CanvasRenderingContext2D;
  chartArea: { left: number; right: number; top: number; bottom: number };
  scales: Record<string, { getPixelForValue(value: number): number } | undefined>;
}

/** Colours, font and texts of the markers. */
export interface MarkerStyle {
  theme: ChartTheme;
  /** CSS font family list. */
  fontFamily: string;
  fontSize: number;
  /** Text over the peak band, e.g. `peak 205 rps`; null for none. */
  peakLabel: string | null;
  dropLabel: string;
  /** Word before a step's number over its band (`step 3`); the number alone when it does not fit. */
  stepWord?: string;
  /** Width of the drop line in px (default 3). */
  lineWidth?: number;
}

interface Span {
  x0: number;
  x1: number;
}

/** Pixel span of [fromMs, toMs] clamped to the plot area; null when outside it. */
function span(target: MarkerTarget, fromMs: number, toMs: number): Span | null {
  const x = target.scales.x;
  if (!x || !Number.isFinite(fromMs) || !Number.isFinite(toMs)) return null;
  const { left, right } = target.chartArea;
  const a = Math.max(left, Math.min(right, x.getPixelForValue(Math.min(fromMs, toMs))));
  const b = Math.max(left, Math.min(right, x.getPixelForValue(Math.max(fromMs, toMs))));
  return b > a ? { x0: a, x1: b } : null;
}

function clipToArea(target: MarkerTarget): void {
  const { ctx, chartArea: a } = target;
  ctx.beginPath();
  ctx.rect(a.left, a.top, a.right - a.left, a.bottom - a.top);
  ctx.clip();
}

/**
 * Draws behind the lines: every second load step as a light band with dashed step
 * boundaries (alternating bands read better than lines alone on a small screen), and the
 * peak window as a tinted band.
 */
export function drawMarkerBands(target: MarkerTarget, markers: ChartMarkers, style: MarkerStyle): void {
  const { ctx, chartArea: a } = target;
  const h = a.bottom - a.top;
  ctx.save();
  clipToArea(target);
  markers.steps.forEach((step, i) => {
    const s = span(target, step.fromMs, step.toMs);
    if (!s) return;
    if (i % 2 === 1) {
      ctx.fillStyle = style.theme.stepBand;
      ctx.fillRect(s.x0, a.top, s.x1 - s.x0, h);
    }
  });
  ctx.strokeStyle = style.theme.stepLine;
  ctx.lineWidth = 1;
  ctx.setLineDash([6, 6]);
  for (const step of markers.steps) {
    const s = span(target, step.fromMs, step.toMs);
    if (!s) continue;
    for (const x of [s.x0, s.x1]) {
      if (x <= a.left || x >= a.right) continue;
      ctx.beginPath();
      ctx.moveTo(Math.round(x) + 0.5, a.top);
      ctx.lineTo(Math.round(x) + 0.5, a.bottom);
      ctx.stroke();
    }
  }
  ctx.setLineDash([]);
  const peak = markers.peak ? span(target, markers.peak.fromMs, markers.peak.toMs) : null;
  if (peak) {
    ctx.fillStyle = style.theme.peakBand;
    ctx.fillRect(peak.x0, a.top, peak.x1 - peak.x0, h);
  }
  ctx.restore();
}

/**
 * Step numbers over their bands, on the top row: `step 3` where the band is wide enough,
 * else `3`, else nothing (a band narrower than its number).
 */
function drawStepLabels(target: MarkerTarget, markers: ChartMarkers, style: MarkerStyle, pad: number): void {
  const { ctx, chartArea: a } = target;
  ctx.font = `${style.fontSize}px ${style.fontFamily}`;
  ctx.fillStyle = style.theme.mutedText;
  ctx.textAlign = 'center';
  const spans = markers.steps.map((st) => span(target, st.fromMs, st.toMs));
  // One form for every band, so the row reads evenly: words only if every band has room.
  const fits = (text: (n: number) => string) =>
    spans.every((s, i) => !s || ctx.measureText(text(i + 1)).width + 2 * pad <= s.x1 - s.x0);
  const word = style.stepWord;
  const text = word && fits((n) => `${word} ${n}`) ? (n: number) => `${word} ${n}` : (n: number) => String(n);
  spans.forEach((s, i) => {
    if (!s || ctx.measureText(text(i + 1)).width + 2 * pad > s.x1 - s.x0) return;
    ctx.fillText(text(i + 1), (s.x0 + s.x1) / 2, a.top + pad);
  });
}

/** Draws over the lines: step numbers, the peak label and the drop moment as a red line. */
export function drawMarkerLines(target: MarkerTarget, markers: ChartMarkers, style: MarkerStyle): void {
  const { ctx, chartArea: a } = target;
  const x = target.scales.x;
  ctx.save();
  clipToArea(target);
  ctx.textBaseline = 'top';
  const pad = 6;
  const row = style.fontSize + 10;
  drawStepLabels(target, markers, style, pad);
  ctx.font = `bold ${style.fontSize}px ${style.fontFamily}`;

  const peak = markers.peak ? span(target, markers.peak.fromMs, markers.peak.toMs) : null;
  if (peak && style.peakLabel) {
    const w = ctx.measureText(style.peakLabel).width;
    const mid = (peak.x0 + peak.x1) / 2;
    const left = Math.max(a.left + pad, Math.min(a.right - pad - w, mid - w / 2));
    const top = a.top + pad + (markers.steps.length > 0 ? row : 0);
    ctx.fillStyle = style.theme.background;
    ctx.globalAlpha = 0.8;
    ctx.fillRect(left - 4, top - 2, w + 8, style.fontSize + 6);
    ctx.globalAlpha = 1;
    ctx.fillStyle = style.theme.peakText;
    ctx.textAlign = 'left';
    ctx.fillText(style.peakLabel, left, top);
  }

  if (x && markers.dropAtMs !== null && Number.isFinite(markers.dropAtMs)) {
    const px = x.getPixelForValue(markers.dropAtMs);
    if (px >= a.left && px <= a.right) {
      ctx.strokeStyle = style.theme.drop;
      ctx.lineWidth = style.lineWidth ?? 3;
      ctx.beginPath();
      ctx.moveTo(px, a.top);
      ctx.lineTo(px, a.bottom);
      ctx.stroke();
      const w = ctx.measureText(style.dropLabel).width;
      const labelX = px + pad + w <= a.right ? px + pad : px - pad - w;
      ctx.fillStyle = style.theme.drop;
      ctx.textAlign = 'left';
      ctx.fillText(style.dropLabel, labelX, a.top + pad + 2 * row);
    }
  }
  ctx.restore();
}

/**
 * A per-chart Chart.js plugin drawing the report's step, peak and drop markers. Built
 * per chart (not registered globally) so concurrent renders never share marker state.
 */
export function createMarkersPlugin(markers: ChartMarkers, style: MarkerStyle): Plugin<'line'> {
  return {
    id: 'loadlensMarkers',
    beforeDatasetsDraw: (chart) => drawMarkerBands(chart as unknown as MarkerTarget, markers, style),
    afterDatasetsDraw: (chart) => drawMarkerLines(chart as unknown as MarkerTarget, markers, style),
  };
}

/** A plugin filling the canvas with the theme background (PNG would be transparent). */
export function createBackgroundPlugin(color: string): Plugin<'line'> {
  return {
    id: 'loadlensBackground',
    beforeDraw: (chart) => {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}
