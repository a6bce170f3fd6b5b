import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createServices } from '../app/create-services.js';
import { serve } from '../app/serve.js';
import { loadConfig } from '../config/load-config.js';
import { assetPath } from '../core/assets.js';
import { LoadLensError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import type { CliDeps } from './bootstrap.js';
import { reportCommand } from './report.cmd.js';

/** The shipped recording: a 1-hour step test taken from real Prometheus holding simulator data. */
export const DEMO_RECORDING = assetPath('assets', 'demo', 'step-test.recording.json');

/**
 * `loadlens demo`: replays the shipped recording through the whole engine into the
 * embedded store (unless DATABASE_URL is set), prints the verdict, peak and per-domain
 * lines, and writes the charts and HTML to out/demo.
 */
export async function demoCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      lang: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      serve: { type: 'boolean' },
      port: { type: 'string' },
    },
    strict: true,
  });
  if (!existsSync(DEMO_RECORDING)) {
    throw new LoadLensError(
      'NOT_FOUND',
      `demo recording missing at ${DEMO_RECORDING}; reinstall the package`,
    );
  }
  const args = [
    '--replay',
    DEMO_RECORDING,
    '--name',
    'demo step test',
    '--service',
    'orders',
    '--slo',
    'p95<500ms',
    '--slo',
    'error_rate<1%',
    '--out',
    values.out ?? 'out/demo',
  ];
  if (values.lang) args.push('--lang', values.lang);
  if (values.json) args.push('--json');
  const code = await reportCommand(args, deps);
  if (code !== 0 || !values.serve) return code;
  return serveDemo(deps, values.port);
}

/**
 * `--serve`: opens the web view of the demo run on localhost until Ctrl-C. A random
 * LOADLENS_SECRET signs the link when none is configured; chat tokens are ignored.
 */
async function serveDemo(deps: CliDeps, portArg: string | undefined): Promise<number> {
  const env = deps.env ?? process.env;
  const port = portArg ?? env.PORT ?? '8080';
  const config = loadConfig({
    env: {
      ...env,
      PORT: port,
      LOADLENS_SECRET: env.LOADLENS_SECRET ?? randomBytes(24).toString('hex'),
      PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${port}`,
      TELEGRAM_BOT_TOKEN: '',
      SLACK_BOT_TOKEN: '',
    },
  });
  const services = await createServices(config, {
    logger: createLogger({ level: 'warn' }),
    fetch: deps.fetch,
  });
  try {
    const [run] = await services.store.listRuns({ limit: 1 });
    const served = await serve(services, { roles: { bot: true, worker: false }, host: '127.0.0.1' });
    const out = deps.stdout ?? ((t: string) => process.stdout.write(t));
    out(
      `\nWeb view: ${run ? services.links.report(run.id, 'demo') : services.links.runs('demo', 'edit')}\n(Ctrl-C to stop)\n`,
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await served.stop();
    return 0;
  } finally {
    await services.close();
  }
}
