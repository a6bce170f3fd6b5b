import puppeteer, { type Browser } from 'puppeteer-core';
import { LoadLensError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';

/** Debian's Chromium, unless CHROMIUM_PATH says otherwise. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags of the PDF browser: headless, no sandbox (containers), nothing phoning home. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
] as const;

/** Renders self-contained HTML to PDF. */
export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
  /** Closes the browser, if one was launched; later renders launch a new one. */
  close(): Promise<void>;
}

export interface PdfRendererOptions {
  /** CHROMIUM_PATH; default {@link DEFAULT_CHROMIUM_PATH}. */
  executablePath?: string;
  logger?: Logger;
  /** Per-render deadline (default 60 s). */
  timeoutMs?: number;
  /** Pages rendered at once (default 2): Chromium pages are memory-hungry. */
  concurrency?: number;
}

/**
 * A PDF renderer over one shared headless Chromium (puppeteer-core), launched on first use
 * and relaunched if it dies. Pages run without JavaScript and with every network request
 * refused except `data:` URIs, so the input HTML must be self-contained (the static report
 * is: inline CSS, PNG charts as data URIs).
 */
export function createPdfRenderer(opts: PdfRendererOptions = {}): PdfRenderer {
  const log = opts.logger ?? silentLogger;
  const timeout = opts.timeoutMs ?? 60_000;
  const limit = Math.max(1, opts.concurrency ?? 2);
  let browser: Promise<Browser> | null = null;
  let active = 0;
  const waiting: Array<() => void> = [];

  const launch = (): Promise<Browser> => {
    if (browser) return browser;
    const started = puppeteer
      .launch({
        executablePath: opts.executablePath ?? DEFAULT_CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_FLAGS],
        timeout,
      })
      .then((b) => {
        b.on('disconnected', () => {
          if (browser === started) browser = null;
        });
        log.info('pdf browser launched');
        return b;
      })
      .catch((err: unknown) => {
        browser = null;
        throw new LoadLensError('RENDER_FAILED', `cannot start Chromium for PDF export: ${String(err)}`, {
          cause: err,
        });
      });
    browser = started;
    return started;
  };

  const acquire = async () => {
    if (active < limit) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  return {
    async render(html) {
      await acquire();
      try {
        const b = await launch();
        const page = await b.newPage();
        try {
          page.setDefaultTimeout(timeout);
          await page.setJavaScriptEnabled(false);
          await page.setRequestInterception(true);
          page.on('request', (r) => {
            if (r.url().startsWith('data:')) void r.continue();
            else void r.abort();
          });
          await page.setContent(html, { waitUntil: 'load', timeout });
          const pdf = await page.pdf({
            format: 'A4',
            printBackground: true,
            margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
            timeout,
          });
          return Buffer.from(pdf);
        } finally {
          await page.close().catch(() => undefined);
        }
      } catch (err) {
        if (err instanceof LoadLensError) throw err;
        throw new LoadLensError('RENDER_FAILED', `PDF export failed: ${String(err)}`, { cause: err });
      } finally {
        release();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (!b) return;
      await (await b.catch(() => null))?.close().catch(() => undefined);
    },
  };
}
