import { renderChartPng } from './render-chart.js';
import type { ChartRenderer } from './render-messages.js';

/**
 * Renders on the calling thread, one chart after another. Only for callers that must not
 * start threads (a test or benchmark comparing the two paths); everything else uses the
 * worker pool (`chart-renderer.ts`).
 */
export function inThreadRenderer(): ChartRenderer {
  return {
    async render(jobs) {
      const out = [];
      for (const job of jobs) out.push(await renderChartPng(job.spec, job.opts));
      return out;
    },
    close: async () => undefined,
  };
}
