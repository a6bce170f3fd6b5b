import { parseArgs } from 'node:util';
import { parseTime } from '../core/duration.js';
import { LoadLensError } from '../core/errors.js';
import { validateWindow } from '../core/window.js';
import { sourcesFromEnv } from '../pipeline/sources-from-env.js';
import { discoverTopology } from '../topology/discover-topology.js';
import { servicesJson, servicesTable } from '../topology/services-text.js';
import { bootstrap, type CliDeps } from './bootstrap.js';

const HELP = `Usage: loadlens services --from <time> --to <time> [--selector 'env="staging"'] [--json]

Lists every service with traffic in the window on a shared Prometheus: the label that
names it, its request rate, its stacks, its hosts and the load test that drives it.
Load generators and exporters are not services.
`;

/** `loadlens services`: the service inventory of a window. */
export async function servicesCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      selector: { type: 'string' },
      prometheus: { type: 'string' },
      json: { type: 'boolean' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  const out = deps.stdout ?? ((t: string) => process.stdout.write(t));
  if (values.help) {
    out(HELP);
    return 0;
  }
  const app = await bootstrap(deps, values.prometheus ? { PROMETHEUS_URL: values.prometheus } : {});
  try {
    const now = app.clock.now();
    if (!values.from || !values.to) {
      throw new LoadLensError('BAD_INPUT', 'services needs --from and --to; see loadlens services --help');
    }
    const w = validateWindow(parseTime(values.from, now), parseTime(values.to, now), now);
    const { prom } = sourcesFromEnv(app.config.env, { fetch: app.fetch, logger: app.logger });
    if (!prom) {
      throw new LoadLensError(
        'BAD_INPUT',
        'services needs a Prometheus: set PROMETHEUS_URL or pass --prometheus',
      );
    }
    const topo = await discoverTopology(prom, w, values.selector);
    if (values.json) {
      out(`${JSON.stringify(servicesJson(topo))}\n`);
      return 0;
    }
    const locale = values.lang === 'ru' ? 'ru' : 'en';
    out(
      topo.services.length === 0
        ? 'no service had traffic in the window\n'
        : `${servicesTable(topo.services, locale)}\n`,
    );
    for (const w of topo.warnings) app.err(`warning: ${w}\n`);
    return 0;
  } finally {
    await app.store.close();
  }
}
