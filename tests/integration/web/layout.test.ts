import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import { openPage, settle, startWebHarness, type WebHarness } from './web-harness.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
  // A second run with a long name, so the runs table is wider than a phone.
  await h.store.saveRun({
    ...h.run,
    id: undefined,
    name: 'checkout peak rehearsal before the Black Friday freeze, second attempt',
    service: 'checkout-service-eu-west',
    domains: h.run.report.domains,
    series: [],
  });
});
afterAll(async () => {
  await h?.close();
});

/** What is cut off on the page: elements past the viewport's right edge, tables past their scroll box. */
interface Overflow {
  /** The document scrolls sideways (something sticks out of the viewport). */
  pageScrollWidth: number;
  viewport: number;
  /** Elements whose right edge passes the viewport and that are not inside a sideways scroller. */
  outside: string[];
  /** Tables not inside a scroll container, wider than their parent. */
  clippedTables: string[];
  /** Tables inside a scroller that cannot scroll far enough to show their last column. */
  unreachable: string[];
}

function measure(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const name = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}`;
    const scroller = (e: Element): Element | null => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll') return p;
      }
      return null;
    };
    const visible = (e: Element) => {
      const s = getComputedStyle(e);
      const r = e.getBoundingClientRect();
      return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0;
    };
    const outside: string[] = [];
    for (const e of Array.from(document.body.querySelectorAll('*'))) {
      if (!visible(e) || scroller(e)) continue;
      const r = e.getBoundingClientRect();
      if (r.right > vw + 1 || r.left < -1)
        outside.push(`${name(e)} ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
    const clippedTables: string[] = [];
    const unreachable: string[] = [];
    for (const t of Array.from(document.querySelectorAll('table'))) {
      if (!visible(t)) continue;
      const box = scroller(t);
      if (!box) {
        if (t.scrollWidth > (t.parentElement?.clientWidth ?? vw) + 1) clippedTables.push(name(t));
        continue;
      }
      // The scroller reaches the table's last column: its scrollable width covers the table.
      if (box.scrollWidth + 1 < t.getBoundingClientRect().width) unreachable.push(name(t));
    }
    return {
      pageScrollWidth: document.scrollingElement!.scrollWidth,
      viewport: vw,
      outside,
      clippedTables,
      unreachable,
    };
  });
}

/** Every column of every table: a header cell exists, is displayed and has width (none hidden). */
function hiddenColumns(page: Page): Promise<string[]> {
  return page.$$eval('table', (tables) =>
    tables.flatMap((t) =>
      Array.from(t.querySelectorAll('th, td'))
        .filter((c) => getComputedStyle(c).display === 'none' || c.getBoundingClientRect().width === 0)
        .map((c) => `${t.className}: ${c.textContent?.trim().slice(0, 20)}`),
    ),
  );
}

