/**
 * Benchmark: Chart.js charts per second on @napi-rs/canvas versus the same Chart.js chart
 * rendered in headless Chromium and screenshotted, at 1280×640 with 1 h of data
 * (240 points × 3 series). The napi path is what production uses; the Chromium path is
 * the usual alternative, so the ratio tells what the choice saves.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import {
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Title,
} from 'chart.js';
import puppeteer from 'puppeteer-core';
import { renderAlbumCharts } from '../src/render/album.js';
import { CHART_FONT_STACK, ensureChartFonts } from '../src/render/chart-fonts.js';
import { createBackgroundPlugin } from '../src/render/chart-markers.js';
import type { ChartSpec } from '../src/render/chart-spec.js';
import { inThreadRenderer } from '../src/render/in-thread-renderer.js';
import { encodeCanvasPng } from '../src/render/png-encode.js';
import { renderChartPng } from '../src/render/render-chart.js';
import type { ChartRenderer } from '../src/render/render-messages.js';
import { createRenderPool, defaultRenderWorkers } from '../src/render/render-pool.js';
import { sampleMarkers, samplePanels } from '../tests/unit/render/fixtures.js';
import { fmtSpread, type Spread, spreadOf } from './spread.js';

const WIDTH = 1280;
const HEIGHT = 640;
const POINTS = 240;
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const STEP_MS = 15_000;
const TICK_MS = 10 * 60_000;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

type Point = { x: number; y: number };

/** Deterministic 1 h of data: three latency-like series. */
function benchData(): Array<{ label: string; color: string; data: Point[] }> {
  const colors = ['#0b62d6', '#e07b00', '#1a9e50'];
  return ['p50', 'p95', 'p99'].map((label, k) => ({
    label,
    color: colors[k]!,
    data: Array.from({ length: POINTS }, (_, i) => ({
      x: T0 + i * STEP_MS,
      y: (k + 1) * 40 + 20 * Math.sin(i / 15 + k) + (i / POINTS) * 30 * (k + 1),
    })),
  }));
}

/**
 * The chart config as plain JSON, so the very same object can be handed to the page.
 * The only function, the HH:MM tick formatter, is added on each side by {@link PAGE_TICKS}.
 */
function plainConfig(data: ReturnType<typeof benchData>): ChartConfiguration<'line', Point[]> {
  const font = (size: number, weight: 'normal' | 'bold' = 'normal') => ({
    family: CHART_FONT_STACK,
    size,
    weight,
  });
  return {
    type: 'line',
    data: {
      datasets: data.map((d) => ({
        label: d.label,
        data: d.data,
        borderColor: d.color,
        backgroundColor: d.color,
        borderWidth: 4,
        pointRadius: 0,
        tension: 0,
      })),
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      parsing: false,
      events: [],
      plugins: {
        title: { display: true, text: 'Response time percentiles', font: font(28, 'bold') },
        legend: { position: 'bottom', labels: { font: font(18) } },
        tooltip: { enabled: false },
      },
      scales: {
        x: {
          type: 'linear',
          min: T0,
          max: T0 + (POINTS - 1) * STEP_MS,
          ticks: { stepSize: TICK_MS, font: font(18), maxRotation: 0 },
        },
        y: { type: 'linear', beginAtZero: true, ticks: { font: font(18) } },
      },
    },
  };
}

const TICK_FORMAT: Intl.DateTimeFormatOptions = {
  timeZone: 'UTC',
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
};
/** The HH:MM tick formatter, as Node code and as the same code for the page. */
const tickLabel = (v: number) => new Intl.DateTimeFormat('en', TICK_FORMAT).format(new Date(v));
const PAGE_TICKS = `(v) => new Intl.DateTimeFormat('en', ${JSON.stringify(TICK_FORMAT)}).format(new Date(v))`;

async function timeLoop(seconds: number, warmup: number, once: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < warmup; i++) await once();
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000) {
    await once();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

/** Plain Chart.js on @napi-rs/canvas with exactly the config the page gets. */
async function benchNapi(seconds: number): Promise<number> {
  ensureChartFonts();
  Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Title);
  const data = benchData();
  return timeLoop(seconds, 3, async () => {
    const config = plainConfig(data);
    config.options!.scales!.x!.ticks!.callback = (v) => tickLabel(Number(v));
    const canvas = createCanvas(WIDTH, HEIGHT);
    config.plugins = [createBackgroundPlugin('#ffffff')];
    const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, config);
    try {
      return await encodeCanvasPng(canvas);
    } finally {
      chart.destroy();
    }
  });
}

