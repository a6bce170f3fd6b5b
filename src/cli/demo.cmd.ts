import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { assetPath } from '../core/assets.js';
import { LoadLensError } from '../core/errors.js';
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
    options: { lang: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
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
  return reportCommand(args, deps);
}
