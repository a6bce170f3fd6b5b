import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { LoadLensError, toLoadLensError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { RenderedChart } from './chart-spec.js';
import type { ChartJob, ChartRenderer, RenderRequest, RenderResponse } from './render-messages.js';

/**
 * Default number of render workers: one core is left to the event loop (chat
 * acknowledgements, webhooks), and two are enough for a 3–4 chart album; at least one.
 */
export function defaultRenderWorkers(cores: number = availableParallelism()): number {
  return Math.max(1, Math.min(2, cores - 1));
}

export interface RenderPoolOptions {
  /** Worker threads (`RENDER_WORKERS`), default {@link defaultRenderWorkers}. */
  size?: number;
  logger?: Logger;
}

interface Pending {
  id: number;
  job: ChartJob;
  resolve: (chart: RenderedChart) => void;
  reject: (err: LoadLensError) => void;
}

interface Slot {
  worker?: Worker;
  busy?: Pending;
}

/**
 * How to start the worker: the compiled `render-worker.js` beside this file (dist/), or,
 * from TypeScript sources (tsx, vitest), a small eval'd script that loads the `.ts` entry
 * through tsx, because a worker thread does not share the main thread's loader.
 */
function workerEntry(): { entry: string | URL; options: WorkerOptions } {
  const js = new URL('./render-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { entry: js, options: {} };
  const ts = new URL('./render-worker.ts', import.meta.url).href;
  // The ESM build of tsx's API (its CommonJS build cannot register the loader from eval code).
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  );
  const code = `import(${JSON.stringify(api.href)}).then((m) => m.tsImport(${JSON.stringify(ts)}, ${JSON.stringify(ts)}))`;
  return { entry: code, options: { eval: true } };
}

function renderFailed(job: ChartJob, cause: unknown): LoadLensError {
  const msg = toLoadLensError(cause).message;
  // The worker's renderer already says "chart <id>: …"; do not say it twice.
  const text = msg.startsWith(`chart ${job.spec.id}`) ? msg : `chart ${job.spec.id}: ${msg}`;
  return new LoadLensError('RENDER_FAILED', text, { cause, details: { chart: job.spec.id } });
}

/**
 * Renders charts on a small pool of `worker_threads`, so drawing an album never blocks the
 * event loop. Workers start on the first job; an idle worker is unref'd, so a process that
 * forgets `close()` still exits. A worker that dies fails its job with RENDER_FAILED and is
 * replaced on the next one. PNG bytes come back transferred, not copied.
 */
export function createRenderPool(opts: RenderPoolOptions = {}): ChartRenderer {
  const size = opts.size ?? defaultRenderWorkers();
  if (!Number.isInteger(size) || size < 1) {
    throw new LoadLensError('CONFIG_INVALID', `RENDER_WORKERS must be a whole number ≥ 1, got ${size}`);
  }
  const logger = opts.logger ?? silentLogger;
  const slots: Slot[] = Array.from({ length: size }, () => ({}));
  const queue: Pending[] = [];
  let nextId = 1;

  const spawn = (slot: Slot): Worker => {
    const { entry, options } = workerEntry();
    const worker = new Worker(entry, options);
    worker.on('message', (msg: RenderResponse) => {
      const job = slot.busy;
      if (!job || job.id !== msg.id) return;
      slot.busy = undefined;
      if (msg.ok) {
        const { png, ...rest } = msg.chart;
        job.resolve({ ...rest, png: Buffer.from(png.buffer, png.byteOffset, png.byteLength) });
      } else job.reject(renderFailed(job.job, msg.error));
      pump();
    });
    const lost = (cause: unknown) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      const job = slot.busy;
      slot.busy = undefined;
      if (job) job.reject(renderFailed(job.job, cause));
      else if (cause) logger.warn('render worker stopped', { err: cause });
      pump();
    };
    worker.on('error', (err) => lost(err));
    worker.on('exit', (code) =>
      lost(code === 0 ? undefined : new Error(`render worker exited with code ${code}`)),
    );
    return worker;
  };

  const pump = (): void => {
    for (const slot of slots) {
      if (slot.busy) continue;
      const job = queue.shift();
      if (!job) {
        slot.worker?.unref();
        continue;
      }
      slot.worker ??= spawn(slot);
      slot.worker.ref();
      slot.busy = job;
      const req: RenderRequest = { id: job.id, job: job.job };
      slot.worker.postMessage(req);
    }
  };

  const one = (job: ChartJob) =>
    new Promise<RenderedChart>((resolve, reject) => {
      queue.push({ id: nextId++, job, resolve, reject });
      pump();
    });

  return {
    render: (jobs) => Promise.all(jobs.map(one)),
    async close() {
      const stopping = slots.map((slot) => {
        const worker = slot.worker;
        slot.worker = undefined;
        const job = slot.busy;
        slot.busy = undefined;
        job?.reject(
          new LoadLensError('RENDER_FAILED', `chart ${job.job.spec.id}: the render pool was closed`),
        );
        return worker?.terminate();
      });
      for (const job of queue.splice(0)) {
        job.reject(
          new LoadLensError('RENDER_FAILED', `chart ${job.job.spec.id}: the render pool was closed`),
        );
      }
      await Promise.all(stopping);
    },
  };
}