/** The production renderer (markers, theme, tz ticks) on the same data, for reference. */
async function benchNapiFull(seconds: number): Promise<number> {
  const data = benchData();
  const spec: ChartSpec = {
    id: 'bench',
    title: 'Response time percentiles',
    left: { unit: 'ms' },
    datasets: data.map((d) => ({ label: d.label, t: d.data.map((p) => p.x), v: d.data.map((p) => p.y) })),
  };
  const markers = {
    steps: [],
    peak: { fromMs: T0 + 20 * 60_000, toMs: T0 + 30 * 60_000, rps: 205 },
    dropAtMs: T0 + 45 * 60_000,
  };
  return timeLoop(seconds, 3, () => renderChartPng(spec, { locale: 'en', tz: 'UTC', markers }));
}

/** The same chart in headless Chromium, screenshotting the canvas element to PNG. */
async function benchChromium(seconds: number, executablePath: string): Promise<number> {
  const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
  const browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: WIDTH, height: HEIGHT });
    await page.setContent(
      `<!doctype html><html><body style="margin:0"><canvas id="c" width="${WIDTH}" height="${HEIGHT}"></canvas></body></html>`,
    );
    await page.addScriptTag({ path: chartJs });
    const canvas = await page.$('#c');
    if (!canvas) throw new Error('canvas element missing');
    const json = JSON.stringify(plainConfig(benchData()));
    // One chart per iteration: build from the same JSON, render, screenshot, destroy.
    const script = `(() => {
      const config = ${json};
      config.options.scales.x.ticks.callback = ${PAGE_TICKS};
      config.plugins = [{ id: 'bg', beforeDraw: (c) => {
        c.ctx.save(); c.ctx.globalCompositeOperation = 'destination-over';
        c.ctx.fillStyle = '#ffffff'; c.ctx.fillRect(0, 0, c.width, c.height); c.ctx.restore();
      } }];
      if (window.__chart) window.__chart.destroy();
      window.__chart = new Chart(document.getElementById('c').getContext('2d'), config);
    })()`;
    return await timeLoop(seconds, 2, async () => {
      await page.evaluate(script);
      return canvas.screenshot({ type: 'png' });
    });
  } finally {
    await browser.close();
  }
}

/**
 * The usual way a chart is screenshotted on demand (an image-render service, a report
 * script): a fresh page per chart — load the page and Chart.js, draw, screenshot, close —
 * in an already running browser (its start-up is still not counted).
 */
