import { inject } from 'vitest';
import { createQueue } from '../../../src/pipeline/queue/queue.js';
import { describeQueueContract, type TestJobs } from '../../unit/queue/queue-contract.js';
import { uniquePrefix } from './queue-helpers.js';

describeQueueContract('BullMQ engine', (schemas, opts) =>
  createQueue<TestJobs>({ redisUrl: inject('redisUrl'), prefix: uniquePrefix('contract'), schemas, ...opts }),
);
