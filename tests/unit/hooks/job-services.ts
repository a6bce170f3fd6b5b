import type { ChatServices } from '../../../src/chat/services.js';
import { fixedClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import type { AlertReportJob } from '../../../src/pipeline/jobs/payloads.js';
import { JOB_SCHEMAS, type JobMap } from '../../../src/pipeline/jobs/payloads.js';
import type { JobContext } from '../../../src/pipeline/queue/queue.js';
import { createQueue } from '../../../src/pipeline/queue/queue.js';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import { recordingGateway } from '../../fakes/recording-gateway.js';
import { pgliteFactory } from '../store/pglite-harness.js';
import { NOW, testConfig } from './hooks-harness.js';

/** ChatServices for job tests: PGlite, the in-process queue, recording gateways, no metric sources. */
export async function jobServices(env: Record<string, string> = {}) {
  const factory = pgliteFactory();
  const { store } = await factory.open();
  const clock = fixedClock(NOW);
  const queue = await createQueue<JobMap>({ schemas: JOB_SCHEMAS, logger: silentLogger, clock });
  const tg = recordingGateway('telegram');
  const slack = recordingGateway('slack');
  const services: ChatServices = {
    config: testConfig(env),
    store,
    queue,
    logger: silentLogger,
    clock,
    gateways: { telegram: tg.gateway, slack: slack.gateway },
    links: createLinkBuilder(undefined, undefined),
    sources: {},
  };
  return {
    services,
    tg,
    slack,
    clock,
    async close() {
      await queue.close();
      await store.close();
      factory.cleanup();
    },
  };
}

/** A job context as the queue hands it to a handler. */
export function jobContext(payload: AlertReportJob, attempt = 1): JobContext<AlertReportJob> {
  return {
    id: payload.eventId,
    kind: 'alert-report',
    payload,
    attempt,
    signal: new AbortController().signal,
    progress: async () => undefined,
  };
}

/** A routed alert job payload. */
export function alertJob(over: Partial<AlertReportJob> & { fingerprints?: string[] } = {}): AlertReportJob {
  const status = over.status ?? 'firing';
  const { fingerprints = ['fp1'], ...rest } = over;
  return {
    eventId: `ev-${Math.random().toString(36).slice(2)}`,
    source: 'alertmanager',
    groupKey: '{}:{alertname="HighLatency"}',
    status,
    title: 'HighLatency',
    service: 'orders',
    selector: 'service="orders"',
    chats: [{ platform: 'telegram', chatId: '-100' }],
    lookbackMinutes: 30,
    receivedAtMs: NOW,
    commonLabels: { alertname: 'HighLatency', service: 'orders', severity: 'critical' },
    alerts: fingerprints.map((fp, i) => ({
      status,
      labels: { alertname: 'HighLatency', service: 'orders', severity: 'critical', instance: `i${i}` },
      annotations: { summary: 'p99 > 0.5 s' },
      startsAtMs: NOW - 20 * 60_000,
      endsAtMs: status === 'resolved' ? NOW - 60_000 : null,
      fingerprint: fp,
      values: { B: 0.62 },
      links: {
        generator: 'http://prometheus:9090/graph?g0.expr=x',
        dashboard: 'https://grafana.example.com/d/perf',
      },
    })),
    truncated: 0,
    ...rest,
  };
}
