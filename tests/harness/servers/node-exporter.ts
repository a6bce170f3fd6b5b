import { findBinary } from '../binaries.js';
import { type HttpChild, startHttpChild } from './http-child.js';
import type { StartOptions } from './types.js';

/** The collectors the lab reads; the defaults include slow ones (e.g. systemd, hwmon). */
const COLLECTORS = ['cpu', 'meminfo', 'loadavg', 'diskstats', 'netdev', 'stat', 'vmstat', 'pressure'];

/** Starts Debian's prometheus-node-exporter on 127.0.0.1 with a small set of collectors. */
export function startNodeExporter(opts: StartOptions = {}): Promise<HttpChild> {
  const bin = findBinary('prometheus-node-exporter', 'prometheus-node-exporter');
  return startHttpChild({
    ...opts,
    name: 'node-exporter',
    bin,
    args: ([port]) => [
      `--web.listen-address=127.0.0.1:${port}`,
      '--collector.disable-defaults',
      ...COLLECTORS.map((c) => `--collector.${c}`),
    ],
  });
}
