import type { HttpChild } from '../harness/servers/http-child.js';
import { startFlaskApp } from '../harness/servers/lab-flask-app.js';
import { type NodeService, startNodeService } from '../harness/servers/lab-node-service.js';
import { startNodeExporter } from '../harness/servers/node-exporter.js';
import { type PostgresServer, startPostgres } from '../harness/servers/postgres.js';
import { startPostgresExporter } from '../harness/servers/postgres-exporter.js';
import { type PrometheusServer, startPrometheus } from '../harness/servers/prometheus.js';
import type { HarnessServer } from '../harness/servers/types.js';

/** Seconds between scrapes of every lab target. */
export const LAB_SCRAPE_S = 1;

/** The lab's running programs; `stop()` stops them all (Prometheus first, the database last). */
export interface Lab {
  readonly pg: PostgresServer;
  readonly node: NodeService;
  readonly flask: HttpChild;
  readonly prom: PrometheusServer;
  stop(): Promise<void>;
}

function hostPort(url: string): string {
  return new URL(url).host;
}

async function stopAll(servers: HarnessServer[]): Promise<void> {
  await Promise.allSettled(servers.map((s) => s.stop()));
}

/**
 * Starts the lab on loopback, on free ports: a throwaway PostgreSQL, postgres-exporter,
 * node-exporter, the Node and Flask services, and one Prometheus scraping them all every
 * second under realistic job names. A failed start stops whatever already runs.
 */
export async function startLab(): Promise<Lab> {
  const pg = await startPostgres();
  const up: HarnessServer[] = [];
  try {
    const started = await Promise.allSettled([
      startPostgresExporter({ pgUrl: pg.url }),
      startNodeExporter(),
      startNodeService({ pgUrl: pg.url }),
      startFlaskApp(),
    ]);
    for (const s of started) if (s.status === 'fulfilled') up.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    const [pgExp, nodeExp, node, flask] = up as [HttpChild, HttpChild, NodeService, HttpChild];
    const prom = await startPrometheus({
      scrape: {
        intervalS: LAB_SCRAPE_S,
        jobs: [
          { job: 'postgres', targets: [hostPort(pgExp.url)] },
          { job: 'node', targets: [hostPort(nodeExp.url)] },
          // One job, two ports: prom-client + express-prom-bundle, and the OTel exporter.
          { job: 'orders-node', targets: [hostPort(node.url), hostPort(node.otelUrl)] },
          { job: 'flask-app', targets: [hostPort(flask.url)] },
        ],
      },
    });
    up.unshift(prom);
    return {
      pg,
      node,
      flask,
      prom,
      stop: async () => {
        await stopAll(up);
        await pg.stop();
      },
    };
  } catch (err) {
    await stopAll(up);
    await pg.stop();
    throw err;
  }
}