describe('layout at phone and desktop widths in headless Chromium', () => {
  for (const width of [390, 1280]) {
    it(`report page at ${width} px: nothing sticks out, every table column shown or scrollable`, async () => {
      const { page, watch } = await openPage(h, width);
      const url = createLinkBuilder(h.base, h.signer).report(h.run.id, 'tg:1', 'edit')!;
      expect((await page.goto(url))?.status()).toBe(200);
      await page.waitForSelector('body[data-charts-ready]', { timeout: 30_000 });
      await settle(page);
      const m = await measure(page);
      expect(m.outside).toEqual([]);
      expect(m.pageScrollWidth).toBeLessThanOrEqual(m.viewport);
      expect(m.clippedTables).toEqual([]);
      expect(m.unreachable).toEqual([]);
      expect(await hiddenColumns(page)).toEqual([]);
      // The steps table keeps its Errors column.
      const heads = await page.$$eval('table.steps th', (t) => t.map((x) => x.textContent));
      expect(heads).toContain('Errors');
      // Vote tallies carry text marks beside the emoji (servers rarely have an emoji font).
      const tally = await page.$eval('.votes .tally', (e) => e.textContent ?? '');
      expect(tally).toMatch(/✓/);
      expect(tally).toMatch(/✗/);
      // Where the emoji cannot be drawn (no emoji font here), it is hidden, not an empty box.
      const emoji = await page.evaluate(() => ({
        missing: document.documentElement.classList.contains('no-emoji'),
        shown: Array.from(document.querySelectorAll('.votes .emoji')).filter(
          (e) => getComputedStyle(e).display !== 'none',
        ).length,
      }));
      if (emoji.missing) expect(emoji.shown).toBe(0);
      expect(watch.errors).toEqual([]);
      await page.browserContext().close();
    });

    it(`runs page at ${width} px: the actions column is on screen or reachable by scrolling its table`, async () => {
      const { page } = await openPage(h, width);
      const url = createLinkBuilder(h.base, h.signer).runs('tg:1', 'edit')!;
      expect((await page.goto(url))?.status()).toBe(200);
      await settle(page);
      const m = await measure(page);
      expect(m.outside).toEqual([]);
      expect(m.pageScrollWidth).toBeLessThanOrEqual(m.viewport);
      expect(m.clippedTables).toEqual([]);
      expect(m.unreachable).toEqual([]);
      expect(await hiddenColumns(page)).toEqual([]);
      const cell = await page.$eval('table.runs td.actions', (td) => {
        const r = td.getBoundingClientRect();
        const box = td.closest('.table-wrap')!.getBoundingClientRect();
        const rename = td.querySelector('button.rename')!.getBoundingClientRect();
        return { left: r.left, right: r.right, boxRight: box.right, renameRight: rename.right };
      });
      if (width >= 1280) {
        // At desktop width the Rename/Delete column is fully visible without scrolling.
        expect(cell.right).toBeLessThanOrEqual(cell.boxRight + 1);
        expect(cell.renameRight).toBeLessThanOrEqual(width);
      } else {
        // On a phone the table scrolls: scrolled to the end, the column is in view.
        await page.$eval('.table-wrap', (w) => {
          w.scrollLeft = w.scrollWidth;
        });
        const right = await page.$eval('table.runs td.actions', (td) => td.getBoundingClientRect().right);
        expect(right).toBeLessThanOrEqual(width + 1);
      }
      await page.browserContext().close();
    });
  }

  it('the PDF is dense: charts two per row, no card split across pages, 2–4 pages', async () => {
    const { page } = await openPage(h, 1280);
    const url = createLinkBuilder(h.base, h.signer).report(h.run.id, 'tg:1', 'view')!;
    await page.goto(url);
    const res = await page.evaluate(async (href) => {
      const r = await fetch(href, { credentials: 'same-origin' });
      return { status: r.status, bytes: Array.from(new Uint8Array(await r.arrayBuffer())) };
    }, `/r/${h.run.id}/pdf`);
    await page.browserContext().close();
    expect(res.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'layout-pdf-'));
    try {
      const file = join(dir, 'r.pdf');
      writeFileSync(file, Buffer.from(res.bytes));
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(pages).toBeLessThanOrEqual(4);
      // Page by page: each domain card's summary and its last finding are on one page (not split).
      execFileSync('pdftotext', ['-layout', file, join(dir, 'r.txt')]);
      const byPage = readFileSync(join(dir, 'r.txt'), 'utf8')
        .split('\f')
        .map((p) => p.replace(/\s+/g, ' '));
      const pageOf = (text: string) => byPage.findIndex((p) => p.includes(text));
      let checked = 0;
      for (const domain of h.run.report.domains) {
        const start = domain.summary.split(/\s+/).slice(0, 4).join(' ');
        const last = domain.findings.at(-1)?.title.split(/\s+/).slice(-3).join(' ');
        if (!start || !last) continue;
        expect(pageOf(start), domain.id).toBeGreaterThanOrEqual(0);
        expect(pageOf(last), domain.id).toBe(pageOf(start));
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the PDF print view puts two charts side by side', async () => {
    const { page } = await openPage(h, 1280);
    const { reportPrintHtml } = await import('../../../src/web/pdf-report.js');
    const html = await reportPrintHtml(h.store, h.run, { locale: 'en', tz: 'UTC' });
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMediaType('print');
    const rows = await page.$$eval('figure[id^="chart-"]', (figs) =>
      figs.map((f) => Math.round(f.getBoundingClientRect().top)),
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows[0]).toBe(rows[1]);
    const breaks = await page.$$eval('.card, figure', (els) =>
      els.map((e) => getComputedStyle(e).breakInside),
    );
    expect(new Set(breaks)).toEqual(new Set(['avoid']));
    await page.browserContext().close();
  });
});
