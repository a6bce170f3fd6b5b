import { createCanvas } from '@napi-rs/canvas';
import {
  Chart,
  type ChartConfiguration,
  type ChartDataset,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
} from 'chart.js';
import { LoadLensError, toLoadLensError } from '../core/errors.js';
import { CHART_FONT_STACK, ensureChartFonts } from './chart-fonts.js';
import { createBackgroundPlugin, createMarkersPlugin } from './chart-markers.js';
import type {
  AxisSide,
  ChartMarkers,
  ChartProfile,
  ChartRenderOptions,
  ChartSpec,
  RenderedChart,
} from './chart-spec.js';
import { chartStrings } from './chart-strings.js';
import { type ChartTheme, chartTheme } from './chart-theme.js';
import { encodeCanvasPng } from './png-encode.js';
import { makeTimeFormatter, pickTickStepMs, timeTicks } from './time-axis.js';
import { displayScale, formatCompact } from './units.js';

export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 640;

/** Pixel sizes of a profile at its own width; other widths scale them. */
interface ProfileSizes {
  width: number;
  height: number;
  title: number;
  text: number;
  axisTitle: number;
  line: number;
  legendLine: number;
}

/**
 * `wide` text is sized for a chart shown half a page wide in the PDF (two per row);
 * `phone` text for a square image that a chat shows about 400 px wide (36 px → 13 px).
 */
const PROFILES: Record<ChartProfile, ProfileSizes> = {
  wide: {
    width: DEFAULT_WIDTH,
    height: DEFAULT_HEIGHT,
    title: 36,
    text: 30,
    axisTitle: 26,
    line: 5,
    legendLine: 48,
  },
  phone: { width: 1080, height: 1080, title: 46, text: 36, axisTitle: 30, line: 7, legendLine: 56 },
};

/** Tick and legend text size of a profile in px at its default width. */
export function profileText(profile: ChartProfile = 'wide'): number {
  return PROFILES[profile].text;
}

/** Default pixel size of a profile. */
export function profileSize(profile: ChartProfile = 'wide'): { width: number; height: number } {
  const p = PROFILES[profile];
  return { width: p.width, height: p.height };
}

type Point = { x: number; y: number };
type LineConfig = ChartConfiguration<'line', Point[]>;
type ScaleConfig = NonNullable<NonNullable<NonNullable<LineConfig['options']>['scales']>[string]>;

/**
 * Chart.js components are registered explicitly (tree-shaken build, no `chart.js/auto`).
 * Registration is idempotent and cheap, so it simply runs before each render.
 */
function registerChartComponents(): void {
  Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Title);
}

function checkSize(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 200 || value > 4096) {
    throw new LoadLensError('BAD_INPUT', `chart ${name} must be an integer in 200..4096, got ${value}`);
  }
  return value;
}

function toPoints(t: readonly number[], v: readonly number[], factor: number): Point[] {
  const n = Math.min(t.length, v.length);
  const out: Point[] = new Array(n);
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const y = v[i]!;
    out[i] = { x: t[i]!, y: Number.isFinite(y) ? y * factor : Number.NaN };
    if (i > 0 && out[i]!.x < out[i - 1]!.x) sorted = false;
  }
  return sorted ? out : out.sort((a, b) => a.x - b.x);
}

function maxAbs(spec: ChartSpec, side: AxisSide): number {
  let m = 0;
  for (const d of spec.datasets) {
    if ((d.axis ?? 'left') !== side) continue;
    for (const v of d.v) if (Number.isFinite(v) && Math.abs(v) > m) m = Math.abs(v);
  }
  return m;
}

/** Peak label text, e.g. `peak 205 rps` / `пик 205 rps`. */
export function peakLabel(locale: 'ru' | 'en', rps: number | undefined): string {
  const word = chartStrings(locale).peak;
  if (rps === undefined || !Number.isFinite(rps)) return word;
  const value = rps >= 100 ? Math.round(rps) : Number(rps.toFixed(1));
  return `${word} ${value} rps`;
}

