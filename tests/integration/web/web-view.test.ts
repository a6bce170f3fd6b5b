import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportSummaryMessage } from '../../../src/chat/report-message.js';
import type { RunRecord } from '../../../src/store/store.js';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import {
  injectedElements,
  openPage,
  type PageGlobals,
  paintedPixels,
  settle,
  startWebHarness,
  type WebHarness,
} from './web-harness.js';

let h: WebHarness;
beforeAll(async () => {
  h = await startWebHarness();
});
afterAll(async () => {
  await h?.close();
});

const links = () => createLinkBuilder(h.base, h.signer);
const XSS = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=2;alert(2)</script>';

describe('web view in headless Chromium', () => {
  it('opens the link the bot sends and draws the charts (with series toggles and zoom)', async () => {
    const msg = reportSummaryMessage(h.run.report, {
      locale: 'en',
      tz: 'UTC',
      link: links().report(h.run.id, 'tg:42'),
    });
    const url = msg.blocks.find((b) => b.kind === 'link')?.url;
    expect(url).toMatch(new RegExp(`^${h.base}/r/${h.run.id}\\?t=`));
    const { page, watch } = await openPage(h);
    const res = await page.goto(url!);
    expect(res?.status()).toBe(200);
    await page.waitForSelector('body[data-charts-ready]', { timeout: 30_000 });
    const ids = await page.$$eval('figure.chart', (f) => f.map((x) => (x as HTMLElement).dataset.chart));
    expect(ids).toEqual(expect.arrayContaining(['load_throughput', 'latency', 'db_pool']));
    expect(
      await page.evaluate(() => Object.keys((window as unknown as PageGlobals).Chart.instances).length),
    ).toBe(ids.length);
    for (const share of await paintedPixels(page)) expect(share).toBeGreaterThan(0.01);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('db pool scenario');

    // Legend click hides a series (positions are read once the layout has settled).
    await page.$eval('figure.chart canvas', (c) => c.scrollIntoView());
    await settle(page);
    // On a loaded machine a late layout pass can move the legend after we measured it:
    // measure and click again (up to three times) until the series is hidden.
    for (let attempt = 0; attempt < 3; attempt++) {
      const hit = await page.evaluate(() => {
        const chart = (window as unknown as PageGlobals).LoadLens.charts[0]!;
        const box = chart.legend.legendHitBoxes[0]!;
        const rect = chart.canvas.getBoundingClientRect();
        return { x: rect.left + box.left + box.width / 2, y: rect.top + box.top + box.height / 2 };
      });
      await page.mouse.click(hit.x, hit.y);
      const hidden = await page
        .waitForFunction(() => !(window as unknown as PageGlobals).LoadLens.charts[0]!.isDatasetVisible(0), {
          timeout: 2_000,
        })
        .then(() => true)
        .catch(() => false);
      if (hidden) break;
      await settle(page);
    }
    expect(
      await page.evaluate(() => (window as unknown as PageGlobals).LoadLens.charts[0]!.isDatasetVisible(0)),
    ).toBe(false);

    // Dragging across a chart zooms every chart to the selection; reset zooms out.
    await page.$$eval('figure.chart canvas', (c) => c[1]?.scrollIntoView());
    await settle(page);
    const area = await page.evaluate(() => {
      const chart = (window as unknown as PageGlobals).LoadLens.charts[1]!;
      const rect = chart.canvas.getBoundingClientRect();
      const a = chart.chartArea;
      return {
        x0: rect.left + a.left + 0.25 * a.width,
        x1: rect.left + a.left + 0.5 * a.width,
        y: rect.top + a.top + a.height / 2,
      };
    });
    await page.mouse.move(area.x0, area.y);
    await settle(page);
    await page.mouse.down();
    await page.mouse.move(area.x1, area.y, { steps: 5 });
    await page.mouse.up();
    const zoomed = await page.evaluate(() =>
      (window as unknown as PageGlobals).LoadLens.charts.map(
        (c) => [c.scales.x.min, c.scales.x.max] as const,
      ),
    );
    const span = h.run.to.getTime() - h.run.from.getTime();
    for (const [min, max] of zoomed) {
      expect(min).toBeGreaterThan(h.run.from.getTime() + 0.2 * span);
      expect(max).toBeLessThan(h.run.from.getTime() + 0.55 * span);
    }
    await page.click('figure.chart .reset');
    const reset = await page.evaluate(
      () => (window as unknown as PageGlobals).LoadLens.charts[2]!.scales.x.min,
    );
    expect(reset).toBe(h.run.from.getTime());
    expect(watch.cspViolations).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.browserContext().close();
  });

  it('saves the summary as version 2 authored by the link user, and restores version 1', async () => {
    await h.store.addSummaryVersion(h.run.id, 'tg:7', 'first version');
    const { page } = await openPage(h);
    await page.goto(links().report(h.run.id, 'tg:42')!);
    await page.$eval('#summary-body', (t) => {
      (t as HTMLTextAreaElement).value = '';
    });
    await page.type('#summary-body', 'second version with **bold**');
    await page.click('#summary-save');
    await page.waitForFunction(() => document.querySelector('#summary-history .count')?.textContent === '2');
    const newest = await page.$eval('ol.history li', (li) => ({
      v: li.querySelector('.v')?.textContent,
      author: li.querySelector('.author')?.textContent,
    }));
    expect(newest).toEqual({ v: 'v2', author: 'tg:42' });
    expect(await page.$eval('#summary-current', (e) => e.innerHTML)).toContain('<strong>bold</strong>');

    await page.click('#summary-history summary');
    await page.click('ol.history li[data-version="1"] .restore');
    await page.waitForFunction(() => document.querySelector('#summary-history .count')?.textContent === '3');
    const versions = await h.store.listSummaryVersions(h.run.id);
    expect(versions.map((v) => [v.version, v.author, v.body])).toEqual([
      [1, 'tg:7', 'first version'],
      [2, 'tg:42', 'second version with **bold**'],
      [3, 'tg:42', 'first version'],
    ]);
    expect(await page.$eval('#summary-current', (e) => e.textContent?.trim())).toBe('first version');
    await page.browserContext().close();
  });

  it('records agree/disagree votes with comments on the verdict and on a finding', async () => {
    const finding = h.run.report.domains.flatMap((d) => d.findings).find((f) => f.id)!;
    const { page } = await openPage(h);
    await page.goto(links().report(h.run.id, 'tg:42')!);
    const verdict = '.votes[data-target="verdict"]';
    await page.type(`${verdict} .vote-comment`, 'matches what we saw');
    await page.click(`${verdict} .vote-btn[data-value="1"]`);
    await page.waitForFunction((s) => document.querySelector(`${s} .n-up`)?.textContent === '1', {}, verdict);
    const onFinding = `.votes[data-target="${finding.id}"]`;
    await page.type(`${onFinding} .vote-comment`, 'pool size was changed mid-test');
    await page.click(`${onFinding} .vote-btn[data-value="-1"]`);
    await page.waitForFunction(
      (s) => document.querySelector(`${s} .n-down`)?.textContent === '1',
      {},
      onFinding,
    );
    expect(await page.$eval(`${onFinding} .vote-list`, (e) => e.textContent)).toContain(
      'pool size was changed mid-test',
    );
    const votes = await h.store.listVotes(h.run.id);
    expect(votes.map((v) => [v.target, v.voter, v.value, v.comment]).sort()).toEqual(
      [
        ['verdict', 'tg:42', 1, 'matches what we saw'],
        [finding.id, 'tg:42', -1, 'pool size was changed mid-test'],
      ].sort(),
    );
    await page.browserContext().close();
  });

  it('refuses unsigned and expired links (401) and saving through a view link (403)', async () => {
    const { page } = await openPage(h);
    const unsigned = await page.goto(`${h.base}/r/${h.run.id}`);
    expect(unsigned?.status()).toBe(401);
    expect(await page.$eval('h1', (e) => e.textContent)).toMatch(/401/);
    const expired = h.signer.sign({ target: h.run.id, scope: 'edit', user: 'tg:42', ttlSec: -60 });
    expect((await page.goto(`${h.base}/r/${h.run.id}?t=${expired}`))?.status()).toBe(401);

    const view = await page.goto(links().report(h.run.id, 'tg:9', 'view')!);
    expect(view?.status()).toBe(200);
    expect(await page.$('#summary-form')).toBeNull();
    expect(await page.$('.vote-btn')).toBeNull();
    const before = (await h.store.listSummaryVersions(h.run.id)).length;
    const status = await page.evaluate(async (id) => {
      const csrf = document.querySelector('meta[name="csrf-token"]')!.getAttribute('content')!;
      const r = await fetch(`/api/runs/${id}/summary`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ body: 'should not save' }),
      });
      return r.status;
    }, h.run.id);
    expect(status).toBe(403);
    expect((await h.store.listSummaryVersions(h.run.id)).length).toBe(before);
    await page.browserContext().close();
  });

  it('keeps XSS payloads in a note, a run name, a series label and a vote comment inert', async () => {
    const series = await h.store.getSeries(h.run.id);
    const gc = series.filter((s) => s.domain === 'jvm' && s.panel === 'gc_pause_share')[0] ?? series[0]!;
    const xssRun: RunRecord = await h.store.saveRun({
      ...h.run,
      id: undefined,
      name: `${XSS} run`,
      domains: h.run.report.domains,
      series: [
        ...series,
        { ...gc, key: 'xss.1', domain: 'jvm', panel: 'gc_pause_share', name: `${XSS} a` },
        { ...gc, key: 'xss.2', domain: 'jvm', panel: 'gc_pause_share', name: `${XSS} b` },
      ],
    });
    await h.store.addSummaryVersion(xssRun.id, `tg:${XSS}`, `${XSS}\n\n[x](javascript:alert(3)) **${XSS}**`);
    const { page, watch } = await openPage(h);
    await page.goto(links().report(xssRun.id, XSS)!);
    await page.waitForSelector('body[data-charts-ready]', { timeout: 30_000 });
    await page.type('.votes[data-target="verdict"] .vote-comment', XSS);
    await page.click('.votes[data-target="verdict"] .vote-btn[data-value="1"]');
    await page.waitForFunction(
      () => document.querySelector('.votes[data-target="verdict"] .n-up')?.textContent === '1',
    );
    await page.click('#summary-history summary');
    await page.click('ol.history li .show');

    expect(await page.$eval('h1', (e) => e.textContent)).toBe(`${XSS} run`);
    const labels = await page.evaluate(() =>
      (window as unknown as PageGlobals).LoadLens.charts.flatMap((c) => c.data.datasets.map((d) => d.label)),
    );
    expect(labels.filter((l: string) => l.includes('<img src=x'))).toHaveLength(2);
    expect(await page.$eval('#summary-current', (e) => e.textContent)).toContain('<script>window.__xss=2');
    expect(await page.$$eval('#summary-current a', (a) => a.length)).toBe(0);
    expect(await page.$eval('.votes[data-target="verdict"] .vote-list', (e) => e.textContent)).toContain(XSS);
    expect(await injectedElements(page)).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as PageGlobals).__xss)).toBeUndefined();
    await page.reload();
    await page.goto(`${h.base}/runs?t=${h.signer.sign({ target: 'runs', scope: 'view', user: XSS })}`);
    expect(await page.$eval(`tr[data-run-id="${xssRun.id}"] .run-link`, (e) => e.textContent)).toBe(
      `${XSS} run`,
    );
    expect(await injectedElements(page)).toEqual([]);
    expect(watch.dialogs).toEqual([]);
    await page.browserContext().close();
    await h.store.deleteRun(xssRun.id);
  });
});
