/**
 * Worker-thread entry of the harness simulation (started by `simulation-thread.ts`): it
 * simulates the standard scenarios and the shared window, writes their expositions to the
 * given directory and posts back what the servers and the tests need.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { standardScenarios } from '../../src/sim/presets.js';
import { simulate } from '../../src/sim/simulate.js';
import { layOutScenarios } from './scenario-data.js';
import { layOutShared, sharedBlockStartMs } from './shared-data.js';
import type { SimulationInput, SimulationResult } from './simulation-thread.js';

async function run(input: SimulationInput): Promise<SimulationResult> {
  const t0 = Date.now();
  const data = await layOutScenarios(
    (function* () {
      for (const s of standardScenarios(input.baseStartMs)) yield simulate(s);
    })(),
    input.dir,
  );
  // Several services in one window, after the standard set and in a TSDB block of its own.
  const shared = layOutShared(sharedBlockStartMs(input.baseStartMs), input.dir);
  data.openMetricsFiles.push(shared.file);
  data.readyQueries.push(shared.readyQuery);
  return { data, shared: shared.data, ms: Date.now() - t0 };
}

const input = workerData as SimulationInput | undefined;
if (parentPort && input?.kind === 'loadlens-harness-simulation') {
  const port = parentPort;
  port.postMessage(await run(input));
}
