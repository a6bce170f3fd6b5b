import { performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { renderAlbumCharts } from '../../../src/render/album.js';
import { planCharts } from '../../../src/render/chart-plan.js';
import { inThreadRenderer } from '../../../src/render/in-thread-renderer.js';
import type { ChartJob } from '../../../src/render/render-messages.js';
import { createRenderPool, defaultRenderWorkers } from '../../../src/render/render-pool.js';
import { sampleMarkers, samplePanels } from './fixtures.js';

const pool = createRenderPool({ size: 2 });
afterAll(() => pool.close());

const albumInput = () => ({
  panels: samplePanels(),
  markers: sampleMarkers(),
  report: { bottleneck: 'database' as const, domains: [] },
  locale: 'en' as const,
  tz: 'UTC',
});

const job = (width?: number): ChartJob => ({
  spec: planCharts(samplePanels(), 'en')[0]!,
  opts: { locale: 'en', tz: 'UTC', ...(width ? { width } : {}) },
});

describe('createRenderPool', () => {
  it('draws the album in workers, byte for byte what the calling thread draws', async () => {
    const viaPool = await renderAlbumCharts(albumInput(), pool);
    const inThread = await renderAlbumCharts(albumInput(), inThreadRenderer());
    expect(viaPool.map((c) => c.id)).toEqual(['load_throughput', 'latency', 'errors', 'db_pool']);
    for (const [i, c] of viaPool.entries()) {
      expect(Buffer.isBuffer(c.png)).toBe(true);
      expect(c.png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(c.png.equals(inThread[i]!.png)).toBe(true);
    }
  }, 60_000);

  it('keeps the event loop free: a timer set after the album starts fires before it ends', async () => {
    await pool.render([job()]); // workers warm, so the album is the only work in flight
    const events: string[] = [];
    const album = renderAlbumCharts(albumInput(), pool).then(() => events.push('album'));
    setTimeout(() => events.push('timer'), 1);
    await album;
    expect(events).toEqual(['timer', 'album']);
  }, 60_000);

  it('leaves the main thread idle for more of the album than drawing it in-thread does', async () => {
    /** Share of the album's time the event loop was busy (ELU of the main thread). */
    const busyShare = async (renderer: Parameters<typeof renderAlbumCharts>[1]) => {
      const before = performance.eventLoopUtilization();
      await renderAlbumCharts(albumInput(), renderer);
      return performance.eventLoopUtilization(before).utilization;
    };
    await pool.render([job(), job()]);
    const viaPool = await busyShare(pool);
    const inThread = await busyShare(inThreadRenderer());
    expect(viaPool).toBeLessThan(inThread);
  }, 60_000);

  it('fails a bad chart with RENDER_FAILED and its cause, and keeps serving', async () => {
    const err = await pool.render([job(10)]).catch((e: unknown) => e);
    expect(isLoadLensError(err, 'RENDER_FAILED')).toBe(true);
    expect((err as Error).message).toMatch(/^chart load_throughput: .*width/);
    expect((err as Error).cause).toBeInstanceOf(Error);
    const [ok] = await pool.render([job()]);
    expect(ok?.width).toBe(1280);
  }, 60_000);

  it('rejects what is queued when closed, and starts again on the next render', async () => {
    const own = createRenderPool({ size: 1 });
    const pending = own.render([job(), job(), job()]).catch((e: unknown) => e);
    await own.close();
    const err = await pending;
    expect(isLoadLensError(err, 'RENDER_FAILED')).toBe(true);
    const [again] = await own.render([job()]);
    expect(again?.png.length).toBeGreaterThan(1000);
    await own.close();
  }, 60_000);

  it('sizes itself to leave a core to the event loop, at least one and at most two', () => {
    expect([1, 2, 4, 16].map((cores) => defaultRenderWorkers(cores))).toEqual([1, 1, 2, 2]);
    expect(() => createRenderPool({ size: 0 })).toThrow(/RENDER_WORKERS/);
  });
});
