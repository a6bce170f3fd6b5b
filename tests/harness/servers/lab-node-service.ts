import { join } from 'node:path';
import { type HttpChild, startHttpChild } from './http-child.js';
import type { StartOptions } from './types.js';

const DIR = join(import.meta.dirname, '..', '..', 'lab', 'node-service');

export interface NodeServiceOptions extends StartOptions {
  pgUrl: string;
  /** pg pool size (default 4). */
  poolMax?: number;
}

/** The lab's Node service: `url` serves the app and prom-client, `otelUrl` the OTel exporter. */
export interface NodeService extends HttpChild {
  readonly otelUrl: string;
}

/** Starts tests/lab/node-service (otel.ts preloaded) under tsx on two free ports (app, OTel exporter). */
export async function startNodeService(opts: NodeServiceOptions): Promise<NodeService> {
  const child = await startHttpChild({
    ...opts,
    name: 'orders-node',
    bin: process.execPath,
    // OTel first, as production Node services load it: before any module it instruments.
    args: () => ['--import', 'tsx', '--import', join(DIR, 'otel.ts'), join(DIR, 'main.ts')],
    cwd: join(import.meta.dirname, '..', '..', '..'),
    ports: 2,
    env: ([port, otel]) => ({
      PORT: String(port),
      OTEL_PORT: String(otel),
      PG_URL: opts.pgUrl,
      POOL_MAX: String(opts.poolMax ?? 4),
      SERVICE_NAME: 'orders-node',
    }),
  });
  return { ...child, otelUrl: `http://127.0.0.1:${child.ports[1]}` };
}
