import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseTime } from '../core/duration.js';
import { LoadLensError } from '../core/errors.js';
import { validateWindow } from '../core/window.js';
import { collectScoped } from '../pipeline/collect-scoped.js';
import { resolveService } from '../pipeline/resolve-service.js';
import { sourcesFromEnv } from '../pipeline/sources-from-env.js';
import { recordInfluxSource, recordPromSource } from '../sources/recording.js';
import { bootstrap, type CliDeps } from './bootstrap.js';

export const RECORD_HELP = `Usage: loadlens record --from <time> --to <time> [--service NAME] [--selector 'job="x"'] [--prometheus URL] --out FILE

Saves every query result a report of that window needs, so \`loadlens report --replay FILE\`
rebuilds the report with no Prometheus.
`;

/** `loadlens record`: runs discovery and every panel query, and saves the answers. */
export async function recordCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      service: { type: 'string' },
      selector: { type: 'string' },
      prometheus: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    (deps.stdout ?? ((t: string) => process.stdout.write(t)))(RECORD_HELP);
    return 0;
  }
  if (!values.from || !values.to || !values.out) {
    throw new LoadLensError(
      'BAD_INPUT',
      'record needs --from, --to and --out FILE; see loadlens record --help',
    );
  }
  const app = await bootstrap(deps, values.prometheus ? { PROMETHEUS_URL: values.prometheus } : {});
  try {
    const now = app.clock.now();
    const w = validateWindow(parseTime(values.from, now), parseTime(values.to, now), now);
    const service = resolveService(app.config, values.service, { selector: values.selector });
    const live = sourcesFromEnv(app.config.env, { fetch: app.fetch, logger: app.logger });
    if (!live.prom && !live.influx) {
      throw new LoadLensError(
        'BAD_INPUT',
        'nothing to record: set PROMETHEUS_URL (or --prometheus) or INFLUX_URL',
      );
    }
    const prom = live.prom ? recordPromSource(live.prom) : undefined;
    const influx = live.influx ? recordInfluxSource(live.influx) : undefined;
    const { decided, collected } = await collectScoped({
      prom: prom?.source,
      influx: influx?.source,
      fromMs: w.fromMs,
      toMs: w.toMs,
      service,
      logger: app.logger,
    });
    const recording = {
      version: 1 as const,
      createdAt: new Date(now).toISOString(),
      window: { fromMs: w.fromMs, toMs: w.toMs },
      // The service the scope settled on: a replay resolves it again from the recorded topology.
      service: decided.service,
      selector: service.selector,
      prom: prom ? prom.recording().prom : [],
      influx: influx ? influx.recording().influx : [],
    };
    await writeFile(values.out, JSON.stringify(recording));
    const series = collected.panels.reduce((n, p) => n + p.series.length, 0);
    app.out(`recorded ${collected.queries} queries (${series} series) to ${values.out}\n`);
    return 0;
  } finally {
    await app.store.close();
  }
}