/**
 * Builds the Chart.js configuration for a spec: linear time axis over epoch ms with
 * ticks at round wall-clock times in `opts.tz`, values scaled to display units, large
 * fonts for phones, legend at the bottom, markers as a per-chart plugin.
 */
export function buildChartConfig(spec: ChartSpec, opts: ChartRenderOptions & { width: number }): LineConfig {
  const theme: ChartTheme = chartTheme(opts.theme);
  // Sizes are tuned at the profile's width and scale with the actual width.
  const P = PROFILES[opts.profile ?? 'wide'];
  const k = opts.width / P.width;
  const px = (n: number) => Math.max(1, Math.round(n * k));
  const font = (size: number, weight: 'normal' | 'bold' = 'normal') => ({
    family: CHART_FONT_STACK,
    size: Math.max(10, px(size)),
    weight,
  });

  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  for (const d of spec.datasets) {
    for (const t of d.t) {
      if (t < xMin) xMin = t;
      if (t > xMax) xMax = t;
    }
  }
  if (!(xMax > xMin)) {
    xMin = Number.isFinite(xMin) ? xMin : 0;
    xMax = xMin + 60_000;
  }
  // A tick label (`15:40`) is about three text heights wide; keep a label's width between them.
  const maxTicks = Math.max(3, Math.floor(opts.width / (px(P.text) * 6)));
  const ticks = timeTicks(xMin, xMax, opts.tz, maxTicks);
  const fmtTime = makeTimeFormatter(opts.locale, opts.tz, {
    stepMs: pickTickStepMs(xMax - xMin, maxTicks),
    spanMs: xMax - xMin,
  });

  const markers: ChartMarkers = opts.markers ?? { steps: [], peak: null, dropAtMs: null };
  const hasMarkers = markers.steps.length > 0 || markers.peak !== null;
  const scales = {
    left: displayScale(spec.left.unit, maxAbs(spec, 'left'), opts.locale),
    right: spec.right ? displayScale(spec.right.unit, maxAbs(spec, 'right'), opts.locale) : null,
  };
  let paletteIndex = 0;
  const datasets: ChartDataset<'line', Point[]>[] = spec.datasets.map((d) => {
    const side = d.axis === 'right' && spec.right ? 'right' : 'left';
    const factor = (side === 'right' ? scales.right : scales.left)?.factor ?? 1;
    const kind = d.kind ?? 'normal';
    const slot = kind === 'normal' ? (d.colorIndex ?? paletteIndex++) : 0;
    const color =
      d.color ??
      (kind === 'limit'
        ? theme.limit
        : kind === 'other'
          ? theme.other
          : theme.palette[slot % theme.palette.length]!);
    const dashed = d.dashed ?? kind === 'limit';
    // A line on top of another is thinner, so the one under it shows through its gaps.
    const width = d.width ?? (d.onTop ? P.line * 0.75 : P.line);
    return {
      label: d.label,
      data: toPoints(d.t, d.v, factor),
      yAxisID: side === 'right' ? 'y1' : 'y',
      // Chart.js draws lower `order` last, i.e. on top: dashed lines go over solid ones, whose
      // colour shows through the gaps (users can coincide with rps on their own axis).
      order: d.onTop || dashed ? -1 : 0,
      borderColor: color,
      backgroundColor: color,
      borderWidth: px(width),
      borderDash: dashed ? [px(P.line * 3), px(P.line * 2)] : [],
      pointRadius: 0,
      pointHoverRadius: 0,
      pointHitRadius: 0,
      tension: 0,
      spanGaps: false,
      fill: false,
    };
  });

  const yAxis = (side: AxisSide): ScaleConfig => {
    const axis = side === 'right' ? spec.right! : spec.left;
    const scale = (side === 'right' ? scales.right : scales.left)!;
    const titleText = axis.title ? `${axis.title}${scale.suffix ? `, ${scale.suffix}` : ''}` : scale.suffix;
    return {
      type: 'linear',
      position: side,
      beginAtZero: axis.min === undefined,
      // Headroom above the highest value keeps flat maxima (pool size) off the frame and
      // leaves the top rows to the step and peak labels.
      grace: hasMarkers ? '22%' : '8%',
      ...(axis.min !== undefined ? { min: axis.min * scale.factor } : {}),
      ...(axis.max !== undefined ? { max: axis.max * scale.factor } : {}),
      grid: { color: theme.grid, drawOnChartArea: side === 'left' },
      border: { color: theme.grid },
      ticks: {
        color: theme.text,
        font: font(P.text),
        callback: (v) => formatCompact(Number(v)),
        maxTicksLimit: opts.profile === 'phone' ? 6 : 7,
      },
      title: { display: titleText !== '', text: titleText, color: theme.mutedText, font: font(P.axisTitle) },
    };
  };

  return {
    type: 'line',
    data: { datasets },
    options: {
      responsive: false,
      animation: false,
      // The PNG is 1280 px wide, already about a phone's physical width, and Telegram
      // recompresses photos to 1280 px anyway: a ratio of 2 would only quadruple the
      // pixels and the encode time, not the readability.
      devicePixelRatio: 1,
      parsing: false,
      events: [],
      layout: { padding: { left: px(8), right: px(16), top: px(8), bottom: px(4) } },
      plugins: {
        title: {
          display: true,
          text: spec.title,
          color: theme.text,
          font: font(P.title, 'bold'),
          padding: { top: px(6), bottom: px(14) },
        },
        legend: {
          display: true,
          position: 'bottom',
          labels: {
            color: theme.text,
            font: font(P.text),
            // A line sample (dashed when the series is) says more than a filled box.
            usePointStyle: true,
            pointStyle: 'line',
            pointStyleWidth: px(P.legendLine),
            padding: px(P.text * 0.75),
            // Legend in the planner's order, whatever the drawing order (`order`).
            sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
          },
        },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          type: 'linear',
          min: xMin,
          max: xMax,
          afterBuildTicks: (axis) => {
            axis.ticks = ticks.map((value) => ({ value }));
          },
          grid: { color: theme.grid },
          border: { color: theme.grid },
          ticks: {
            color: theme.text,
            font: font(P.text),
            autoSkip: false,
            maxRotation: 0,
            callback: (v) => fmtTime(Number(v)),
          },
          title: { display: true, text: opts.tz, color: theme.mutedText, font: font(P.axisTitle) },
        },
        y: yAxis('left'),
        ...(spec.right ? { y1: yAxis('right') } : {}),
      },
    },
    plugins: [
      createBackgroundPlugin(theme.background),
      createMarkersPlugin(markers, {
        theme,
        fontFamily: CHART_FONT_STACK,
        fontSize: Math.max(10, px(P.axisTitle)),
        peakLabel: markers.peak ? peakLabel(opts.locale, markers.peak.rps) : null,
        dropLabel: chartStrings(opts.locale).drop,
        stepWord: chartStrings(opts.locale).step,
        lineWidth: Math.max(2, px(P.line * 0.75)),
      }),
    ],
  };
}

