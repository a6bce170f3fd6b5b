/**
 * Benchmark (issue 15, item 4): how long `loadlens report` takes to send its first query and
 * how much memory it needs, as a user runs it — the built CLI (`bin/loadlens.js`, so run
 * `npm run build` first) as a child process against a real Prometheus holding one hour of a
 * step test, behind a small proxy that notes when the first query arrives. Cases: the
 * embedded store on a fresh data dir, on a reused one, and PostgreSQL (a throwaway cluster).
 * Peak RSS is the child's VmHWM from /proc (Linux), polled until it exits.
 * Goals: ≤ 1.5 s to the first query and ≤ 300 MB peak RSS on a fresh data dir.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetPath } from '../src/core/assets.js';
import { startPostgres } from '../tests/harness/servers/postgres.js';
import { startBenchPrometheus } from './report.bench.js';
import { fmtSpread, type Spread, spreadOf } from './spread.js';

/** One `loadlens report` run as a child process. */
interface RunFigures {
  /** Spawn → first request at Prometheus (ms). */
  firstQueryMs: number;
  /** Spawn → exit (ms). */
  totalMs: number;
  /** Peak resident set (MiB). */
  peakRssMiB: number;
  exitCode: number | null;
}

/** A pass-through proxy in front of Prometheus that notes each request's arrival time. */
async function startProxy(target: string) {
  const arrivals: number[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    arrivals.push(performance.now());
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** Arrival of the first request after `since`, or NaN. */
    firstAfter: (since: number) => arrivals.find((t) => t >= since) ?? Number.NaN,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function vmHwmMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function runReport(
  args: string[],
  env: NodeJS.ProcessEnv,
  proxy: Awaited<ReturnType<typeof startProxy>>,
): Promise<RunFigures> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [assetPath('bin', 'loadlens.js'), 'report', ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let peak = 0;
  const poll = setInterval(() => {
    peak = Math.max(peak, vmHwmMiB(child.pid!) ?? 0);
  }, 10);
  const exitCode = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const totalMs = performance.now() - t0;
  clearInterval(poll);
  if (exitCode !== 0)
    process.stderr.write(`startup bench: report exited ${exitCode}: ${stderr.slice(-500)}\n`);
  return { firstQueryMs: proxy.firstAfter(t0) - t0, totalMs, peakRssMiB: peak, exitCode };
}

/** Spreads of one case over its runs. */
export interface StartupCase {
  firstQueryMs: Spread;
  totalMs: Spread;
  peakRssMiB: Spread;
  failures: number;
}

export interface StartupBenchResult {
  runs: number;
  pgliteFresh: StartupCase;
  pgliteReused: StartupCase;
  postgres: StartupCase;
}

function summarise(runs: RunFigures[]): StartupCase {
  return {
    firstQueryMs: spreadOf(runs.map((r) => r.firstQueryMs)),
    totalMs: spreadOf(runs.map((r) => r.totalMs)),
    peakRssMiB: spreadOf(runs.map((r) => r.peakRssMiB)),
    failures: runs.filter((r) => r.exitCode !== 0).length,
  };
}

/** Runs each case `runs` times (default 3), one after another. */
export async function benchStartup(opts: { runs?: number } = {}): Promise<StartupBenchResult> {
  const runs = opts.runs ?? 3;
  if (!existsSync(assetPath('dist', 'cli', 'main.js'))) {
    throw new Error('startup bench runs the built CLI: run `npm run build` first');
  }
  const work = mkdtempSync(join(tmpdir(), 'loadlens-bench-startup-'));
  const { prom, truth } = await startBenchPrometheus(work);
  const proxy = await startProxy(prom.url);
  const pg = await startPostgres();
  const args = (out: string) => [
    '--from',
    String(Math.round(truth.startMs / 1000)),
    '--to',
    String(Math.round(truth.endMs / 1000)),
    '--prometheus',
    proxy.url,
    '--json',
    '--out',
    out,
  ];
  const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC' };
  try {
    const fresh: RunFigures[] = [];
    const reused: RunFigures[] = [];
    const postgres: RunFigures[] = [];
    const shared = join(work, 'reused');
    // The reused dir and the PostgreSQL schema are made once before timing, as a second run finds them.
    await runReport(args(join(work, 'out-warm')), { ...baseEnv, LOADLENS_DATA_DIR: shared }, proxy);
    await runReport(args(join(work, 'out-warm-pg')), { ...baseEnv, DATABASE_URL: pg.url }, proxy);
    for (let i = 0; i < runs; i++) {
      const dir = join(work, `fresh-${i}`);
      fresh.push(
        await runReport(args(join(work, `out-f${i}`)), { ...baseEnv, LOADLENS_DATA_DIR: dir }, proxy),
      );
      reused.push(
        await runReport(args(join(work, `out-r${i}`)), { ...baseEnv, LOADLENS_DATA_DIR: shared }, proxy),
      );
      postgres.push(
        await runReport(args(join(work, `out-p${i}`)), { ...baseEnv, DATABASE_URL: pg.url }, proxy),
      );
    }
    return {
      runs,
      pgliteFresh: summarise(fresh),
      pgliteReused: summarise(reused),
      postgres: summarise(postgres),
    };
  } finally {
    await proxy.close();
    await pg.stop();
    await prom.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/** Readable lines for the bench summary. */
export function startupLines(r: StartupBenchResult): string[] {
  const line = (name: string, c: StartupCase) =>
    `startup ${name}: first query ${fmtSpread(c.firstQueryMs)}, total ${fmtSpread(c.totalMs)}, peak RSS ${fmtSpread(c.peakRssMiB, 'MiB')}${c.failures ? `, ${c.failures} failed` : ''}`;
  return [
    line('PGlite fresh data dir', r.pgliteFresh),
    line('PGlite reused data dir', r.pgliteReused),
    line('PostgreSQL', r.postgres),
    'startup goals (fresh data dir): first query ≤ 1500 ms, peak RSS ≤ 300 MB',
  ];
}
