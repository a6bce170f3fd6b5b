/**
 * Benchmark of the alert webhooks: alerts per second accepted under a concurrent burst of
 * POSTs on 127.0.0.1, and that none is lost: every 2xx answer must name a job the queue
 * holds. The sender retries 503 answers, as Alertmanager does. Goal ≥ 1,000 alerts/s.
 *
 * Run alone with `npx tsx bench/alerts.bench.ts [total] [concurrency]`; set REDIS_URL to
 * measure with BullMQ instead of the in-process queue.
 */
import { Agent, request } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { ChatServices } from '../src/chat/services.js';
import { loadConfig } from '../src/config/load-config.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createAlertHooks, hooksOptionsFromConfig } from '../src/hooks/hooks-feature.js';
import { JOB_SCHEMAS, type JobMap } from '../src/pipeline/jobs/payloads.js';
import { createQueue } from '../src/pipeline/queue/queue.js';
import type { Store } from '../src/store/store.js';
import { createHttpServer } from '../src/web/http-server.js';
import { createLinkBuilder } from '../src/web/signed-links.js';

export interface AlertsBench {
  /** Alerts answered 2xx. */
  accepted: number;
  /** Accepted alerts whose job the queue does not hold, plus alerts never accepted. */
  lost: number;
  perSec: number;
  total: number;
  concurrency: number;
  /** 503 answers (and dropped connections) the sender had to retry. */
  retried503: number;
  ms: number;
  queue: 'memory' | 'bullmq';
}

const TOKEN = 'bench-token';

/** A store that fails if touched: accepting an alert must not wait for the database. */
const untouchableStore = new Proxy({} as Store, {
  get(_t, prop) {
    if (prop === 'then') return undefined;
    throw new Error(`the webhook handler touched the store (${String(prop)})`);
  },
});

function notification(i: number, startsAt: string): string {
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="Bench", service="svc-${i}"}`,
    status: 'firing',
    receiver: 'loadlens',
    groupLabels: { alertname: 'Bench', service: `svc-${i}` },
    commonLabels: { alertname: 'Bench', service: `svc-${i}`, severity: 'critical' },
    commonAnnotations: { summary: 'p99 > 0.5 s' },
    externalURL: 'http://alertmanager:9093',
    truncatedAlerts: 0,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'Bench', service: `svc-${i}`, severity: 'critical', instance: `host-${i}:8080` },
        annotations: { summary: 'p99 > 0.5 s' },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: `bench${i.toString(16).padStart(11, '0')}`,
      },
    ],
  });
}

/** Sends `total` distinct alert groups, `concurrency` at a time, and checks every job is queued. */
export async function benchAlerts(
  opts: { total?: number; concurrency?: number; redisUrl?: string } = {},
): Promise<AlertsBench> {
  const total = opts.total ?? 5_000;
  const concurrency = opts.concurrency ?? 500;
  const config = loadConfig({
    env: { WEBHOOK_TOKEN: TOKEN, ALERT_CHATS: 'telegram:-100', LOG_LEVEL: 'silent' },
  });
  const queue = await createQueue<JobMap>({
    redisUrl: opts.redisUrl,
    prefix: `llbench-${process.pid}-${Date.now()}`,
    schemas: JOB_SCHEMAS,
    logger: silentLogger,
  });
  const services: ChatServices = {
    config,
    store: untouchableStore,
    queue,
    logger: silentLogger,
    clock: systemClock,
    gateways: {},
    links: createLinkBuilder(undefined, undefined),
    sources: {},
  };
  const hooks = createAlertHooks(services, hooksOptionsFromConfig(config));
  const http = createHttpServer({ logger: silentLogger, routes: hooks.routes });
  const port = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/hooks/alertmanager`;
  const startsAt = new Date().toISOString();
  const bodies = Array.from({ length: total }, (_, i) => notification(i, startsAt));
  const eventIds: string[] = [];
  let retried503 = 0;
  let failed = 0;
  let next = 0;

  // node:http with keep-alive: a lighter client than fetch, so the figure is the server's.
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body: string) =>
    new Promise<{ status: number; json: { eventId?: string } }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${TOKEN}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve({
                status: res.statusCode ?? 0,
                json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
              });
            } catch (err) {
              reject(err);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const sendOne = async (body: string): Promise<void> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const res = await post(body).catch(() => ({ status: 0, json: {} as { eventId?: string } }));
      if (res.status >= 200 && res.status < 300 && res.json.eventId) {
        eventIds.push(res.json.eventId);
        return;
      }
      if (res.status !== 503 && res.status !== 0) break;
      retried503++;
      await new Promise((r) => setTimeout(r, 20));
    }
    failed++;
  };

  try {
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) await sendOne(bodies[next++] as string);
      }),
    );
    const ms = performance.now() - t0;
    let missing = 0;
    for (const id of new Set(eventIds)) if ((await queue.getState(id)) === 'unknown') missing++;
    const distinct = new Set(eventIds).size;
    return {
      accepted: eventIds.length,
      lost: failed + missing + (eventIds.length - distinct),
      perSec: (eventIds.length / ms) * 1000,
      total,
      concurrency,
      retried503,
      ms,
      queue: opts.redisUrl ? 'bullmq' : 'memory',
    };
  } finally {
    agent.destroy();
    await http.close();
    await queue.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [total, concurrency] = process.argv.slice(2).map(Number);
  const r = await benchAlerts({
    total: total || undefined,
    concurrency: concurrency || undefined,
    redisUrl: process.env.REDIS_URL,
  });
  process.stderr.write(
    `alerts: ${r.accepted}/${r.total} accepted at ${r.perSec.toFixed(0)}/s (${r.queue} queue, ${r.concurrency} concurrent, ${r.retried503} retried 503), lost ${r.lost}; goal ≥ 1000/s, none lost\n`,
  );
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
