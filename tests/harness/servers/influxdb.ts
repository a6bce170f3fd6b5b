import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from '../binaries.js';
import { freePorts } from '../free-port.js';
import { retryOnPortClash, spawnServer, waitOrStop } from '../process.js';
import { makeTempDir, removeTempDir } from '../tmp.js';
import type { HarnessServer, StartOptions } from './types.js';

/** InfluxDB 1.x rejects big bodies slowly; the brief caps requests at 5,000 lines. */
export const INFLUX_CHUNK_LINES = 5_000;

export interface InfluxStartOptions extends StartOptions {
  /** Database created at start (default `loadtests`). */
  database?: string;
  /** Line protocol (ns precision) written into `database` before the server counts as ready. */
  lines?: string[];
  fetchFn?: typeof fetch;
}

export interface InfluxServer extends HarnessServer {
  readonly database: string;
  /** Writes line protocol (ns precision) into `db` (default: the start database). */
  write(lines: string[], db?: string): Promise<void>;
}

/** Config for influxd 1.6: every listener on loopback and a free port, background services off. */
export function influxConfig(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  index-version = "inmem"

[retention]
  enabled = false

[monitor]
  store-enabled = false

[continuous_queries]
  enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = false
  log-enabled = false

[logging]
  level = "warn"
`;
}

async function influxRequest(fetchFn: typeof fetch, url: string, body: string, what: string): Promise<void> {
  const res = await fetchFn(url, { method: 'POST', body, signal: AbortSignal.timeout(30_000) });
  if (res.status >= 300) throw new Error(`InfluxDB ${what} failed: HTTP ${res.status} ${await res.text()}`);
}

/** Creates `db` if missing (idempotent in InfluxDB 1.x). */
export async function createInfluxDatabase(baseUrl: string, db: string, fetchFn: typeof fetch = fetch) {
  const body = new URLSearchParams({ q: `CREATE DATABASE "${db}"` }).toString();
  const res = await fetchFn(`${baseUrl}/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok)
    throw new Error(`InfluxDB CREATE DATABASE ${db} failed: HTTP ${res.status} ${await res.text()}`);
}

/** Writes line protocol (ns precision) in chunks of at most `INFLUX_CHUNK_LINES` lines. */
export async function writeInfluxLines(
  baseUrl: string,
  db: string,
  lines: string[],
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  const url = `${baseUrl}/write?db=${encodeURIComponent(db)}&precision=ns`;
  for (let i = 0; i < lines.length; i += INFLUX_CHUNK_LINES) {
    await influxRequest(fetchFn, url, lines.slice(i, i + INFLUX_CHUNK_LINES).join('\n'), `write to ${db}`);
  }
}

/**
 * Starts `influxd run` (InfluxDB 1.6) from a config written into a fresh temp dir, waits for
 * `/ping` → 204, creates the database and writes `lines` into it.
 */
export async function startInfluxDb(opts: InfluxStartOptions = {}): Promise<InfluxServer> {
  const started = Date.now();
  const bin = findBinary('influxd', 'influxdb');
  const fetchFn = opts.fetchFn ?? fetch;
  const database = opts.database ?? 'loadtests';
  const dir = makeTempDir('influx', opts.tmpBase);
  try {
    for (const sub of ['meta', 'data', 'wal']) mkdirSync(join(dir, sub));
    const { proc, port } = await retryOnPortClash(async () => {
      const [port, rpcPort] = (await freePorts(2)) as [number, number];
      const config = join(dir, 'influxdb.conf');
      writeFileSync(config, influxConfig(dir, port, rpcPort));
      const proc = spawnServer({
        name: 'influxd',
        bin,
        args: ['run', '-config', config],
        logFile: join(dir, 'influxd.log'),
        cwd: dir,
        // influxd also reads INFLUXDB_* variables; keep the host's out of the throwaway server.
        env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INFLUXDB_'))),
      });
      const ping = async () => (await fetchFn(`http://127.0.0.1:${port}/ping`)).status === 204;
      await waitOrStop(proc, ping, opts.timeoutMs ?? 30_000);
      return { proc, port };
    });
    const url = `http://127.0.0.1:${port}`;
    const stop = async () => {
      await proc.stop();
      await removeTempDir(dir);
    };
    try {
      await createInfluxDatabase(url, database, fetchFn);
      await writeInfluxLines(url, database, opts.lines ?? [], fetchFn);
    } catch (err) {
      await stop();
      throw err;
    }
    return {
      url,
      port,
      dir,
      database,
      startupMs: Date.now() - started,
      write: (lines, db = database) => writeInfluxLines(url, db, lines, fetchFn),
      stop,
    };
  } catch (err) {
    await removeTempDir(dir);
    throw err;
  }
}
