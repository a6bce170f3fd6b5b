import type { Logger } from '../core/logger.js';
import type { ChartRenderer } from './render-messages.js';
import { createRenderPool } from './render-pool.js';

let shared: ChartRenderer | undefined;

/**
 * The process's render pool, the default renderer of `renderCharts` and the album. The
 * first call fixes its size (the CLI and `serve` call it with `RENDER_WORKERS` at start-up);
 * its workers start only when a chart is drawn.
 */
export function sharedRenderPool(opts: { size?: number; logger?: Logger } = {}): ChartRenderer {
  shared ??= createRenderPool(opts);
  return shared;
}

/** Stops the shared pool's workers (process shutdown); a later render starts them again. */
export async function closeSharedRenderPool(): Promise<void> {
  await shared?.close();
}
