import { parseArgs } from 'node:util';
import { createServices } from '../app/create-services.js';
import { installProcessGuards } from '../app/process-guards.js';
import { type Roles, serve } from '../app/serve.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../core/logger.js';
import type { CliDeps } from './bootstrap.js';

const ROLES: Record<string, Roles> = {
  serve: { bot: true, worker: true },
  bot: { bot: true, worker: false },
  worker: { bot: false, worker: true },
};

/**
 * `loadlens serve | bot | worker`: runs until SIGINT/SIGTERM, then shuts down gracefully
 * (bots stop taking updates, HTTP closes, active jobs finish or are re-queued).
 */
export function roleCommand(role: 'serve' | 'bot' | 'worker') {
  return async (argv: string[], deps: CliDeps): Promise<number> => {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' } }, strict: true });
    const env = deps.env ?? process.env;
    const config = loadConfig({ env: values.port ? { ...env, PORT: values.port } : env });
    const logger = createLogger({ level: config.env.LOG_LEVEL });
    // A long-running role logs what escapes a request or job and keeps serving (issue 16).
    const unguard = installProcessGuards(process, logger, { role, exit: (code) => process.exit(code) });
    const services = await createServices(config, { logger, fetch: deps.fetch, clock: deps.clock });
    const roles = ROLES[role] as Roles;
    let served: Awaited<ReturnType<typeof serve>>;
    try {
      served = await serve(services, { roles });
    } catch (err) {
      await services.close();
      throw err;
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    logger.info('shutting down');
    await served.stop();
    await services.close();
    unguard();
    return 0;
  };
}
