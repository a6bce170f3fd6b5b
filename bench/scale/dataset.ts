/**
 * Generates one scaling dataset with the simulator and backfills it into TSDB blocks with
 * `promtool tsdb create-blocks-from openmetrics`, cached under a directory keyed by the
 * generator's parameters and sources, so a re-run skips the minutes of generation.
 *
 * The exposition is streamed (`om-writer.ts`; a day is ~9 GB of text) into two files, one
 * per half of the window, so the first half's promtool run shares the 2 cores with the
 * writing of the second half. Blocks are made up to 54 h long and the window lies
 * inside one 54 h range: Prometheus then has nothing to compact while it is measured.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TimedFamilies } from '../../src/sim/openmetrics.js';
import { simulateFamilies } from '../../src/sim/simulate.js';
import { findBinary } from '../../tests/harness/binaries.js';
import { runCommand } from '../../tests/harness/process.js';
import type { ReadyQuery } from '../../tests/harness/servers/prometheus.js';
import { fleetScenarios, SCALE_TENANT, type ScaleSize, scaleStartMs } from './fleet.js';
import { writeSpan } from './om-writer.js';

/** A generated dataset, ready to be copied into a Prometheus data directory. */
export interface ScaleDataset {
  size: ScaleSize;
  /** The whole simulated window, epoch ms. */
  fromMs: number;
  toMs: number;
  /** Series with at least one sample, and samples in all. */
  series: number;
  samples: number;
  /** Directory of TSDB blocks (`startPrometheus({ blocksFrom })`). */
  blocksDir: string;
  readyQuery: ReadyQuery;
  /** Time spent generating and backfilling; 0 when the cache had it. */
  generateMs: number;
  cached: boolean;
}

type Meta = Omit<ScaleDataset, 'blocksDir' | 'generateMs' | 'cached'>;

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

/** Every `.ts` file under `dir`, sorted. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Cache key: the size, where it starts, and the code that decides the samples (the simulator,
 * the fleet and the writer). Bump `v` when the writer's output changes.
 */
function cacheKey(size: ScaleSize, startMs: number): string {
  const h = createHash('sha256').update(JSON.stringify({ size, startMs, v: 2 }));
  for (const f of [
    ...sourcesUnder(join(ROOT, 'src', 'sim')),
    join(HERE, 'fleet.ts'),
    join(HERE, 'om-writer.ts'),
  ]) {
    h.update(readFileSync(f));
  }
  return `scale-${size.name}-${h.digest('hex').slice(0, 12)}`;
}

/** Counts series that have a sample, and samples. */
function countSamples(parts: TimedFamilies[]): { series: number; samples: number } {
  let series = 0;
  let samples = 0;
  for (const p of parts)
    for (const f of p.families)
      for (const s of f.series) {
        let n = 0;
        for (const v of s.values) if (!Number.isNaN(v)) n++;
        if (n > 0) series++;
        samples += n;
      }
  return { series, samples };
}

/**
 * CPU seconds (user + system) of this process and of its waited-for children (promtool), from
 * `/proc/self/stat`; children are NaN where that file does not exist.
 */
function cpuSec(): { self: number; children: number } {
  const u = process.cpuUsage();
  let children = Number.NaN;
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the `(comm)`: cutime and cstime are the 14th and 15th, in clock ticks (100 Hz).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = (Number(f[13]) + Number(f[14])) / 100;
  } catch {}
  return { self: (u.user + u.system) / 1e6, children };
}

async function generate(
  size: ScaleSize,
  startMs: number,
  outDir: string,
  log?: (line: string) => void,
): Promise<Meta> {
  const t0 = performance.now();
  const cpu0 = cpuSec();
  const parts = fleetScenarios(size, startMs).map((s) => simulateFamilies(s).timed);
  const { series, samples } = countSamples(parts);
  const simMs = performance.now() - t0;
  const ticks = parts[0]!.tMs.length;
  const promtool = findBinary('promtool', 'prometheus');
  const blocks = join(outDir, 'blocks');
  mkdirSync(blocks, { recursive: true });
  const backfill = (file: string) =>
    runCommand(
      promtool,
      ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=100h', file, blocks],
      {
        timeoutMs: 900_000,
      },
    ).finally(() => rmSync(file, { force: true }));
  // The first half backfills while the second is written.
  const half = Math.ceil(ticks / 2);
  const first = join(outDir, 'first.om');
  const tw = performance.now();
  writeSpan(first, parts, 0, half);
  const firstDone = backfill(first);
  const second = join(outDir, 'second.om');
  try {
    writeSpan(second, parts, half, ticks);
  } catch (err) {
    await firstDone.catch(() => undefined);
    throw err;
  }
  const writeMs = performance.now() - tw;
  await Promise.all([firstDone, backfill(second)]);
  const cpu1 = cpuSec();
  const s1 = (ms: number) => (ms / 1000).toFixed(1);
  log?.(
    `scale: ${size.name}: ${series} series, ${samples} samples; simulated ${s1(simMs)} s, written ${s1(writeMs)} s, ` +
      `all ${s1(performance.now() - t0)} s; CPU ${(cpu1.self - cpu0.self).toFixed(1)} s node + ` +
      `${(cpu1.children - cpu0.children).toFixed(1)} s promtool; load ${loadavg()[0]!.toFixed(1)}`,
  );
  const tMs = parts[0]!.tMs;
  const fromMs = tMs[0]!;
  const toMs = tMs[ticks - 1]!;
  return {
    size,
    fromMs,
    toMs,
    series,
    samples,
    readyQuery: { query: `count({scenario="${SCALE_TENANT}"})`, timeSec: Math.round((fromMs + toMs) / 2000) },
  };
}

/**
 * The dataset of `size`, from the cache (`LOADLENS_BENCH_CACHE`, default `<tmp>/loadlens-bench-cache`)
 * or generated into it. Older entries of the same size are removed.
 */
export async function ensureDataset(
  size: ScaleSize,
  opts: { nowMs?: number; cacheDir?: string; log?: (line: string) => void } = {},
): Promise<ScaleDataset> {
  const startMs = scaleStartMs(opts.nowMs ?? Date.now());
  const cacheDir = opts.cacheDir ?? join(tmpdir(), 'loadlens-bench-cache');
  const key = cacheKey(size, startMs);
  const dir = join(cacheDir, key);
  const metaFile = join(dir, 'meta.json');
  if (existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as Meta;
    return { ...meta, blocksDir: join(dir, 'blocks'), generateMs: 0, cached: true };
  }
  mkdirSync(cacheDir, { recursive: true });
  for (const old of readdirSync(cacheDir)) {
    if (old.startsWith(`scale-${size.name}-`)) rmSync(join(cacheDir, old), { recursive: true, force: true });
  }
  opts.log?.(
    `scale: generating ${size.name} (${size.routes} routes × ${size.instances} instances) into ${dir}`,
  );
  const t0 = performance.now();
  const tmp = join(cacheDir, `.tmp-${key}-${process.pid}`);
  try {
    const meta = await generate(size, startMs, tmp, opts.log);
    writeFileSync(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    renameSync(tmp, dir);
    return { ...meta, blocksDir: join(dir, 'blocks'), generateMs: performance.now() - t0, cached: false };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
