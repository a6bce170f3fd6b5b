import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from '../binaries.js';
import { freePort } from '../free-port.js';
import { retryOnPortClash, runCommand, spawnServer, waitOrStop } from '../process.js';
import { makeTempDir, removeTempDir } from '../tmp.js';
import type { HarnessServer, StartOptions } from './types.js';

/** An instant query that must return at least one sample before Prometheus counts as ready. */
export interface ReadyQuery {
  query: string;
  /** Evaluation time, epoch seconds (backfilled data lies in the past). */
  timeSec: number;
}

export interface PrometheusStartOptions extends StartOptions {
  /** OpenMetrics files (with timestamps, ending in `# EOF`) to backfill before the start. */
  openMetricsFiles?: string[];
  /** Queries proving the backfill is visible; by default only `/-/ready` is checked. */
  readyQueries?: ReadyQuery[];
  /** Parallel `promtool` runs (default 2: the CI machine has 2 cores). */
  backfillConcurrency?: number;
  /** Injected for tests of the probe; defaults to global fetch. */
  fetchFn?: typeof fetch;
  /** Live targets to scrape (the lab); none by default, so backfilled data stays alone. */
  scrape?: ScrapeOptions;
  /** TSDB blocks made earlier (a benchmark's cache), copied into the fresh data dir first. */
  blocksFrom?: string;
}

/** One scrape job: a realistic `job` label and its `host:port` targets on loopback. */
export interface ScrapeJob {
  job: string;
  targets: string[];
  /** Defaults to `/metrics`. */
  metricsPath?: string;
}

export interface ScrapeOptions {
  /** Seconds between scrapes (and rule evaluations); the lab uses 1. */
  intervalS: number;
  jobs: ScrapeJob[];
}

export interface PrometheusServer extends HarnessServer {
  readonly dataDir: string;
  /** Time spent in `promtool tsdb create-blocks-from openmetrics`. */
  readonly backfillMs: number;
}

/** No scrape targets: every sample comes from the backfill, so the head block stays empty. */
const CONFIG = `global:
  scrape_interval: 15s
  evaluation_interval: 15s
scrape_configs: []
`;

/** prometheus.yml for live targets; JSON is valid YAML, so no quoting rules to get wrong. */
export function scrapeConfig(scrape: ScrapeOptions): string {
  const interval = `${scrape.intervalS}s`;
  return `${JSON.stringify(
    {
      global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
      scrape_configs: scrape.jobs.map((j) => ({
        job_name: j.job,
        metrics_path: j.metricsPath ?? '/metrics',
        static_configs: [{ targets: j.targets }],
      })),
    },
    null,
    2,
  )}\n`;
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

async function hasData(fetchFn: typeof fetch, base: string, q: ReadyQuery): Promise<boolean> {
  const url = `${base}/api/v1/query?query=${encodeURIComponent(q.query)}&time=${q.timeSec}`;
  const res = await fetchFn(url, { signal: AbortSignal.timeout(2_000) });
  if (!res.ok) return false;
  const body = (await res.json()) as { status?: string; data?: { result?: unknown[] } };
  return body.status === 'success' && (body.data?.result?.length ?? 0) > 0;
}

/**
 * Backfills the OpenMetrics files into a fresh TSDB with promtool, then starts Prometheus on
 * it. Only data older than the head block (~3 h) can be backfilled, so callers place their
 * series in the past; blocks of different files may overlap (allowed since Prometheus 2.39).
 * Ready when `/-/ready` answers 200 and every `readyQueries` entry returns data.
 */
export async function startPrometheus(opts: PrometheusStartOptions = {}): Promise<PrometheusServer> {
  const started = Date.now();
  const prometheus = findBinary('prometheus', 'prometheus');
  const promtool = findBinary('promtool', 'prometheus');
  const fetchFn = opts.fetchFn ?? fetch;
  const dir = makeTempDir('prom', opts.tmpBase);
  const dataDir = join(dir, 'data');
  try {
    mkdirSync(dataDir);
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, opts.scrape ? scrapeConfig(opts.scrape) : CONFIG);
    if (opts.blocksFrom) cpSync(opts.blocksFrom, dataDir, { recursive: true });
    await eachLimited(opts.openMetricsFiles ?? [], opts.backfillConcurrency ?? 2, async (file) => {
      await runCommand(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir], {
        timeoutMs: 120_000,
      });
    });
    const backfillMs = Date.now() - started;

    const { proc, port } = await retryOnPortClash(async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const proc = spawnServer({
        name: 'prometheus',
        bin: prometheus,
        // biome-ignore format: one flag per line reads better
        args: [
          `--config.file=${config}`,
          `--storage.tsdb.path=${dataDir}`,
          '--storage.tsdb.retention.time=100y',
          `--web.listen-address=127.0.0.1:${port}`,
          '--web.enable-lifecycle',
        ],
        logFile: join(dir, 'prometheus.log'),
        cwd: dir,
      });
      await waitOrStop(
        proc,
        async () => {
          const ready = await fetchFn(`${base}/-/ready`, { signal: AbortSignal.timeout(2_000) });
          if (ready.status !== 200) return false;
          for (const q of opts.readyQueries ?? []) {
            // Thrown, not returned, so a timeout names the query that never saw data.
            if (!(await hasData(fetchFn, base, q)))
              throw new Error(`no data yet for ${q.query} @${q.timeSec}`);
          }
          return true;
        },
        opts.timeoutMs ?? 60_000,
      );
      return { proc, port };
    });
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      dir,
      dataDir,
      backfillMs,
      startupMs: Date.now() - started,
      stop: async () => {
        await proc.stop();
        await removeTempDir(dir);
      },
    };
  } catch (err) {
    await removeTempDir(dir);
    throw err;
  }
}
