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
  /** Explicit CSS colour; otherwise the theme palette colour {@link colorIndex}. */
  color?: string;
  /**
   * Slot in the theme palette, fixed by the planner so the same line has the same colour
   * in the PNG, the PDF and the browser chart. Without it, normal lines take slots in order.
   */
  colorIndex?: number;
  dashed?: boolean;
  /**
   * Drawn over the other lines: set on a dashed line that runs on top of another one
   * (the two would otherwise look like one line with two legend entries).
   */
  onTop?: boolean;
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

/** Size and text scale of a rendered chart. */
export type ChartProfile = 'wide' | 'phone';

/** How to render a chart. */
export interface ChartRenderOptions {
  locale: 'ru' | 'en';
  /** IANA time zone for tick labels, e.g. `Europe/Moscow`. */
  tz: string;
  theme?: ChartThemeName;
  /**
   * `wide` (default, 1280×640: PDF, HTML, CLI) or `phone` (1080×1080 with large text:
   * the chat album, readable when a phone shows it 400 px wide).
   */
  profile?: ChartProfile;
  /** Pixels; default by profile. */
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
