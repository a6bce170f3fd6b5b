import type { SeriesUnit } from '../sources/series.js';
import type { ChartThemeName } from './chart-theme.js';

/** Which y axis a dataset is drawn against. */
export type AxisSide = 'left' | 'right';

/**
 * One line of a chart. Values are raw, in the unit of its axis (seconds, ratio, bytes…);
 * the renderer scales them for display. NaN values are gaps.
 */
export interface ChartDatasetSpec {
  label: string;
  t: readonly number[];
  v: readonly number[];
  axis?: AxisSide;
  /**
   * `limit`: a reference maximum (heap max, pool size), drawn dashed in a neutral colour;
   * `other`: the folded remainder, drawn in grey. Default `normal`.
   */
  kind?: 'normal' | 'limit' | 'other';
  /** Explicit CSS colour; otherwise the theme palette in order. */
  color?: string;
  dashed?: boolean;
  /** Line width in px at 1280 wide (default 4). */
  width?: number;
}

export interface ChartAxisSpec {
  unit: SeriesUnit;
  /** Axis title; defaults to the display unit (ms, %, MiB…). */
  title?: string;
  /** Bounds in raw units; the lower bound defaults to 0. */
  min?: number;
  max?: number;
}

/**
 * A renderable chart, independent of where the data came from: the planner builds these
 * from panels, comparison overlays can build them from two runs.
 */
export interface ChartSpec {
  /** Stable id, e.g. `latency`; used in file names. */
  id: string;
  title: string;
  left: ChartAxisSpec;
  right?: ChartAxisSpec;
  datasets: ChartDatasetSpec[];
}

/** Time markers drawn over every chart of a report. Times are epoch ms. */
export interface ChartMarkers {
  steps: Array<{ fromMs: number; toMs: number }>;
  peak: { fromMs: number; toMs: number; rps?: number } | null;
  dropAtMs: number | null;
}

/** How to render a chart. */
export interface ChartRenderOptions {
  locale: 'ru' | 'en';
  /** IANA time zone for tick labels, e.g. `Europe/Moscow`. */
  tz: string;
  theme?: ChartThemeName;
  /** Pixels; default 1280×640. */
  width?: number;
  height?: number;
  markers?: ChartMarkers;
}

/** A rendered chart image. */
export interface RenderedChart {
  id: string;
  title: string;
  png: Buffer;
  width: number;
  height: number;
}
