/**
 * Entry of a chart render worker (see `render-pool.ts`): renders each posted job with the
 * same `renderChartPng` the main thread would use and posts the PNG back, transferring its
 * bytes instead of copying them.
 */
import { parentPort } from 'node:worker_threads';
import { renderChartPng } from './render-chart.js';
import type { RenderRequest, RenderResponse } from './render-messages.js';

const port = parentPort;
if (!port) throw new Error('render-worker.ts runs only as a worker thread');

port.on('message', async (msg: RenderRequest) => {
  try {
    const chart = await renderChartPng(msg.job.spec, msg.job.opts);
    const png = chart.png;
    // A PNG that owns its whole ArrayBuffer moves without a copy; a pooled slice is copied.
    const bytes =
      png.byteOffset === 0 && png.byteLength === png.buffer.byteLength ? png : new Uint8Array(png);
    const reply: RenderResponse = { id: msg.id, ok: true, chart: { ...chart, png: bytes } };
    port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (err) {
    const reply: RenderResponse = {
      id: msg.id,
      ok: false,
      error: err instanceof Error ? err : new Error(String(err)),
    };
    port.postMessage(reply);
  }
});
