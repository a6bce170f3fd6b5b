import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSpan } from '../../../bench/scale/dataset.js';
import { fleetScenarios, SCALE_SIZES, scaleStartMs } from '../../../bench/scale/fleet.js';
import { writeOpenMetricsParts } from '../../../src/sim/openmetrics.js';
import { simulateFamilies } from '../../../src/sim/simulate.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sampleLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('scale dataset writer', () => {
  // Simulating takes seconds on a busy 2-core machine: the default 20 s is too tight.
  it('writes, in time chunks split over two files, exactly the samples of one exposition', {
    timeout: 90_000,
  }, () => {
    const size = { name: 't', hours: 0.25, routes: 3, instances: 2 };
    const parts = fleetScenarios(size, Date.UTC(2026, 10, 2, 1)).map((s) => simulateFamilies(s).timed);
    const whole = sampleLines(writeOpenMetricsParts(parts));
    const dir = mkdtempSync(join(tmpdir(), 'scale-writer-'));
    dirs.push(dir);
    const ticks = parts[0]!.tMs.length;
    const half = Math.ceil(ticks / 2);
    writeSpan(join(dir, 'a.om'), parts, 0, half, 5_000);
    writeSpan(join(dir, 'b.om'), parts, half, ticks, 5_000);
    const a = readFileSync(join(dir, 'a.om'), 'utf8');
    const b = readFileSync(join(dir, 'b.om'), 'utf8');
    for (const text of [a, b]) expect(text.endsWith('\n# EOF\n')).toBe(true);
    const chunked = [...sampleLines(a), ...sampleLines(b)];
    expect(chunked.length).toBe(whole.length);
    const wholeSet = new Set(whole);
    expect(chunked.filter((l) => !wholeSet.has(l)).slice(0, 3)).toEqual([]);
    // Several chunks: the HELP of the histogram repeats.
    expect(a.split('# HELP http_server_requests_seconds ').length - 1).toBeGreaterThan(2);
    // Each series keeps its samples in time order across chunks and files.
    const last = new Map<string, number>();
    const backwards: string[] = [];
    for (const line of chunked) {
      const cut = line.lastIndexOf(' ');
      const key = line.slice(0, line.lastIndexOf(' ', cut - 1));
      const ts = Number(line.slice(cut + 1));
      if (ts <= (last.get(key) ?? -1)) backwards.push(line);
      last.set(key, ts);
    }
    expect(backwards.slice(0, 3)).toEqual([]);
  });

  it('places every size inside one 54 h block range, at least 4 h in the past', () => {
    const now = Date.UTC(2026, 11, 2, 11, 37);
    const start = scaleStartMs(now);
    const range = 54 * 3_600_000;
    for (const size of SCALE_SIZES) {
      const end = start + size.hours * 3_600_000;
      expect(Math.floor(start / range)).toBe(Math.floor(end / range));
      expect(end).toBeLessThanOrEqual(now - 4 * 3_600_000);
    }
  });
});
