import { createHttpServer, type HttpServer } from '../web/http-server.js';
import type { AppServices } from './create-services.js';
import { FEATURES, type Running } from './features.js';
import { startWorker } from './worker.js';

/** Which parts run in this process: `serve` runs both, `bot` and `worker` split them. */
export interface Roles {
  bot: boolean;
  worker: boolean;
}

/** A running process; `stop()` shuts down gracefully (bots, then HTTP, then active jobs). */
export interface Served {
  http: HttpServer | null;
  port: number | null;
  stop(): Promise<void>;
}

/**
 * Starts the roles of one process. The `bot` role owns the shared HTTP server (web view,
 * webhooks, Slack HTTP mode) and the chat adapters; the `worker` role consumes jobs.
 */
export async function serve(
  services: AppServices,
  opts: { roles: Roles; port?: number; host?: string },
): Promise<Served> {
  const running: Running[] = [];
  let http: HttpServer | null = null;
  let port: number | null = null;
  try {
    if (opts.roles.bot) {
      http = createHttpServer({ logger: services.logger });
      http.add({
        method: 'GET',
        path: '/healthz',
        handler: ({ res }) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
        },
      });
      for (const feature of FEATURES) {
        const r = await feature({ services, http });
        if (r) running.push(r);
      }
      port = await http.listen(opts.port ?? services.config.env.PORT, opts.host);
      services.logger.info('listening', { port, features: running.map((r) => r.name) });
    }
    if (opts.roles.worker) {
      const worker = await startWorker(services);
      running.push({ name: 'worker', stop: () => worker.close() });
      services.logger.info('worker started', { concurrency: services.config.env.WORKER_CONCURRENCY });
    }
  } catch (err) {
    for (const r of running.reverse()) await r.stop().catch(() => undefined);
    await http?.close();
    throw err;
  }
  return {
    http,
    port,
    async stop() {
      for (const r of [...running].reverse()) {
        await r.stop().catch((err: unknown) => services.logger.warn('stop failed', { feature: r.name, err }));
      }
      await http?.close();
    },
  };
}
