import type { ChatServices } from '../chat/services.js';
import { alertReportJob } from '../pipeline/jobs/alert-report.job.js';
import { compareJob } from '../pipeline/jobs/compare.job.js';
import { deliverJob } from '../pipeline/jobs/deliver.job.js';
import { narrateJob } from '../pipeline/jobs/narrate.job.js';
import type { JobMap } from '../pipeline/jobs/payloads.js';
import { reportJob } from '../pipeline/jobs/report.job.js';
import type { JobHandler } from '../pipeline/queue/queue.js';
import { startDeliveryRetention } from './delivery-retention.js';

/** Job handlers contributed by features (compare, alerts) beside the built-in ones. */
export type ExtraHandlers = { [K in keyof JobMap]?: JobHandler<JobMap[K]> };

/**
 * Starts consuming jobs in this process. Any number of processes may run a worker on the
 * same REDIS_URL; BullMQ hands each job to one of them and re-queues jobs of a worker
 * that died (stalled-job detection).
 */
export async function startWorker(
  services: ChatServices,
  opts: { concurrency?: number; handlers?: ExtraHandlers } = {},
): Promise<{ close(): Promise<void> }> {
  const handle = await services.queue.work(
    {
      report: reportJob(services),
      deliver: deliverJob(services),
      narrate: narrateJob(services),
      compare: compareJob(services),
      'alert-report': alertReportJob(services),
      ...opts.handlers,
    },
    { concurrency: opts.concurrency ?? services.config.env.WORKER_CONCURRENCY },
  );
  const retention = startDeliveryRetention(services);
  return {
    async close() {
      await retention.stop();
      await handle.close();
    },
  };
}
