/**
 * Makes the README screenshots from the shipped demo recording, in real headless Chromium:
 * the chat album composed at phone width, the report page at 390 and 1280 px, and the
 * first page of the PDF (pdftoppm from poppler-utils).
 *
 * Run: `npx tsx docs/screenshots/make-screenshots.ts [outDir]` (default docs/screenshots).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { DEMO_RECORDING } from '../../src/cli/demo.cmd.js';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/core/logger.js';
import { runReport } from '../../src/pipeline/report-engine.js';
import { renderAlbumCharts } from '../../src/render/album.js';
import { markersFromReport, panelsFromStored } from '../../src/render/stored-panels.js';
import { parseRecording, replayPromSource } from '../../src/sources/recording.js';
import { openStore } from '../../src/store/open-store.js';
import { createHttpServer } from '../../src/web/http-server.js';
import { CHROMIUM_FLAGS, createPdfRenderer } from '../../src/web/pdf.js';
import { reportPdf } from '../../src/web/pdf-report.js';
import { createLinkBuilder, createLinkSigner } from '../../src/web/signed-links.js';
import { createWebRoutes } from '../../src/web/web-feature.js';

const SECRET = 'screenshots-secret-0123456789abcdef';
const out = resolve(process.argv[2] ?? 'docs/screenshots');
const tmp = await mkdtemp(join(tmpdir(), 'loadlens-shots-'));
const store = await openStore({ dataDir: 'memory://', logger: silentLogger });
const http = createHttpServer({ logger: silentLogger });
const port = await http.listen(0, '127.0.0.1');
const base = `http://127.0.0.1:${port}`;
const config = loadConfig({
  env: { LOCALE: 'en', TZ: 'UTC', LOADLENS_SECRET: SECRET, PUBLIC_URL: base },
});
const signer = createLinkSigner(SECRET);
const pdf = createPdfRenderer({ executablePath: config.env.CHROMIUM_PATH });
http.add(
  ...createWebRoutes({
    config,
    store,
    signer,
    secret: SECRET,
    logger: silentLogger,
    clock: { now: () => Date.now() },
    pdf,
  }),
);
const browser = await puppeteer.launch({
  executablePath: config.env.CHROMIUM_PATH,
  headless: true,
  args: [...CHROMIUM_FLAGS],
});
try {
  const rec = parseRecording(JSON.parse(await readFile(DEMO_RECORDING, 'utf8')), DEMO_RECORDING);
  const outcome = await runReport(
    {
      config,
      store,
      logger: silentLogger,
      clock: { now: () => rec.window.toMs + 1 },
      sources: { prom: replayPromSource(rec) },
    },
    {
      fromMs: rec.window.fromMs,
      toMs: rec.window.toMs,
      selector: typeof rec.selector === 'string' ? rec.selector : undefined,
      service: typeof rec.service === 'string' ? rec.service : null,
      slos: ['p95<500ms', 'error_rate<1%'],
      name: 'demo step test',
      origin: 'telegram:1',
      locale: 'en',
    },
  );
  const run = outcome.run;
  await store.delivery.putCharts(run.id, outcome.charts);

  // The chat album: the charts deliver.job sends, as a phone shows them (one under another).
  const album = await renderAlbumCharts({
    panels: panelsFromStored(await store.getSeries(run.id)),
    markers: markersFromReport(run.report),
    report: run.report,
    locale: 'en',
    tz: 'UTC',
  });
  const albumHtml = `<!doctype html><meta charset="utf-8"><body style="margin:0;background:#e7ebf0;font:15px DejaVu Sans,sans-serif">
<p style="margin:8px 12px;color:#444">Chat album: ${album.length} images, each as a 390 px phone shows it opened</p>
${album
  .map(
    (c) =>
      `<img style="display:block;width:370px;margin:0 10px 8px;border-radius:10px" src="data:image/png;base64,${c.png.toString('base64')}">`,
  )
  .join('\n')}</body>`;
  const albumFile = join(tmp, 'album.html');
  await writeFile(albumFile, albumHtml);
  /** A screenshot from the top of a page, `height` px tall (the whole page when shorter). */
  const shot = async (url: string, width: number, file: string, height: number, scrollTo?: string) => {
    const ctx = await browser.createBrowserContext();
    const page = await ctx.newPage();
    await page.setViewport({ width, height: 844, deviceScaleFactor: 1 });
    await page.goto(url, { waitUntil: 'networkidle0' });
    if (await page.$('#chart-list'))
      await page.waitForSelector('body[data-charts-ready]', { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    const full = await page.evaluate(() => document.documentElement.scrollHeight);
    const y = scrollTo
      ? await page.$eval(scrollTo, (e) => e.getBoundingClientRect().top + window.scrollY)
      : 0;
    await page.screenshot({
      path: join(out, file) as `${string}.png`,
      captureBeyondViewport: true,
      clip: { x: 0, y, width, height: Math.min(height, full - y) },
    });
    await ctx.close();
  };
  await shot(`file://${albumFile}`, 390, 'chat-album.png', 20_000);

  const link = createLinkBuilder(base, signer).report(run.id, 'demo', 'view')!;
  await shot(link, 390, 'report-page.png', 1700);
  await shot(link, 390, 'report-page-charts.png', 1700, '#charts');
  await shot(link, 1280, 'report-page-1280.png', 900);

  const file = await reportPdf(store, pdf, run.id, { locale: 'en', tz: 'UTC' });
  const pdfPath = join(tmp, 'report.pdf');
  await writeFile(pdfPath, file.bytes);
  const pages = execFileSync('pdfinfo', [pdfPath])
    .toString()
    .match(/Pages:\s+(\d+)/)?.[1];
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '2', pdfPath, join(tmp, 'pdf')]);
  for (const [n, name] of [
    ['1', 'report-pdf-page1.png'],
    ['2', 'report-pdf-page2.png'],
  ] as const) {
    const src = [`pdf-${n}.png`, `pdf-0${n}.png`].map((f) => join(tmp, f));
    for (const s of src) {
      const bytes = await readFile(s).catch(() => null);
      if (bytes) await writeFile(join(out, name), bytes);
    }
  }
  process.stdout.write(`album ${album.length} images; PDF ${pages} pages; screenshots in ${out}\n`);
} finally {
  await browser.close();
  await pdf.close();
  await http.close();
  await store.close();
  await rm(tmp, { recursive: true, force: true });
}
