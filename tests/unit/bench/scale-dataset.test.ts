import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fleetScenarios, SCALE_SIZES, scaleStartMs } from '../../../bench/scale/fleet.js';
import { writeSpan } from '../../../bench/scale/om-writer.js';
import { writeOpenMetricsParts } from '../../../src/sim/openmetrics.js';
import { simulateFamilies } from '../../../src/sim/simulate.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sampleLines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('scale dataset writer', () => {
  // Simulating takes seconds on a busy 2-core machine: the default 20 s is too tight.
  it('streams the whole span byte for byte as one exposition, and two halves as exactly its samples', {
    timeout: 90_000,
  }, () => {
    const size = { name: 't', hours: 0.25, routes: 3, instances: 2 };
    const parts = fleetScenarios(size, Date.UTC(2026, 10, 2, 1)).map((s) => simulateFamilies(s).timed);
    const exposition = writeOpenMetricsParts(parts);
    const whole = sampleLines(exposition);
    const dir = mkdtempSync(join(tmpdir(), 'scale-writer-'));
    dirs.push(dir);
    const ticks = parts[0]!.tMs.length;
    const all = join(dir, 'all.om');
    expect(writeSpan(all, parts, 0, ticks)).toBe(whole.length);
    expect(readFileSync(all, 'utf8')).toBe(exposition);
    const half = Math.ceil(ticks / 2);
    const na = writeSpan(join(dir, 'a.om'), parts, 0, half);
    const nb = writeSpan(join(dir, 'b.om'), parts, half, ticks);
    const a = readFileSync(join(dir, 'a.om'), 'utf8');
    const b = readFileSync(join(dir, 'b.om'), 'utf8');
    for (const text of [a, b]) expect(text.endsWith('\n# EOF\n')).toBe(true);
    const split = [...sampleLines(a), ...sampleLines(b)];
    expect([na + nb, split.length]).toEqual([whole.length, whole.length]);
    expect([...split].sort()).toEqual([...whole].sort());
    // Each family is written once per file.
    for (const text of [a, b]) expect(text.split('# HELP http_server_requests_seconds ').length - 1).toBe(1);
    // Each series keeps its samples in time order across the two files, and no tick is in both.
    const last = new Map<string, number>();
    const backwards: string[] = [];
    for (const line of split) {
      const cut = line.lastIndexOf(' ');
      const key = line.slice(0, line.lastIndexOf(' ', cut - 1));
      const ts = Number(line.slice(cut + 1));
      if (ts <= (last.get(key) ?? -1)) backwards.push(line);
      last.set(key, ts);
    }
    expect(backwards.slice(0, 3)).toEqual([]);
    expect(last.size).toBeGreaterThan(100);
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
