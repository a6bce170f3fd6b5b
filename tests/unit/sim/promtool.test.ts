import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioByName } from '../../../src/sim/presets.js';
import { simulateShared } from '../../../src/sim/shared.js';
import { sharedWindowPreset } from '../../../src/sim/shared-presets.js';
import { simulate } from '../../../src/sim/simulate.js';
import { BASE_MS } from './helpers.js';

const run = promisify(execFile);
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Backfills an exposition with promtool (rejects if promtool refuses it); returns the blocks' sample counts. */
async function backfill(name: string, text: string): Promise<{ samples: number; blocks: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'loadlens-sim-promtool-'));
  dirs.push(dir);
  const file = join(dir, `${name}.om`);
  await writeFile(file, text);
  const blocks = join(dir, 'blocks');
  await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, blocks], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  let samples = 0;
  const ulids = await readdir(blocks);
  for (const ulid of ulids) {
    const meta = JSON.parse(await readFile(join(blocks, ulid, 'meta.json'), 'utf8')) as {
      stats: { numSamples: number };
    };
    samples += meta.stats.numSamples;
  }
  return { samples, blocks: ulids.length };
}

/**
 * The exposition as one scrape would show it in the Prometheus text format: the last sample
 * of every series, no timestamps, counters' HELP/TYPE under their `_total` sample name.
 */
function asScrape(text: string): string {
  const counters = new Set([...text.matchAll(/^# TYPE (\S+) counter$/gm)].map((m) => m[1]));
  const out: string[] = [];
  let lastKey = '';
  for (const line of text.split('\n')) {
    if (line === '' || line === '# EOF') continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      out.push(`# ${meta[1]} ${meta[2]}${counters.has(meta[2]) ? '_total' : ''} ${meta[3]}`);
      lastKey = '';
      continue;
    }
    // A series' samples are contiguous: keep its last one.
    const sample = line.slice(0, line.lastIndexOf(' '));
    const key = sample.slice(0, sample.lastIndexOf(' '));
    if (key === lastKey) out.pop();
    out.push(sample);
    lastKey = key;
  }
  return `${out.join('\n')}\n`;
}

/**
 * What `promtool check metrics` says of the real exporters' own names, which the simulator
 * copies on purpose (kafka_exporter's `_sum` gauge, node-exporter's camelCase meminfo, …).
 */
const REAL_EXPORTER_LINT = [
  'kafka_consumergroup_lag_sum non-histogram and non-summary metrics should not have "_sum" suffix',
  'locust_requests_current_fail_per_sec metric names should not contain abbreviated units',
  "node_memory_MemAvailable_bytes metric names should be written in 'snake_case' not 'camelCase'",
  "node_memory_MemTotal_bytes metric names should be written in 'snake_case' not 'camelCase'",
  'pg_locks_count non-histogram and non-summary metrics should not have "_count" suffix',
  'pg_stat_activity_count non-histogram and non-summary metrics should not have "_count" suffix',
  'system_cpu_count non-histogram and non-summary metrics should not have "_count" suffix',
];

/** The shared window, simulated once for the backfill and the lint test. */
const shared = simulateShared(sharedWindowPreset(BASE_MS).spec).openMetrics;

const sampleLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;

describe('promtool backfill', () => {
  it('accepts a preset exposition and stores every sample', async () => {
    const out = simulate(scenarioByName('step_kafka', BASE_MS));
    const { samples } = await backfill('step_kafka', out.openMetrics);
    expect(samples).toBe(sampleLines(out.openMetrics));
  }, 60_000);

  it('accepts the shared-window exposition and stores every sample in one block', async () => {
    // BASE_MS is 08:00 UTC, a multiple of 2 h: the preset's whole span is one TSDB block.
    const { samples, blocks } = await backfill('shared', shared);
    expect(samples).toBe(sampleLines(shared));
    expect(blocks).toBe(1);
  }, 60_000);

  it("passes promtool check metrics on a scrape of the shared window, but for the real exporters' names", () => {
    const res = spawnSync('promtool', ['check', 'metrics'], {
      input: asScrape(shared),
      encoding: 'utf8',
    });
    const findings = `${res.stdout}${res.stderr}`.split('\n').filter((l) => l.trim() !== '');
    expect(findings.sort()).toEqual([...REAL_EXPORTER_LINT].sort());
  }, 60_000);
});
