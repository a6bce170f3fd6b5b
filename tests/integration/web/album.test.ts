import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatServices } from '../../../src/chat/services.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { deliverJob } from '../../../src/pipeline/jobs/deliver.job.js';
import { JOB_SCHEMAS, type JobMap } from '../../../src/pipeline/jobs/payloads.js';
import { createQueue } from '../../../src/pipeline/queue/queue.js';
import { ALBUM_MAX } from '../../../src/render/album.js';
import { chartStrings } from '../../../src/render/chart-strings.js';
import { profileText } from '../../../src/render/render-chart.js';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import { recordingGateway } from '../../fakes/recording-gateway.js';
import { openPage, startWebHarness, type WebHarness } from './web-harness.js';

/** PNG width and height from the IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

let h: WebHarness;
let services: ChatServices;
const tg = recordingGateway('telegram');
const address = { platform: 'telegram' as const, chatId: '-100', threadId: '7' };

beforeAll(async () => {
  // The db-pool scenario's run from real Prometheus, with its nine stored wide charts.
  h = await startWebHarness();
  services = {
    config: h.config,
    store: h.store,
    logger: silentLogger,
    clock: systemClock,
    sources: {},
    queue: await createQueue<JobMap>({ schemas: JOB_SCHEMAS, logger: silentLogger }),
    gateways: { telegram: tg.gateway },
    links: createLinkBuilder(undefined, undefined),
  };
});
afterAll(async () => {
  await services?.queue.close();
  await h?.close();
});

describe('chat album', () => {
  it('delivers at most four square charts: throughput, latency, errors and the pool (the bottleneck)', async () => {
    const stored = await h.store.delivery.listCharts(h.run.id);
    expect(stored.length).toBeGreaterThan(ALBUM_MAX);
    const worker = await services.queue.work({ deliver: deliverJob(services) });
    try {
      await services.queue.add(
        'deliver',
        { runId: h.run.id, address, user: { id: 'u1' }, locale: 'en', tz: 'UTC' },
        { jobId: `deliver-${h.run.id}` },
      );
      await tg.waitFor((c) => c.op === 'send', 60_000);
    } finally {
      await worker.close();
    }
    const albums = tg.calls.filter((c) => c.op === 'images');
    expect(albums).toHaveLength(1);
    const images = albums[0]!.op === 'images' ? albums[0]!.images : [];
    expect(images.length).toBeGreaterThanOrEqual(3);
    expect(images.length).toBeLessThanOrEqual(ALBUM_MAX);
    const titles = chartStrings('en').titles;
    expect(images.map((i) => i.title)).toEqual([
      titles.load_throughput,
      titles.latency,
      titles.errors,
      titles.db_pool,
    ]);
    for (const i of images) expect(pngSize(i.png)).toEqual({ width: 1080, height: 1080 });
    // The album goes out before the summary.
    expect(tg.calls.findIndex((c) => c.op === 'images')).toBeLessThan(
      tg.calls.findIndex((c) => c.op === 'send'),
    );

    // On a 390 px phone screen each image opens about 370 px wide: its text stays ≥ 12 px.
    const { page } = await openPage(h, 390);
    const html = `<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0">${images
      .map(
        (i) =>
          `<img style="display:block;width:calc(100% - 20px);margin:0 10px 8px" src="data:image/png;base64,${i.png.toString('base64')}">`,
      )
      .join('')}</body>`;
    await page.setContent(html, { waitUntil: 'load' });
    const shown = await page.$$eval('img', (imgs) =>
      imgs.map((i) => ({
        w: i.getBoundingClientRect().width,
        natural: (i as HTMLImageElement).naturalWidth,
      })),
    );
    const overflow = await page.evaluate(() => document.scrollingElement!.scrollWidth > window.innerWidth);
    await page.browserContext().close();
    expect(overflow).toBe(false);
    for (const s of shown) {
      expect(s.natural).toBe(1080);
      expect((profileText('phone') * s.w) / s.natural).toBeGreaterThanOrEqual(12);
    }
  });
});
