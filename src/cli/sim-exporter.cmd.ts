import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { LoadLensError } from '../core/errors.js';
import { createLiveExporter } from '../sim/live-exporter.js';
import type { CliDeps } from './bootstrap.js';

/**
 * `loadlens sim-exporter [--port 9400]`: the demo service of `docker compose --profile demo`,
 * exposing simulated Micrometer, node-exporter, k6, … metrics on /metrics until stopped.
 */
export async function simExporterCommand(argv: string[], deps: CliDeps): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, host: { type: 'string' } },
    strict: true,
  });
  const port = Number(values.port ?? 9400);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new LoadLensError('BAD_INPUT', `--port must be a port number, not "${values.port}"`);
  }
  const exporter = createLiveExporter();
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end('see /metrics\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8' });
    res.end(exporter.render());
  });
  await new Promise<void>((resolve) => server.listen(port, values.host ?? '0.0.0.0', resolve));
  (deps.stdout ?? ((t: string) => process.stdout.write(t)))(`sim-exporter serving /metrics on :${port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}
