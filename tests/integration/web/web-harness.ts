import { randomBytes } from 'node:crypto';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { inject } from 'vitest';
import { type AppConfig, loadConfig } from '../../../src/config/load-config.js';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { runReport } from '../../../src/pipeline/report-engine.js';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import { openStore } from '../../../src/store/open-store.js';
import type { RunRecord, Store } from '../../../src/store/store.js';
import { createHttpServer, type HttpServer } from '../../../src/web/http-server.js';
import { CHROMIUM_FLAGS, createPdfRenderer, type PdfRenderer } from '../../../src/web/pdf.js';
import { createLinkSigner, type LinkSigner } from '../../../src/web/signed-links.js';
import { createWebRoutes } from '../../../src/web/web-feature.js';

export const SECRET = 'integration-web-secret-0123456789';
export const SCENARIO = 'step_db_pool';

/** Everything the browser tests share: a served web view over a store holding real runs. */
export interface WebHarness {
  config: AppConfig;
  store: Store;
  http: HttpServer;
  base: string;
  signer: LinkSigner;
  pdf: PdfRenderer;
  browser: Browser;
  truth: GroundTruth;
  /** A run made by the real engine from the simulator scenario in real Prometheus. */
  run: RunRecord;
  close(): Promise<void>;
}

/**
 * Starts the harness: a fresh PostgreSQL schema, the report of the `step_db_pool` window
 * (charts rendered and kept as the report job keeps them, unless `charts: false`: then
 * the PDF draws them on demand), the web routes on 127.0.0.1:0
 * with PUBLIC_URL pointing at them, and one headless Chromium for the tests.
 */
export async function startWebHarness(opts: { charts?: boolean } = {}): Promise<WebHarness> {
  const truth = inject('scenarios')[SCENARIO];
  if (!truth) throw new Error(`scenario ${SCENARIO} missing from the harness`);
  const schema = `web_${randomBytes(5).toString('hex')}`;
  const store = await openStore({ databaseUrl: inject('pgUrl'), schema, logger: silentLogger });
  const http = createHttpServer({ logger: silentLogger });
  const port = await http.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    env: {
      LOCALE: 'en',
      TZ: 'UTC',
      LOADLENS_SECRET: SECRET,
      PUBLIC_URL: base,
      TELEGRAM_ALLOWED_CHATS: '*',
      PROMETHEUS_URL: inject('promUrl'),
    },
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
      clock: systemClock,
      pdf,
    }),
  );
  const outcome = await runReport(
    {
      config,
      store,
      logger: silentLogger,
      clock: systemClock,
      sources: { prom: createPrometheusSource({ url: inject('promUrl') }) },
    },
    {
      fromMs: truth.startMs,
      toMs: truth.endMs,
      selector: `scenario="${SCENARIO}"`,
      name: 'db pool scenario',
      origin: 'telegram:1',
      charts: opts.charts ?? true,
    },
  );
  if (outcome.charts.length > 0) await store.delivery.putCharts(outcome.run.id, outcome.charts);
  const browser = await puppeteer.launch({
    executablePath: config.env.CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
  });
  return {
    config,
    store,
    http,
    base,
    signer,
    pdf,
    browser,
    truth,
    run: outcome.run,
    async close() {
      await browser.close().catch(() => undefined);
      await pdf.close();
      await http.close();
      await store.close();
    },
  };
}

/** What a page did that a test must see: dialogs, CSP refusals, uncaught errors. */
export interface PageWatch {
  dialogs: string[];
  cspViolations: string[];
  errors: string[];
}

/** A fresh page in its own browser context (own cookies), watched for dialogs and CSP reports. */
export async function openPage(h: WebHarness, width = 1200): Promise<{ page: Page; watch: PageWatch }> {
  const context = await h.browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width, height: 900 });
  const watch: PageWatch = { dialogs: [], cspViolations: [], errors: [] };
  page.on('dialog', (d) => {
    watch.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) watch.cspViolations.push(m.text());
  });
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  return { page, watch };
}

/** Waits until pending layout and resize work is done (two frames and a short pause). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))),
      ),
  );
}

/** Non-transparent pixels of each chart canvas (Chart.js draws on a transparent canvas). */
export function paintedPixels(page: Page): Promise<number[]> {
  return page.$$eval('#chart-list canvas', (canvases) =>
    canvases.map((c) => {
      const data = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n / (c.width * c.height);
    }),
  );
}

/** Elements an escaping bug would have injected (CSP would stop them running, not existing). */
export function injectedElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(
      document.querySelectorAll(
        'img, svg, iframe, object, embed, script:not([src]), [onerror], [onload], [onclick]',
      ),
    ).map((e) => e.outerHTML.slice(0, 80)),
  );
}

/** The part of a Chart.js instance the tests read. */
export interface BrowserChart {
  canvas: HTMLCanvasElement;
  chartArea: { left: number; top: number; width: number; height: number };
  legend: { legendHitBoxes: Array<{ left: number; top: number; width: number; height: number }> };
  scales: { x: { min: number; max: number } };
  data: { datasets: Array<{ label: string }> };
  isDatasetVisible(index: number): boolean;
}

/** Page globals the tests read: Chart.js, the page scripts' handle, and the XSS canary. */
export interface PageGlobals {
  Chart: { instances: Record<string, unknown> };
  LoadLens: { charts: BrowserChart[] };
  __xss?: number;
}