/**
 * Renders one chart to PNG with Chart.js on @napi-rs/canvas. The chart is destroyed
 * after encoding, so hundreds of renders do not accumulate listeners or canvases.
 */
export async function renderChartPng(spec: ChartSpec, opts: ChartRenderOptions): Promise<RenderedChart> {
  const size = profileSize(opts.profile);
  const width = checkSize('width', opts.width ?? size.width);
  const height = checkSize('height', opts.height ?? size.height);
  ensureChartFonts();
  registerChartComponents();
  const config = buildChartConfig(spec, { ...opts, width });
  const canvas = createCanvas(width, height);
  let chart: Chart<'line', Point[]> | undefined;
  try {
    chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, config);
    const png = await encodeCanvasPng(canvas);
    return { id: spec.id, title: spec.title, png, width: canvas.width, height: canvas.height };
  } catch (err) {
    throw new LoadLensError('RENDER_FAILED', `chart ${spec.id}: ${toLoadLensError(err).message}`, {
      cause: err,
      details: { chart: spec.id },
    });
  } finally {
    chart?.destroy();
  }
}

// renderCharts lives in its own module, so the main thread can draw through the worker pool
// without loading Chart.js and Skia; re-exported here for existing callers.
export { type RenderChartsInput, renderCharts } from './render-charts.js';
