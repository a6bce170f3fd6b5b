import { describe, expect, it } from 'vitest';
import {
  chooseStep,
  defaultStep,
  niceStep,
  pointCount,
  scrapeCountQuery,
  scrapeSecFromCount,
} from '../../../src/sources/step.js';

const MIN = 60_000;
const H = 60 * MIN;

describe('chooseStep follows the scrape interval and the window', () => {
  it('reads a 6-minute window scraped every 2 s at 2 s, not 15 s (issue 13)', () => {
    const w = { fromMs: 0, toMs: 6 * MIN };
    expect(defaultStep(w.fromMs, w.toMs)).toBe(15); // the old choice: 25 points, 4 per 1-minute step
    const step = chooseStep({ ...w, scrapeSec: 2 });
    expect(step).toBe(2);
    expect(pointCount(w.fromMs, w.toMs, step)).toBe(181);
  });

  it('never goes finer than the scrape interval', () => {
    expect(chooseStep({ fromMs: 0, toMs: H, scrapeSec: 15 })).toBe(15);
    expect(chooseStep({ fromMs: 0, toMs: 10 * MIN, scrapeSec: 30 })).toBe(30);
    expect(chooseStep({ fromMs: 0, toMs: 10 * MIN, scrapeSec: 1 })).toBe(1);
  });

  it('keeps a few hundred to a few thousand points on longer windows', () => {
    for (const [hours, scrape] of [
      [1, 1],
      [1, 5],
      [6, 2],
      [24, 15],
      [24 * 7, 15],
      [24 * 30, 60],
    ] as const) {
      const step = chooseStep({ fromMs: 0, toMs: hours * H, scrapeSec: scrape });
      const n = pointCount(0, hours * H, step);
      expect(niceStep(step)).toBe(step);
      expect(step).toBeGreaterThanOrEqual(scrape);
      expect(n, `${hours} h at ${scrape} s`).toBeLessThanOrEqual(2_000);
      expect(n, `${hours} h at ${scrape} s`).toBeGreaterThanOrEqual(hours === 1 && scrape === 5 ? 300 : 700);
    }
  });

  it('stays under the source point limit', () => {
    const step = chooseStep({ fromMs: 0, toMs: 24 * H, scrapeSec: 1, maxPoints: 500 });
    expect(pointCount(0, 24 * H, step)).toBeLessThanOrEqual(500);
  });

  it('assumes 15 s when the scrape interval is unknown, and rejects a bad window', () => {
    expect(chooseStep({ fromMs: 0, toMs: H })).toBe(15);
    expect(chooseStep({ fromMs: 0, toMs: H, scrapeSec: null })).toBe(15);
    expect(chooseStep({ fromMs: 0, toMs: H, scrapeSec: Number.NaN })).toBe(15);
    expect(() => chooseStep({ fromMs: H, toMs: 0, scrapeSec: 2 })).toThrow(/window/);
  });

  it('estimates the scrape interval from a sample count', () => {
    expect(scrapeSecFromCount(181, 360)).toBe(2);
    expect(scrapeSecFromCount(241, 3600)).toBe(15);
    expect(scrapeSecFromCount(2, 360)).toBeNull();
    expect(scrapeCountQuery('up', 'job="api"', 360)).toBe('max(count_over_time(up{job="api"}[6m]))');
    expect(scrapeCountQuery('http_requests_total', '', 90.5)).toBe(
      'max(count_over_time(http_requests_total[91s]))',
    );
  });
});
