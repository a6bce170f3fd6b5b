import { isLoadLensError, LoadLensError } from '../core/errors.js';
import { closeSharedRenderPool } from '../render/chart-renderer.js';
import type { CliDeps } from './bootstrap.js';

const HELP = `LoadLens: load-test reports from Prometheus/InfluxDB metrics.

Usage: loadlens <command> [options]

Commands:
  report   analyse a window: verdict, peak, steps, SLOs, per-domain findings, charts, HTML
  services list the services with traffic in a window (shared Prometheus inventory)
  runs     list stored runs
  compare  compare two stored runs (or a run with its baseline): regression, improvement, no change
  record   save every query result a report needs, for offline replay
  demo     replay the shipped step-test recording into the embedded store
  serve    run the bots, web view, webhooks and a worker in one process
  bot      run the bots, web view and webhooks only (scale workers separately)
  worker   run a job worker only (any number of them on one REDIS_URL)
  sim-exporter  serve simulated load-test metrics on /metrics (the compose demo service)

Run \`loadlens <command> --help\` for its options. Configuration comes from the
environment and LOADLENS_CONFIG (see README).
`;

type Command = (argv: string[], deps: CliDeps) => Promise<number>;
/**
 * Each command's module loads only when that command runs: `report` then never imports the
 * chat SDKs, BullMQ or puppeteer of `serve`, which cost seconds and ~30 MB before its first
 * query (issue 15).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  report: async () => (await import('./report.cmd.js')).reportCommand,
  services: async () => (await import('./services.cmd.js')).servicesCommand,
  runs: async () => (await import('./runs.cmd.js')).runsCommand,
  compare: async () => (await import('./compare.cmd.js')).compareCommand,
  record: async () => (await import('./record.cmd.js')).recordCommand,
  demo: async () => (await import('./demo.cmd.js')).demoCommand,
  serve: async () => (await import('./serve.cmd.js')).roleCommand('serve'),
  bot: async () => (await import('./serve.cmd.js')).roleCommand('bot'),
  worker: async () => (await import('./serve.cmd.js')).roleCommand('worker'),
  'sim-exporter': async () => (await import('./sim-exporter.cmd.js')).simExporterCommand,
};

/** CLI entry: dispatches `loadlens <command>`; returns the process exit code, never throws. */
export async function main(argv: string[], deps: CliDeps = {}): Promise<number> {
  const out = deps.stdout ?? ((t: string) => process.stdout.write(t));
  const err = deps.stderr ?? ((t: string) => process.stderr.write(t));
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    out(HELP);
    return 0;
  }
  const load = COMMANDS[cmd];
  if (!load) {
    err(`loadlens: unknown command "${cmd}"; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 1;
  }
  try {
    const command = await load();
    return await command(rest, deps);
  } catch (e) {
    err(`loadlens ${cmd}: ${describe(e)}\n`);
    return 1;
  } finally {
    // Idle render workers never hold the process, but stopping them makes exit immediate.
    await closeSharedRenderPool();
  }
}

/** One line for the user: the coded message, or the argument parser's complaint. */
function describe(e: unknown): string {
  // Several services under load: list them as `loadlens services` would, so the next
  // command (`--service NAME`) is obvious.
  if (isLoadLensError(e, 'SERVICE_AMBIGUOUS') && e.details.table) return `${e.message}\n${e.details.table}`;
  if (isLoadLensError(e)) return e.message;
  const code = (e as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    return `${(e as Error).message}; see --help`;
  }
  const wrapped = new LoadLensError('INTERNAL', e instanceof Error ? e.message : String(e), { cause: e });
  return `internal error: ${wrapped.message}`;
}
