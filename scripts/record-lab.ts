/**
 * Records the real-exporter lab into tests/fixtures/real/ for the unit tier: per lab the
 * engine's recording of every report the acceptance makes, the tool's truth, and the raw
 * samples of the window.
 *
 *   node --import tsx scripts/record-lab.ts             run the lab (about 4.5 minutes of load)
 *   node --import tsx scripts/record-lab.ts --from-raw  re-record the same windows from the raw
 *       samples, backfilled into a throwaway Prometheus: for an engine whose queries changed
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from '../src/store/store.js';
import { startPrometheus } from '../tests/harness/servers/prometheus.js';
import { makeTempDir, removeTempDir } from '../tests/harness/tmp.js';
import { labStore } from '../tests/lab/lab-context.js';
import { openMetricsOf } from '../tests/lab/raw-samples.js';
import { fixturePaths, recordLab } from '../tests/lab/record-lab.js';
import { runLabs } from '../tests/lab/run-labs.js';
import { startLab } from '../tests/lab/start-lab.js';
import { type LabTruth, labTruthSchema } from '../tests/lab/truth.js';

const LABS: LabTruth['lab'][] = ['postgres-pgbench', 'node-autocannon', 'flask-hey'];
const log = (line: string) => process.stdout.write(`[lab] ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function describeTruth(truth: LabTruth): string {
  const steps = truth.steps.map(
    (s) =>
      `x${s.load}: ${s.rps.toFixed(0)} rps, p50/p95/p99 ${s.p50Ms?.toFixed(1)}/${s.p95Ms?.toFixed(1)}/${s.p99Ms?.toFixed(1)} ms, ${s.errors} errors`,
  );
  return `${truth.lab} (${truth.tool}):\n  ${steps.join('\n  ')}`;
}

async function live(store: Store): Promise<void> {
  const t0 = Date.now();
  const lab = await startLab();
  try {
    log(`lab up in ${seconds(Date.now() - t0)}; prometheus ${lab.prom.url}`);
    for (const truth of await runLabs(lab, log)) {
      await recordLab(truth, lab.prom.url, store, { raw: true });
      log(describeTruth(truth));
    }
    log(`done in ${seconds(Date.now() - t0)}`);
  } finally {
    await lab.stop();
  }
}

async function fromRaw(store: Store): Promise<void> {
  for (const name of LABS) {
    const paths = fixturePaths(name);
    const truth = labTruthSchema.parse(JSON.parse(await readFile(paths.truth, 'utf8')));
    const work = makeTempDir('lab-raw');
    try {
      const file = join(work, `${name}.om`);
      await writeFile(file, openMetricsOf(await readFile(paths.raw)));
      const prom = await startPrometheus({
        openMetricsFiles: [file],
        readyQueries: [{ query: `up{job="${truth.job}"}`, timeSec: truth.toMs / 1000 }],
      });
      try {
        await recordLab(truth, prom.url, store, { raw: false });
        log(`re-recorded ${name} from its raw samples`);
      } finally {
        await prom.stop();
      }
    } finally {
      await removeTempDir(work);
    }
  }
}

const store = await labStore();
try {
  await (process.argv.includes('--from-raw') ? fromRaw(store) : live(store));
} finally {
  await store.close();
}
