/**
 * Regenerates the demo recording shipped in assets/demo: simulates a one-hour step test
 * (DB-pool bottleneck), backfills it into a throwaway real Prometheus, and records every
 * query a report of that window needs, with no selector (zero-config discovery).
 *
 *   node --import tsx scripts/make-demo-recording.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli/main.js';
import { scenarioByName } from '../src/sim/presets.js';
import { simulate } from '../src/sim/simulate.js';
import { harnessBaseStartMs, layOutScenarios } from '../tests/harness/scenario-data.js';
import { startPrometheus } from '../tests/harness/servers/prometheus.js';

const OUT = join(import.meta.dirname, '..', 'assets', 'demo', 'step-test.recording.json');

const work = mkdtempSync(join(tmpdir(), 'loadlens-demo-'));
const scenario = { ...scenarioByName('step_db_pool', harnessBaseStartMs(Date.now())), seed: 20261120 };
const data = await layOutScenarios(
  (async function* () {
    yield simulate(scenario);
  })(),
  work,
);
const prom = await startPrometheus({
  openMetricsFiles: data.openMetricsFiles,
  readyQueries: data.readyQueries,
});
try {
  const truth = data.truths[scenario.name];
  if (!truth) throw new Error('no truth');
  const code = await main(
    [
      'record',
      '--from',
      new Date(truth.startMs).toISOString(),
      '--to',
      new Date(truth.endMs).toISOString(),
      '--prometheus',
      prom.url,
      '--out',
      OUT,
    ],
    { env: { ...process.env, LOADLENS_DATA_DIR: join(work, 'data'), DATABASE_URL: '' } },
  );
  process.stdout.write(`truth: peak ${truth.peak?.rps} rps, bottleneck ${truth.bottleneckDomain}\n`);
  process.exitCode = code;
} finally {
  await prom.stop();
  rmSync(work, { recursive: true, force: true });
}