async function benchChromiumFreshPage(seconds: number, executablePath: string): Promise<number> {
  const chartJs = join(dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.js');
  const browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  const json = JSON.stringify(plainConfig(benchData()));
  const script = `(() => {
    const config = ${json};
    config.options.scales.x.ticks.callback = ${PAGE_TICKS};
    new Chart(document.getElementById('c').getContext('2d'), config);
  })()`;
  try {
    return await timeLoop(seconds, 1, async () => {
      const page = await browser.newPage();
      try {
        await page.setViewport({ width: WIDTH, height: HEIGHT });
        await page.setContent(
          `<!doctype html><html><body style="margin:0;background:#fff"><canvas id="c" width="${WIDTH}" height="${HEIGHT}"></canvas></body></html>`,
        );
        await page.addScriptTag({ path: chartJs });
        await page.evaluate(script);
        const canvas = await page.$('#c');
        if (!canvas) throw new Error('canvas element missing');
        return await canvas.screenshot({ type: 'png' });
      } finally {
        await page.close();
      }
    });
  } finally {
    await browser.close();
  }
}

/** Result of {@link benchCharts}; `napiFullChartsPerSec` is the production renderer. */
export interface ChartsBenchResult {
  napiChartsPerSec: number;
  chromiumChartsPerSec: number;
  /** napi / Chromium on the identical config; the goal is ≥ 20. */
  ratio: number;
  napiFullChartsPerSec: number;
  /** Chromium with a fresh page per chart, and napi's ratio to it. */
  chromiumFreshPageChartsPerSec: number;
  ratioFreshPage: number;
}

/**
 * Measures charts per second for `seconds` per renderer (default 5). Chromium is
 * `CHROMIUM_PATH` or `/usr/bin/chromium`; browser start-up is not counted.
 */
export async function benchCharts(
  opts: { seconds?: number; chromiumPath?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChartsBenchResult> {
  const seconds = opts.seconds ?? 5;
  const env = opts.env ?? process.env;
  const chromiumPath = opts.chromiumPath ?? env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const napiChartsPerSec = await benchNapi(seconds);
  const napiFullChartsPerSec = await benchNapiFull(seconds);
  const chromiumChartsPerSec = await benchChromium(seconds, chromiumPath);
  const chromiumFreshPageChartsPerSec = await benchChromiumFreshPage(seconds, chromiumPath);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    napiChartsPerSec: round(napiChartsPerSec),
    chromiumChartsPerSec: round(chromiumChartsPerSec),
    ratio: round(napiChartsPerSec / chromiumChartsPerSec),
    napiFullChartsPerSec: round(napiFullChartsPerSec),
    chromiumFreshPageChartsPerSec: round(chromiumFreshPageChartsPerSec),
    ratioFreshPage: round(napiChartsPerSec / chromiumFreshPageChartsPerSec),
  };
}

/** Result of {@link benchAlbum}: one chat album (4 phone charts) from panels to PNGs, in ms. */
export interface AlbumBenchResult {
  workers: number;
  runs: number;
  /** On a started pool, as in a running bot: the goal is ≤ 120 ms. */
  poolMs: Spread;
  /** The first album of a fresh pool, worker start-up included (a CLI run pays it once). */
  coldPoolMs: Spread;
  /** Drawn on the calling thread, for comparison. */
  inThreadMs: Spread;
}

async function timeAlbum(renderer: ChartRenderer): Promise<number> {
  const t0 = performance.now();
  const album = await renderAlbumCharts(
    {
      panels: samplePanels(),
      markers: sampleMarkers(),
      report: { bottleneck: 'database', domains: [] },
      locale: 'en',
      tz: 'UTC',
    },
    renderer,
  );
  if (album.length !== 4) throw new Error(`album has ${album.length} charts, expected 4`);
  return performance.now() - t0;
}

/**
 * The chat album from data to PNGs: median and range of `runs` albums (default 9) on a
 * started pool of `workers` (default as production), `runs` cold pools, and in-thread.
 */
export async function benchAlbum(opts: { runs?: number; workers?: number } = {}): Promise<AlbumBenchResult> {
  const runs = opts.runs ?? 9;
  const workers = opts.workers ?? defaultRenderWorkers();
  const cold: number[] = [];
  for (let i = 0; i < Math.min(runs, 5); i++) {
    const fresh = createRenderPool({ size: workers });
    cold.push(await timeAlbum(fresh));
    await fresh.close();
  }
  const pool = createRenderPool({ size: workers });
  const warm: number[] = [];
  try {
    for (let i = 0; i < 2; i++) await timeAlbum(pool);
    for (let i = 0; i < runs; i++) warm.push(await timeAlbum(pool));
  } finally {
    await pool.close();
  }
  const local = inThreadRenderer();
  const inThread: number[] = [];
  for (let i = 0; i < 2; i++) await timeAlbum(local);
  for (let i = 0; i < runs; i++) inThread.push(await timeAlbum(local));
  return {
    workers,
    runs,
    poolMs: spreadOf(warm),
    coldPoolMs: spreadOf(cold),
    inThreadMs: spreadOf(inThread),
  };
}

/** Readable lines for the bench summary. */
export function albumLines(a: AlbumBenchResult): string[] {
  return [
    `album (4 phone charts, data → PNGs) on ${a.workers} worker(s): ${fmtSpread(a.poolMs)} (goal ≤ 120 ms); first album of a fresh pool ${fmtSpread(a.coldPoolMs)}; in-thread ${fmtSpread(a.inThreadMs)}`,
  ];
}
