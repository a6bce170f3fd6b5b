/*
 * A LoadLens worker in its own process, for the crash test: the real composition root and
 * job handlers, with a short BullMQ lock so a killed worker's job is noticed quickly, and a
 * slowed-down Prometheus source so the test can SIGKILL it mid-report.
 * Env: the stack's settings plus LOCK_MS, STALLED_MS, SLOW_MS.
 */
import { createServices } from '../../../src/app/create-services.js';
import { startWorker } from '../../../src/app/worker.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { silentLogger } from '../../../src/core/logger.js';
import { JOB_SCHEMAS, type JobMap } from '../../../src/pipeline/jobs/payloads.js';
import { createQueue } from '../../../src/pipeline/queue/queue.js';
import type { PromSource } from '../../../src/sources/source.js';

const lockMs = Number(process.env.LOCK_MS ?? 1_000);
const stalledMs = Number(process.env.STALLED_MS ?? 500);
const slowMs = Number(process.env.SLOW_MS ?? 0);

const config = loadConfig({ env: process.env });
const services = await createServices(config, { logger: silentLogger });
// The composition root's queue has production lock timings; this worker swaps in short ones.
await services.queue.close();
const queue = await createQueue<JobMap>({
  redisUrl: config.env.REDIS_URL,
  prefix: config.env.QUEUE_PREFIX,
  schemas: JOB_SCHEMAS,
  lockDurationMs: lockMs,
  stalledIntervalMs: stalledMs,
});
const prom = services.sources.prom;
const slowly =
  <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
  async (...a: A): Promise<R> => {
    await new Promise((r) => setTimeout(r, slowMs));
    return fn(...a);
  };
const slowProm: PromSource | undefined = prom && {
  kind: prom.kind,
  labelValues: slowly(prom.labelValues.bind(prom)),
  series: slowly(prom.series.bind(prom)),
  queryRange: slowly(prom.queryRange.bind(prom)),
};
await startWorker(
  { ...services, queue, sources: { ...services.sources, prom: slowProm } },
  { concurrency: 1 },
);
process.stdout.write('ready\n');
