import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { quantile } from '../../../src/analysis/stats.js';
import { findBinary } from '../../harness/binaries.js';
import { runCommand } from '../../harness/process.js';
import type { StepTruth } from '../truth.js';

export interface PgbenchPlan {
  /** Clients per step, e.g. [1, 2, 4, 8, 16]. */
  clients: number[];
  stepS: number;
  /** Fraction of transactions written to the per-transaction log (latency percentiles). */
  samplingRate?: number;
}

function connArgs(pgUrl: string): string[] {
  const u = new URL(pgUrl);
  return ['-h', u.hostname, '-p', u.port, '-U', decodeURIComponent(u.username) || 'postgres'];
}

/** The lab's transaction: one of 4 hot rows, locked ~5 ms (see the file). */
const SCRIPT = join(import.meta.dirname, '..', 'pgbench', 'hot-rows.sql');

/** Creates pgbench's tables at scale 1 (the script uses only 4 of its accounts). */
export async function initPgbench(pgUrl: string, dbName = 'postgres'): Promise<void> {
  const bin = findBinary('pgbench', 'postgresql-client');
  await runCommand(bin, ['-i', '-s', '1', '-q', ...connArgs(pgUrl), dbName], { timeoutMs: 60_000 });
}

/** The figures pgbench prints at the end of a run. */
export interface PgbenchSummary {
  processed: number;
  failed: number;
  tps: number;
}

/** Parses pgbench's closing summary (PostgreSQL 15 wording). */
export function parsePgbenchSummary(out: string): PgbenchSummary {
  const num = (re: RegExp): number => {
    const m = re.exec(out);
    if (!m?.[1]) throw new Error(`pgbench output lacks ${re}: ${out.slice(-500)}`);
    return Number(m[1]);
  };
  return {
    processed: num(/number of transactions actually processed: (\d+)/),
    failed: /number of failed transactions: (\d+)/.test(out)
      ? num(/number of failed transactions: (\d+)/)
      : 0,
    tps: num(/tps = ([\d.]+) \(without initial connection time\)/),
  };
}

/** Latencies (ms) from pgbench per-transaction log lines: `client tx time_us script epoch epoch_us`. */
export function parseTransactionLog(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    // Skipped transactions (--latency-limit) log "skipped" in the time column: not latencies.
    const us = Number(f[2]);
    if (f.length >= 6 && Number.isFinite(us)) out.push(us / 1000);
  }
  return out;
}

/**
 * Runs one pgbench run of the hot-rows script per client count, back to back, each `stepS`
 * long, with `-P 1` progress and a sampled per-transaction log. The truth per step: pgbench's tps and
 * failed count, and latency percentiles from the sampled log.
 */
export async function runPgbenchSteps(
  pgUrl: string,
  plan: PgbenchPlan,
  workDir: string,
): Promise<StepTruth[]> {
  const bin = findBinary('pgbench', 'postgresql-client');
  const steps: StepTruth[] = [];
  for (const [i, clients] of plan.clients.entries()) {
    const prefix = `step${i + 1}`;
    const startMs = Date.now();
    // biome-ignore format: flags and values in pairs
    const { stdout, stderr } = await runCommand(bin, [
      '-n', '-f', SCRIPT, '-c', String(clients), '-j', String(Math.min(clients, 2)),
      '-T', String(plan.stepS), '-P', '1',
      '-l', `--sampling-rate=${plan.samplingRate ?? 0.2}`, `--log-prefix=${join(workDir, prefix)}`,
      ...connArgs(pgUrl), 'postgres',
    ], { cwd: workDir, timeoutMs: (plan.stepS + 30) * 1000 });
    const endMs = Date.now();
    const summary = parsePgbenchSummary(`${stdout}\n${stderr}`);
    const logs = (await readdir(workDir)).filter((f) => f.startsWith(`${prefix}.`));
    const latencies = (await Promise.all(logs.map((f) => readFile(join(workDir, f), 'utf8')))).flatMap(
      parseTransactionLog,
    );
    steps.push({
      step: i + 1,
      load: clients,
      startMs,
      endMs,
      requests: summary.processed,
      rps: summary.tps,
      p50Ms: quantile(latencies, 0.5),
      p95Ms: quantile(latencies, 0.95),
      p99Ms: quantile(latencies, 0.99),
      p95Basis: 'p95',
      errors: summary.failed,
    });
  }
  return steps;
}
