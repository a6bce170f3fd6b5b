import { findBinary } from '../binaries.js';
import { type HttpChild, startHttpChild } from './http-child.js';
import type { StartOptions } from './types.js';

/** Starts Debian's prometheus-postgres-exporter on 127.0.0.1 against `pgUrl`. */
export function startPostgresExporter(opts: StartOptions & { pgUrl: string }): Promise<HttpChild> {
  const bin = findBinary('prometheus-postgres-exporter', 'prometheus-postgres-exporter');
  const dsn = new URL(opts.pgUrl);
  dsn.searchParams.set('sslmode', 'disable');
  return startHttpChild({
    ...opts,
    name: 'postgres-exporter',
    bin,
    args: ([port]) => [`--web.listen-address=127.0.0.1:${port}`],
    // The exporter reads the DSN only from the environment.
    env: () => ({ DATA_SOURCE_NAME: dsn.toString() }),
  });
}
