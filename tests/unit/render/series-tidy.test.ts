import { describe, expect, it } from 'vitest';
import { planCharts, tidyDatasets } from '../../../src/render/chart-plan.js';
import { isFlat, overlaps, trimEdgeSpikes } from '../../../src/render/series-tidy.js';
import { toWebCharts } from '../../../src/web/chart-data.js';
import { panel, samplePanels, series, T0 } from './fixtures.js';

const t = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * 15_000);

describe('trimEdgeSpikes', () => {
  it('gaps a decaying spike at the start of a window (a rate looking back before the test)', () => {
    // The demo recording's host CPU: 0.78, 0.57, 0.36, then the real level around 0.16–0.25.
    const v = [0.78, 0.57, 0.36, 0.16, 0.18, 0.2, 0.19, 0.21, 0.22, 0.2, 0.23, 0.24, 0.25];
    const out = trimEdgeSpikes(v);
    expect(out.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(out.slice(3)).toEqual(v.slice(3));
  });

  it('gaps a spike at the end too, and keeps the length of the line', () => {
    const v = [...Array.from({ length: 12 }, (_, i) => 100 + (i % 3)), 900];
    const out = trimEdgeSpikes(v);
    expect(out).toHaveLength(v.length);
    expect(Number.isNaN(out.at(-1)!)).toBe(true);
    expect(out.slice(0, -1)).toEqual(v.slice(0, -1));
  });

  it('keeps a real ramp from zero and a sawtooth gauge', () => {
    const ramp = [0, 6, 12, 19, 25, 30, 31, 30, 32, 31, 30, 31];
    expect(trimEdgeSpikes(ramp)).toEqual(ramp);
    const heap = [305, 290, 492, 390, 300, 480, 350, 460, 310, 500, 330, 470];
    expect(trimEdgeSpikes(heap)).toEqual(heap);
  });
});

describe('isFlat and overlaps', () => {
  it('calls constant, all-zero and empty lines flat, and a moving line not', () => {
    expect(isFlat([0, 0, 0])).toBe(true);
    expect(isFlat([2.3e9, 2.3e9 * 1.005, 2.3e9])).toBe(true);
    expect(isFlat([Number.NaN])).toBe(true);
    expect(isFlat([0, 0, 0.01])).toBe(false);
    expect(isFlat([900, 1000, 1250])).toBe(false);
  });

  it('finds a line drawn exactly under another on the same axis', () => {
    const a = { t: t(20), v: t(20).map((_, i) => 10 * i) };
    const same = { t: a.t, v: a.v.map((x) => x * 1.001) };
    const apart = { t: a.t, v: a.v.map((x) => x + 20) };
    expect(overlaps(a, same, 190)).toBe(true);
    expect(overlaps(a, apart, 210)).toBe(false);
  });
});

describe('tidyDatasets', () => {
  const moving = (n: number, k = 1) => Array.from({ length: n }, (_, i) => k * (1 + (i % 5)));
  it('drops flat lines and a chart left with nothing moving, but keeps a line pinned at its limit', () => {
    const tt = t(20);
    expect(tidyDatasets([{ label: 'host', t: tt, v: tt.map(() => 2.3e9) }])).toEqual([]);
    const pool = tidyDatasets([
      { label: 'in use', t: tt, v: tt.map(() => 10) },
      { label: 'max', t: tt, v: tt.map(() => 10), kind: 'limit' },
      { label: 'waiting', t: tt, v: tt.map(() => 0) },
    ]);
    expect(pool.map((d) => d.label)).toEqual(['in use', 'max']);
    const mixed = tidyDatasets([
      { label: '5xx', t: tt, v: moving(20) },
      { label: 'tool errors', t: tt, v: tt.map(() => 0) },
    ]);
    expect(mixed.map((d) => d.label)).toEqual(['5xx']);
  });

  it('dashes the later of two overlapping lines and draws it on top; palette slots skip limits', () => {
    const tt = t(20);
    const out = tidyDatasets([
      { label: 'tool rps', t: tt, v: moving(20, 50) },
      { label: 'max', t: tt, v: tt.map(() => 300), kind: 'limit' },
      { label: 'service rps', t: tt, v: moving(20, 50) },
      { label: 'p99', t: tt, v: moving(20, 20) },
    ]);
    expect(out.map((d) => [d.label, d.colorIndex, d.dashed ?? false, d.onTop ?? false])).toEqual([
      ['tool rps', 0, false, false],
      ['max', undefined, false, false],
      ['service rps', 1, true, true],
      ['p99', 2, false, false],
    ]);
  });
});

describe('one palette across PNG, PDF and web', () => {
  it('gives every line the same palette slot in the PNG spec and in the browser data', () => {
    const specs = planCharts(samplePanels(), 'en');
    const web = toWebCharts(specs, 'en');
    for (const [i, spec] of specs.entries()) {
      const pngSlots = spec.datasets.map((d) => (d.kind ?? 'normal') === 'normal' && d.colorIndex);
      const webSlots = web[i]!.datasets.map((d) => d.kind === 'normal' && d.colorIndex);
      expect(webSlots, spec.id).toEqual(pngSlots);
      expect(pngSlots.filter((s) => s !== false).every((s) => typeof s === 'number')).toBe(true);
    }
    // The pool's "waiting" line comes after its limit: slot 1, not 2 (the old browser colour).
    const pool = web.find((c) => c.id === 'db_pool')!;
    expect(pool.datasets.map((d) => [d.label, d.colorIndex])).toEqual([
      ['in use', 0],
      ['max', undefined],
      ['waiting', 1],
    ]);
  });

  it('titles the count axes of the pool and lag charts with their unit', () => {
    const lag = panel('kafka', 'lag', 'count', [series('lag', 'p0', 20, (i) => i * 3)]);
    const specs = planCharts([...samplePanels(), lag], 'en');
    expect(specs.find((s) => s.id === 'db_pool')!.left.title).toBe('connections');
    expect(specs.find((s) => s.id === 'kafka_lag')!.left.title).toBe('messages');
    const ru = planCharts([...samplePanels(), lag], 'ru');
    expect(ru.find((s) => s.id === 'db_pool')!.left.title).toBe('соединения');
  });
});
