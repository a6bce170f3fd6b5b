/**
 * Scaling benchmark (issue 15): `loadlens report` on 1 h, 6 h and 24 h of a scaled-out
 * Spring service (Micrometer HTTP with 30–60 routes over 10–20 instances, JVM, HikariCP,
 * node-exporter, k6) at a 15 s scrape, backfilled with promtool into a throwaway Prometheus.
 * Per size, the medians of `runs` with min–max of:
 *  - the tool: the real CLI in a child process on a fresh data directory (wall, spawn to
 *    exit), its phases and peak RSS;
 *  - the bare client: the very requests the tool sent, each once, all at once, plain fetch;
 *  - their ratio, run by run.
 * Goals: ≤ 1.2× the bare client at 24 h with no warnings; ≤ 2 s at 1 h on a fresh data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrometheus } from '../tests/harness/servers/prometheus.js';
import { distinctRequests, replayAtOnce } from './scale/bare-client.js';
import { type CompiledCli, compileCli } from './scale/compile-cli.js';
import { ensureDataset, type ScaleDataset } from './scale/dataset.js';
import { SCALE_APP, SCALE_SIZES } from './scale/fleet.js';
import { runToolChild, type ToolRun } from './scale/run-tool.js';
import { fmtSpread, type Spread, spreadOf } from './spread.js';

/** One size's figures. */
export interface ScaleSizeResult {
  size: string;
  hours: number;
  routes: number;
  instances: number;
  series: number;
  samples: number;
  /** Generation + backfill, ms (0 when cached). */
  generateMs: number;
  cached: boolean;
  /** The tool, spawn to exit, ms. */
  toolMs: Spread;
  /** Phases, ms: `import` (tsx), `start` (store open, to the first query), then the report's own. */
  phases: Record<string, Spread>;
  rssMiB: Spread;
  /** CPU time of the tool's process (user + system), ms: less bent by a busy machine than wall time. */
  cpuMs: Spread;
  /** Prometheus' CPU seconds (`process_cpu_seconds_total`) per report and per bare replay. */
  promCpuSec: Spread;
  promCpuBareSec: Spread;
  /** The machine's 1-minute load average before and after the size's runs. */
  loadAvg: [number, number];
  bareMs: Spread;
  /** tool / bare, run by run; and the report's fetch phase alone / bare. */
  ratio: Spread;
  fetchRatio: Spread;
  /** Requests the tool sent (retries included) and distinct ones (what the bare client sends). */
  requests: number;
  distinctRequests: number;
  bareFailed: number;
  /** The most warnings of any run, and the first run's. */
  warnings: number;
  warningTexts: string[];
  /** Domains without data or partial, as `id:status` (first run). */
  domainsMissing: string[];
  verdicts: string[];
  /** The CLI's exit codes, and its stderr when one was not 0 or 2 (the `--fail-on` gate). */
  exitCodes: number[];
  errors: string[];
}

export interface ScaleBench {
  sizes: ScaleSizeResult[];
  runs: number;
}

/** Prometheus' own CPU seconds so far, from its `/metrics`. */
async function promCpuSec(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = /^process_cpu_seconds_total (\S+)$/m.exec(text);
  return m ? Number(m[1]) : Number.NaN;
}

const PHASES = ['import', 'start', 'scope', 'fetch', 'analyse', 'render', 'store', 'finish'] as const;

/** The phases of one run from the child's figures; the report's own timings where it has them. */
function phasesOf(r: ToolRun): Record<string, number> {
  const t = r.timingsMs;
  const known = (t.fetch ?? 0) + (t.analyse ?? 0) + (t.render ?? 0);
  return {
    import: r.importMs,
    start: r.toFirstQueryMs,
    // `scope` is part of `fetch` when the report times it; `store` is what `total` adds after render.
    scope: t.scope ?? Number.NaN,
    fetch: (t.fetch ?? Number.NaN) - (t.scope ?? 0),
    analyse: t.analyse ?? Number.NaN,
    render: t.render ?? Number.NaN,
    store: t.store ?? (t.total ?? Number.NaN) - known,
    finish: r.mainMs - r.toFirstQueryMs - (t.total ?? Number.NaN),
  };
}

