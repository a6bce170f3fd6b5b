import type { ChartRenderOptions, ChartSpec, RenderedChart } from './chart-spec.js';

/** One chart to draw: plain data, so it crosses to a worker thread by structured clone. */
export interface ChartJob {
  spec: ChartSpec;
  opts: ChartRenderOptions;
}

/** Main thread → render worker. */
export interface RenderRequest {
  id: number;
  job: ChartJob;
}

/** Render worker → main thread: the chart with its PNG bytes (transferred), or the error. */
export type RenderResponse =
  | { id: number; ok: true; chart: Omit<RenderedChart, 'png'> & { png: Uint8Array } }
  | { id: number; ok: false; error: Error };

/** Draws chart jobs into PNGs, in the order given. */
export interface ChartRenderer {
  render(jobs: readonly ChartJob[]): Promise<RenderedChart[]>;
  /** Stops its workers (if any); a later `render` starts them again. */
  close(): Promise<void>;
}
