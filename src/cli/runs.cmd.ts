import { parseArgs } from 'node:util';
import { LoadLensError } from '../core/errors.js';
import { bootstrap, type CliDeps } from './bootstrap.js';

export const RUNS_HELP = `Usage: loadlens runs [--service NAME] [--limit N] [--json]\n`;

/** `loadlens runs`: lists stored runs, newest first. */
export async function runsCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      service: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    (deps.stdout ?? ((t: string) => process.stdout.write(t)))(RUNS_HELP);
    return 0;
  }
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new LoadLensError(
      'BAD_INPUT',
      `--limit must be a whole number from 1 to 1000, not "${values.limit}"`,
    );
  }
  const app = await bootstrap(deps);
  try {
    const runs = await app.store.listRuns({ service: values.service, limit });
    if (values.json) {
      const rows = runs.map((r) => ({
        runId: r.id,
        name: r.name,
        service: r.service,
        window: { from: r.from.toISOString(), to: r.to.toISOString() },
        verdict: r.verdict,
        peak: r.peak,
        invalid: r.invalid,
        createdAt: r.createdAt.toISOString(),
      }));
      app.out(JSON.stringify(rows) + '\n');
      return 0;
    }
    if (runs.length === 0) {
      app.out('no runs stored yet; try `loadlens report` or `npm run demo`\n');
      return 0;
    }
    for (const r of runs) {
      const peak = r.peak ? `${r.peak.rps.toFixed(1)} rps` : '–';
      app.out(
        `${r.id}  ${r.from.toISOString().slice(0, 16)}  ${r.verdict.padEnd(17)} ${peak.padStart(11)}  ${r.service ?? '-'}  ${r.name}\n`,
      );
    }
    return 0;
  } finally {
    await app.store.close();
  }
}
