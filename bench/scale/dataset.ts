/**
 * Generates one scaling dataset with the simulator and backfills it into TSDB blocks with
 * `promtool tsdb create-blocks-from openmetrics`, cached under a directory keyed by the
 * generator's parameters and sources, so a re-run skips the minutes of generation.
 *
 * The exposition is written in time chunks (one JS string of a whole day would not fit) into
 * two files, one per half of the window, so two promtool runs share the 2 cores while the
 * second half is still being written. Blocks are made up to 54 h long and the window lies
 * inside one 54 h range: Prometheus then has nothing to compact while it is measured.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricFamily } from '../../src/sim/exporters/family.js';
import { type TimedFamilies, writeOpenMetricsParts } from '../../src/sim/openmetrics.js';
import { simulateFamilies } from '../../src/sim/simulate.js';
import { findBinary } from '../../tests/harness/binaries.js';
import { runCommand } from '../../tests/harness/process.js';
import type { ReadyQuery } from '../../tests/harness/servers/prometheus.js';
import { fleetScenarios, SCALE_TENANT, type ScaleSize, scaleStartMs } from './fleet.js';

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
/** Samples per written chunk: a chunk's text (~220 bytes a sample) stays far below V8's string limit. */
const CHUNK_SAMPLES = 1_000_000;

/** Every `.ts` file under `dir`, sorted. */
function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Cache key: the size, where it starts, and the code that decides the samples (the simulator
 * and the fleet). Bump `v` when the writer's output changes.
 */
function cacheKey(size: ScaleSize, startMs: number): string {
  const h = createHash('sha256').update(JSON.stringify({ size, startMs, v: 1 }));
  for (const f of [...sourcesUnder(join(ROOT, 'src', 'sim')), join(HERE, 'fleet.ts')]) {
    h.update(readFileSync(f));
  }
  return `scale-${size.name}-${h.digest('hex').slice(0, 12)}`;
}

/** The families with only ticks [a, b): a time chunk of every series. */
function sliceFamilies(families: MetricFamily[], a: number, b: number): MetricFamily[] {
  return families.map((f) => ({
    ...f,
    series: f.series.map((s) => ({ ...s, values: s.values.slice(a, b) })),
  }));
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
 * Writes ticks [from, to) of every instance to `file` chunk by chunk (about `chunkSamples`
 * samples each). Families repeat their HELP/TYPE per chunk and instance; promtool accepts
 * that, and each series stays in time order.
 */
export function writeSpan(
  file: string,
  parts: TimedFamilies[],
  from: number,
  to: number,
  chunkSamples = CHUNK_SAMPLES,
): void {
  const series = parts.reduce((n, p) => n + p.families.reduce((m, f) => m + f.series.length, 0), 0);
  const ticks = Math.max(1, Math.floor(chunkSamples / Math.max(1, series)));
  const fd = openSync(file, 'w');
  try {
    for (let a = from; a < to; a += ticks) {
      const b = Math.min(to, a + ticks);
      for (const p of parts) {
        const text = writeOpenMetricsParts([
          { families: sliceFamilies(p.families, a, b), tMs: p.tMs.slice(a, b) },
        ]);
        writeSync(fd, text.slice(0, text.lastIndexOf('# EOF')));
      }
    }
    writeSync(fd, '# EOF\n');
  } finally {
    closeSync(fd);
  }
}

async function generate(size: ScaleSize, startMs: number, outDir: string): Promise<Meta> {
  const parts = fleetScenarios(size, startMs).map((s) => simulateFamilies(s).timed);
  const { series, samples } = countSamples(parts);
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
  writeSpan(first, parts, 0, half);
  const firstDone = backfill(first);
  const second = join(outDir, 'second.om');
  try {
    writeSpan(second, parts, half, ticks);
  } catch (err) {
    await firstDone.catch(() => undefined);
    throw err;
  }
  await Promise.all([firstDone, backfill(second)]);
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
    const meta = await generate(size, startMs, tmp);
    writeFileSync(join(tmp, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    renameSync(tmp, dir);
    return { ...meta, blocksDir: join(dir, 'blocks'), generateMs: performance.now() - t0, cached: false };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
