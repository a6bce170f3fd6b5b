/**
 * Runs the real-exporter lab (PostgreSQL under pgbench, the Node service under autocannon,
 * the Flask app under hey, one Prometheus scraping everything every second) and records
 * each lab's window into tests/fixtures/real/ with the tool's truth, for the unit tier.
 *
 *   node --import tsx scripts/record-lab.ts
 */
import { labStore } from '../tests/lab/lab-context.js';
import { recordLab } from '../tests/lab/record-lab.js';
import { runLabs } from '../tests/lab/run-labs.js';
import { startLab } from '../tests/lab/start-lab.js';

const log = (line: string) => process.stdout.write(`[lab] ${line}\n`);
const t0 = Date.now();
const store = await labStore();
const lab = await startLab().catch(async (err) => {
  await store.close();
  throw err;
});
try {
  log(`lab up in ${((Date.now() - t0) / 1000).toFixed(1)} s; prometheus ${lab.prom.url}`);
  const truths = await runLabs(lab, log);
  for (const truth of truths) {
    await recordLab(truth, lab.prom.url, store);
    const steps = truth.steps.map(
      (s) =>
        `${s.load}:${s.rps.toFixed(0)}rps/p50 ${s.p50Ms?.toFixed(1)}/p95 ${s.p95Ms?.toFixed(1)}/p99 ${s.p99Ms?.toFixed(1)}ms/err ${s.errors}`,
    );
    log(`${truth.lab}: ${steps.join('  ')}`);
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} finally {
  await lab.stop();
  await store.close();
}
