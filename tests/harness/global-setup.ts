import type { TestProject } from 'vitest/node';
import { harnessBaseStartMs, type ScenarioData } from './scenario-data.js';
import { startInfluxDb } from './servers/influxdb.js';
import { startPostgres } from './servers/postgres.js';
import { startPrometheus } from './servers/prometheus.js';
import { startRedis } from './servers/redis.js';
import type { HarnessServer } from './servers/types.js';
import type { SharedData } from './shared-data.js';
import { simulateOffThread } from './simulation-thread.js';
import { makeTempDir, removeTempDir, sweepStaleTempDirs } from './tmp.js';

const INFLUX_DB = 'loadtests';

function log(line: string): void {
  process.stdout.write(`[harness] ${line}\n`);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Waits for every start; if any failed, stops the ones that came up and throws all errors. */
async function allOrNothing<T extends HarnessServer>(starts: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(starts);
  const up: T[] = [];
  const failed: unknown[] = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') up.push(s.value);
    else failed.push(s.reason);
  }
  if (failed.length === 0) return up;
  await Promise.allSettled(up.map((s) => s.stop()));
  const reasons = failed.map((r) => (r instanceof Error ? r.message : String(r)));
  throw new Error(`integration harness failed to start:\n- ${reasons.join('\n- ')}`, { cause: failed[0] });
}

/**
 * vitest global setup of the `integration` project: starts real PostgreSQL, Redis, Prometheus
 * (backfilled with the standard simulator scenarios and the shared-Prometheus window) and
 * InfluxDB (the scenarios' JMeter and k6 points) in parallel, and provides their URLs plus
 * the ground truth to the tests.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = Date.now();
  sweepStaleTempDirs();
  // PostgreSQL and Redis need no data: they start while a worker thread simulates, so the
  // simulation never blocks their readiness probes.
  const pgStart = startPostgres();
  const redisStart = startRedis();

  const workDir = makeTempDir('setup');
  let data: ScenarioData;
  let shared: SharedData;
  let workerMs: number;
  try {
    ({ data, shared, ms: workerMs } = await simulateOffThread(harnessBaseStartMs(Date.now()), workDir));
  } catch (err) {
    await Promise.allSettled([pgStart, redisStart].map((start) => start.then((s) => s.stop())));
    await removeTempDir(workDir);
    throw err;
  }
  const simMs = Date.now() - t0;
  log(
    `simulated ${Object.keys(data.truths).length} scenarios and ${Object.keys(shared.services).length} shared services in ${seconds(simMs)} (${seconds(workerMs)} in the worker)`,
  );

  const promStart = startPrometheus({
    openMetricsFiles: data.openMetricsFiles,
    readyQueries: data.readyQueries,
  });
  const influxStart = startInfluxDb({ database: INFLUX_DB, lines: data.influxLines });
  let servers: HarnessServer[];
  try {
    servers = await allOrNothing<HarnessServer>([pgStart, redisStart, promStart, influxStart]);
  } finally {
    await removeTempDir(workDir);
  }
  const [pg, redis, prom, influx] = servers as [HarnessServer, HarnessServer, HarnessServer, HarnessServer];
  log(`postgres   ${pg.url} ready in ${seconds(pg.startupMs)} (alongside the simulation)`);
  log(`redis      ${redis.url} ready in ${seconds(redis.startupMs)} (alongside the simulation)`);
  log(`prometheus ${prom.url} ready in ${seconds(prom.startupMs)} (backfill included)`);
  log(
    `influxdb   ${influx.url} ready in ${seconds(influx.startupMs)} (${data.influxLines.length} points written)`,
  );
  log(`setup done in ${seconds(Date.now() - t0)}`);

  project.provide('pgUrl', pg.url);
  project.provide('redisUrl', redis.url);
  project.provide('promUrl', prom.url);
  project.provide('influxUrl', influx.url);
  project.provide('influxDb', INFLUX_DB);
  project.provide('scenarios', data.truths);
  project.provide('shared', shared);

  return async () => {
    const t = Date.now();
    await Promise.allSettled(servers.map((s) => s.stop()));
    log(`servers stopped in ${seconds(Date.now() - t)}`);
  };
}
