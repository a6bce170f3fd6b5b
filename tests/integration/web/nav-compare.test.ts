import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/logger.js';
import { runReport } from '../../../src/pipeline/report-engine.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';
import type { RunRecord } from '../../../src/store/store.js';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import { openPage, SCENARIO, startWebHarness, type WebHarness } from './web-harness.js';

let h: WebHarness;
let run: RunRecord;
let baseline: RunRecord;

/** A report of the harness scenario's window by the real engine, tagged with a service. */
async function report(name: string): Promise<RunRecord> {
  const outcome = await runReport(
    {
      config: h.config,
      store: h.store,
      logger: silentLogger,
      clock: systemClock,
      sources: { prom: createPrometheusSource({ url: inject('promUrl') }) },
    },
    {
      fromMs: h.truth.startMs,
      toMs: h.truth.endMs,
      service: 'orders',
      selector: `scenario="${SCENARIO}"`,
      name,
      origin: 'telegram:1',
      charts: false,
    },
  );
  return outcome.run;
}

beforeAll(async () => {
  h = await startWebHarness({ charts: false });
  // Two reports of the same window: the first becomes the service's baseline.
  baseline = await report('db pool baseline');
  run = await report('db pool scenario');
  await h.store.setBaseline('orders', baseline.id, 'tester');
}, 180_000);
afterAll(async () => {
  await h?.close();
});

const links = () => createLinkBuilder(h.base, h.signer);

describe('report page navigation and endpoints in headless Chromium', () => {
  it('computes the endpoint table from the real per-route series, consistent with the peak', () => {
    const table = run.report.endpoints;
    expect(table, 'the engine stores report.endpoints').toBeTruthy();
    expect(table!.span.kind).toBe('peak');
    expect(table!.rows.length).toBeGreaterThanOrEqual(2);
    const rps = table!.rows.map((r) => r.rps ?? 0);
    expect([...rps].sort((a, b) => b - a)).toEqual(rps);
    // The routes add up to the service's throughput at the peak step (same span, same mean).
    const total = rps.reduce((a, b) => a + b, 0);
    const peak = run.report.peak!.rps;
    expect(Math.abs(total - peak) / peak).toBeLessThan(0.1);
    for (const r of table!.rows) expect(r.p95Ms ?? 0).toBeGreaterThan(0);
  });

  it('shows the table, the baseline line and links; the links open the runs list and the comparison', async () => {
    const { page, watch } = await openPage(h, 1280);
    expect((await page.goto(links().report(run.id, 'tg:42')!))?.status()).toBe(200);
    const routes = await page.$$eval('#endpoints tr.endpoint', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.route),
    );
    expect(routes).toEqual(run.report.endpoints!.rows.map((r) => r.route));
    expect(await page.$eval('#baseline', (e) => e.textContent)).toContain('db pool baseline');
    // The same window, so per-route changes exist and are small.
    expect(await page.$$eval('#endpoints small.delta', (d) => d.length)).toBeGreaterThan(0);

    // Prometheus links carry the key queries over the window: run the first on the real Prometheus.
    const promHref = await page.$eval('#sources a.external.prometheus', (a) => (a as HTMLAnchorElement).href);
    const g = new URL(promHref);
    expect(g.origin).toBe(new URL(inject('promUrl')).origin);
    const q = new URLSearchParams({
      query: g.searchParams.get('g0.expr')!,
      start: String(run.from.getTime() / 1000),
      end: String(run.to.getTime() / 1000),
      step: '15',
    });
    const res = (await (await fetch(`${inject('promUrl')}/api/v1/query_range?${q}`)).json()) as {
      status: string;
      data: { result: unknown[] };
    };
    expect(res.status).toBe('success');
    expect(res.data.result.length).toBeGreaterThan(0);

    await Promise.all([page.waitForNavigation(), page.click('#nav-compare')]);
    expect(new URL(page.url()).pathname).toBe(`/compare/${baseline.id}/${run.id}`);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('db pool baseline ↔ db pool scenario');

    await page.goBack();
    await Promise.all([page.waitForNavigation(), page.click('#nav-runs')]);
    expect(new URL(page.url()).pathname).toBe('/runs');
    expect(await page.$eval('tr.is-baseline', (r) => (r as HTMLElement).dataset.runId)).toBe(baseline.id);
    expect(watch.cspViolations).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.browserContext().close();
  });

  it('compares the two runs ticked on the runs page', async () => {
    const { page, watch } = await openPage(h, 390);
    expect((await page.goto(links().runs('tg:42', 'edit')!))?.status()).toBe(200);
    // One pick is not enough: the list says so.
    await page.click(`tr[data-run-id="${run.id}"] td.pick input`);
    await Promise.all([page.waitForNavigation(), page.click('#compare-form button[type="submit"]')]);
    expect(await page.$eval('.notice', (e) => e.textContent)).toMatch(/exactly two/);
    await page.click(`tr[data-run-id="${run.id}"] td.pick input`);
    await page.click(`tr[data-run-id="${baseline.id}"] td.pick input`);
    await Promise.all([page.waitForNavigation(), page.click('#compare-form button[type="submit"]')]);
    const url = new URL(page.url());
    expect(url.pathname).toBe(`/compare/${baseline.id}/${run.id}`);
    expect(url.searchParams.get('t')).toBeTruthy();
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('db pool baseline ↔ db pool scenario');
    expect(watch.cspViolations).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.browserContext().close();
  });
});