async function benchSize(
  cli: CompiledCli,
  ds: ScaleDataset,
  runs: number,
  warmup: number,
  env: Record<string, string>,
) {
  const prom = await startPrometheus({
    blocksFrom: ds.blocksDir,
    readyQueries: [ds.readyQuery],
    timeoutMs: 180_000,
  });
  const work = mkdtempSync(join(tmpdir(), 'loadlens-scale-'));
  try {
    const tool: ToolRun[] = [];
    const bare: { ms: number; failed: number }[] = [];
    const promCpu: { tool: number; bare: number }[] = [];
    const loadBefore = loadavg()[0]!;
    for (let i = 0; i < warmup + runs; i++) {
      const cpu0 = await promCpuSec(prom.url);
      const r = await runToolChild(cli.child, {
        cliMain: cli.main,
        promUrl: prom.url,
        fromMs: ds.fromMs,
        toMs: ds.toMs,
        service: SCALE_APP,
        // A fresh data directory every run: what a CI job from a clean checkout pays.
        dataDir: join(work, `data-${i}`),
        outDir: join(work, `out-${i}`),
        resultFile: join(work, `result-${i}.json`),
        env,
      });
      const cpu1 = await promCpuSec(prom.url);
      const b = await replayAtOnce(distinctRequests(r.requests));
      const cpu2 = await promCpuSec(prom.url);
      rmSync(join(work, `data-${i}`), { recursive: true, force: true });
      if (i < warmup) continue;
      tool.push(r);
      bare.push(b);
      promCpu.push({ tool: cpu1 - cpu0, bare: cpu2 - cpu1 });
    }
    const first = tool[0]!;
    const phaseRuns = tool.map(phasesOf);
    const phases: Record<string, Spread> = {};
    for (const p of PHASES) phases[p] = spreadOf(phaseRuns.map((x) => x[p]!));
    return {
      size: ds.size.name,
      hours: ds.size.hours,
      routes: ds.size.routes,
      instances: ds.size.instances,
      series: ds.series,
      samples: ds.samples,
      generateMs: ds.generateMs,
      cached: ds.cached,
      toolMs: spreadOf(tool.map((r) => r.wallMs)),
      phases,
      rssMiB: spreadOf(tool.map((r) => r.maxRssMiB)),
      cpuMs: spreadOf(tool.map((r) => r.cpuMs)),
      promCpuSec: spreadOf(promCpu.map((c) => c.tool)),
      promCpuBareSec: spreadOf(promCpu.map((c) => c.bare)),
      loadAvg: [loadBefore, loadavg()[0]!],
      bareMs: spreadOf(bare.map((b) => b.ms)),
      ratio: spreadOf(tool.map((r, i) => r.wallMs / bare[i]!.ms)),
      fetchRatio: spreadOf(tool.map((r, i) => (r.timingsMs.fetch ?? Number.NaN) / bare[i]!.ms)),
      requests: first.requests.length,
      distinctRequests: distinctRequests(first.requests).length,
      bareFailed: Math.max(...bare.map((b) => b.failed)),
      warnings: Math.max(...tool.map((r) => r.warnings.length)),
      warningTexts: first.warnings,
      domainsMissing: first.domains.filter((d) => !d.endsWith(':ok') && !/:(risk|fail)$/.test(d)),
      verdicts: tool.map((r) => r.verdict),
      exitCodes: tool.map((r) => r.exitCode),
      errors: tool.filter((r) => r.exitCode !== 0 && r.exitCode !== 2).map((r) => r.stderrTail),
    } satisfies ScaleSizeResult;
  } finally {
    await prom.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Runs the benchmark on `sizes` (default all), `runs` measured runs each after `warmup`
 * untimed ones. `env` reaches the CLI (e.g. `PROMETHEUS_TIMEOUT_MS`).
 */
export async function benchScale(
  opts: {
    sizes?: string[];
    runs?: number;
    warmup?: number;
    env?: Record<string, string>;
    log?: (l: string) => void;
  } = {},
): Promise<ScaleBench> {
  const runs = Math.max(3, opts.runs ?? 3);
  const wanted = SCALE_SIZES.filter((s) => !opts.sizes?.length || opts.sizes.includes(s.name));
  const sizes: ScaleSizeResult[] = [];
  const cli = compileCli();
  for (const size of wanted) {
    const ds = await ensureDataset(size, { log: opts.log });
    if (!ds.cached) opts.log?.(`scale: ${size.name} generated in ${(ds.generateMs / 1000).toFixed(0)} s`);
    sizes.push(await benchSize(cli, ds, runs, opts.warmup ?? 1, opts.env ?? {}));
  }
  return { sizes, runs };
}

/** The readable lines of one size, goals beside the figures. */
export function describeScale(r: ScaleSizeResult): string[] {
  const s = (x: Spread, digits = 0) =>
    fmtSpread({ ...x, median: x.median / 1000, min: x.min / 1000, max: x.max / 1000 }, 's', digits);
  const goal =
    r.size === '24h'
      ? `goal ≤ 1.2× with no warnings: ${r.ratio.median <= 1.2 && r.warnings === 0 ? 'met' : 'NOT met'}`
      : r.size === '1h'
        ? `goal ≤ 2 s on a fresh data dir: ${r.toolMs.median <= 2000 ? 'met' : 'NOT met'}`
        : '';
  const gen = r.cached ? 'cached' : `generated in ${(r.generateMs / 1000).toFixed(0)} s`;
  const phases = Object.entries(r.phases)
    .filter(([, v]) => v.n > 0)
    .map(([k, v]) => `${k} ${fmtSpread(v)}`)
    .join(', ');
  return [
    `scale ${r.size}: ${r.series.toLocaleString('en')} series, ${(r.samples / 1e6).toFixed(1)}M samples (${r.routes} routes × ${r.instances} instances; ${gen})`,
    `scale ${r.size}: tool ${s(r.toolMs, 2)} vs bare client ${s(r.bareMs, 2)} for ${r.distinctRequests} requests (${r.requests} sent): ${fmtSpread(r.ratio, '×', 2)}; fetch alone ${fmtSpread(r.fetchRatio, '×', 2)}; ${goal}`,
    `scale ${r.size}: Prometheus CPU per report ${fmtSpread(r.promCpuSec, 's', 1)} vs ${fmtSpread(r.promCpuBareSec, 's', 1)} for the bare client; the tool's own CPU ${fmtSpread(r.cpuMs)}; load average ${r.loadAvg.map((x) => x.toFixed(1)).join(' → ')} on ${cpus().length} cores`,
    `scale ${r.size}: peak RSS ${fmtSpread(r.rssMiB, 'MiB')}; warnings ${r.warnings}${r.warnings ? ` (${r.warningTexts.slice(0, 3).join('; ')})` : ''}; without data ${r.domainsMissing.join(', ') || 'none'}; verdicts ${r.verdicts.join(', ')}; exit codes ${r.exitCodes.join(', ')}${r.bareFailed ? `; bare client errors ${r.bareFailed}` : ''}`,
    `scale ${r.size}: phases ${phases}`,
    ...r.errors.map((e) => `scale ${r.size}: the CLI failed: ${e.trim().split('\n').pop()}`),
  ];
}
