import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScenarioData } from './scenario-data.js';
import type { SharedData } from './shared-data.js';

/** What the simulation worker is asked to do. */
export interface SimulationInput {
  kind: 'loadlens-harness-simulation';
  /** Start of the first standard scenario (`harnessBaseStartMs`). */
  baseStartMs: number;
  /** Directory for the OpenMetrics files. */
  dir: string;
}

/** What it posts back. */
export interface SimulationResult {
  data: ScenarioData;
  shared: SharedData;
  /** Time the simulation took in the worker. */
  ms: number;
}

/**
 * Simulates the harness data on a worker thread. The simulation is seconds of synchronous
 * work; on the main thread it blocked the event loop, so the readiness probes of the
 * servers starting alongside (PostgreSQL, Redis) timed out on a loaded machine. The worker
 * boots from a small `.mjs` that loads the TypeScript entry through tsx, since the main
 * thread's vite module runner is not shared with workers.
 */
export function simulateOffThread(baseStartMs: number, dir: string): Promise<SimulationResult> {
  const boot = fileURLToPath(new URL('./simulation-worker-boot.mjs', import.meta.url));
  const input: SimulationInput = { kind: 'loadlens-harness-simulation', baseStartMs, dir };
  return new Promise((resolve, reject) => {
    const worker = new Worker(boot, { workerData: input });
    let done = false;
    worker.once('message', (msg: SimulationResult) => {
      done = true;
      resolve(msg);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      done = true;
      reject(new Error(`harness simulation failed: ${err.message}`, { cause: err }));
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`harness simulation worker exited with code ${code} before answering`));
    });
  });
}
