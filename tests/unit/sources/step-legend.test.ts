import { describe, expect, it } from 'vitest';
import { defaultName, formatLegend, legendsFor } from '../../../src/sources/legend.js';
import { createLimiter } from '../../../src/sources/limiter.js';
import { defaultStep, fitStep, formatDuration, niceStep, pointCount } from '../../../src/sources/step.js';

const H = 3600_000;

describe('step', () => {
  it('keeps the desired step when it fits', () => {
    expect(fitStep(0, H, 15)).toEqual({ stepSec: 15, coarsened: false });
    expect(fitStep(0, H, 7)).toEqual({ stepSec: 7, coarsened: false });
  });

  it('raises the step to a nice value under maxPoints', () => {
    const r = fitStep(0, 48 * H, 15);
    expect(r).toEqual({ stepSec: 30, coarsened: true });
    expect(pointCount(0, 48 * H, r.stepSec)).toBeLessThanOrEqual(11_000);
    expect(fitStep(0, 7 * 24 * H, 1, 1000)).toEqual({ stepSec: 900, coarsened: true });
    for (const hours of [1, 5, 31, 200, 1000]) {
      const { stepSec } = fitStep(0, hours * H, 1);
      expect(pointCount(0, hours * H, stepSec)).toBeLessThanOrEqual(11_000);
      expect(niceStep(stepSec)).toBe(stepSec);
    }
  });

  it('rejects a bad step or window', () => {
    expect(() => fitStep(0, H, 0)).toThrow(/positive/);
    expect(() => fitStep(H, 0, 15)).toThrow(/window/);
  });

  it('defaults to scrape-like steps for short windows and ≤ ~1000 points for long ones', () => {
    expect(defaultStep(0, H)).toBe(15);
    expect(defaultStep(0, 6 * H)).toBe(30);
    expect(defaultStep(0, 24 * H)).toBe(120);
    const week = defaultStep(0, 7 * 24 * H);
    expect(pointCount(0, 7 * 24 * H, week)).toBeGreaterThanOrEqual(300);
    expect(pointCount(0, 7 * 24 * H, week)).toBeLessThanOrEqual(1_500);
  });

  it('formats durations', () => {
    expect([15, 60, 90, 3600, 7200, 86_400, 0.5].map(formatDuration)).toEqual([
      '15s',
      '1m',
      '90s',
      '1h',
      '2h',
      '1d',
      '500ms',
    ]);
  });
});

describe('legend', () => {
  it('substitutes {{label}} like Grafana', () => {
    expect(formatLegend('{{instance}} {{ uri }} {{missing}}', { instance: 'a:1', uri: '/x' })).toBe('a:1 /x');
  });

  it('builds a default name without __name__ noise', () => {
    expect(defaultName({ __name__: 'up', job: 'a', instance: 'b' })).toBe('up{instance="b",job="a"}');
    expect(defaultName({ __name__: 'up' })).toBe('up');
    expect(formatLegend(undefined, { job: 'a' })).toBe('{job="a"}');
    expect(formatLegend('__auto', { __name__: 'x' })).toBe('x');
  });

  it('uses the single distinguishing label when several series differ in one', () => {
    const sets = [
      { __name__: 'rps', job: 'api', uri: '/a' },
      { __name__: 'rps', job: 'api', uri: '/b' },
    ];
    expect(legendsFor(undefined, sets)).toEqual(['/a', '/b']);
    expect(
      legendsFor(undefined, [
        { a: '1', b: '1' },
        { a: '2', b: '2' },
      ]),
    ).toEqual(['{a="1",b="1"}', '{a="2",b="2"}']);
    expect(legendsFor('{{uri}}', sets)).toEqual(['/a', '/b']);
  });
});

describe('limiter', () => {
  it('never runs more than its concurrency and runs everything', async () => {
    const limiter = createLimiter(3);
    let active = 0;
    let max = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiter
          .run(async () => {
            active++;
            max = Math.max(max, active);
            await new Promise((r) => setTimeout(r, 5));
            active--;
            if (i === 4) throw new Error('boom');
            return i;
          })
          .catch(() => -1),
      ),
    );
    expect(max).toBe(3);
    expect(results).toEqual([0, 1, 2, 3, -1, 5, 6, 7, 8, 9]);
    expect(limiter.active).toBe(0);
    expect(limiter.pending).toBe(0);
  });
});
