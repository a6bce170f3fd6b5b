import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarioByName } from '../../../src/sim/presets.js';
import { simulate } from '../../../src/sim/simulate.js';
import { BASE_MS } from './helpers.js';

const run = promisify(execFile);
const dirs: string[] = [];

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('promtool backfill', () => {
  it('accepts a preset exposition and stores every sample', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadlens-sim-promtool-'));
    dirs.push(dir);
    const out = simulate(scenarioByName('step_kafka', BASE_MS));
    const file = join(dir, 'step_kafka.om');
    await writeFile(file, out.openMetrics);
    const blocks = join(dir, 'blocks');
    // Rejects (non-zero exit) if promtool refuses the exposition.
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', file, blocks], {
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    let samples = 0;
    for (const ulid of await readdir(blocks)) {
      const meta = JSON.parse(await readFile(join(blocks, ulid, 'meta.json'), 'utf8')) as {
        stats: { numSamples: number };
      };
      samples += meta.stats.numSamples;
    }
    const sampleLines = out.openMetrics.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    expect(samples).toBe(sampleLines);
  }, 60_000);
});
