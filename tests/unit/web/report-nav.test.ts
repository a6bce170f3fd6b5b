import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointTable } from '../../../src/analysis/endpoints.js';
import type { PanelData, Series } from '../../../src/sources/series.js';
import type { NewRun, RunRecord, Store } from '../../../src/store/store.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from '../store/pglite-harness.js';
import { analysedRun } from './web-fixtures.js';
import { startWebServer, type WebServer, webClient } from './web-server.js';

const factory = pgliteFactory();
let store: Store;
let server: WebServer;
let base: RunRecord;
let run: RunRecord;
let other: RunRecord;

/** A run whose report carries a per-route table (`scale` multiplies the p95 of /orders). */
function withEndpoints(name: string, scale: number, fromShiftMs = 0): NewRun {
  const r = analysedRun({ name });
  const from = r.from.getTime();
  const t = Array.from({ length: 240 }, (_, i) => from + i * 15_000);
  const s = (route: string, v: number): Series => ({
    id: route,
    name: route,
    labels: { uri: route },
    t,
    v: t.map(() => v),
  });
  const p = (id: string, unit: PanelData['unit'], series: Series[]): PanelData => ({
    domain: 'http',
    panel: id,
    title: id,
    role: 'gauge',
    unit,
    pack: 'micrometer',
    query: id,
    series,
  });
  const panels = [
    p('rps_by_route', 'rps', [s('/orders', 140), s('/items', 60)]),
    p('p95_by_route', 's', [s('/orders', 0.2 * scale), s('/items', 0.05)]),
  ];
  const endpoints = endpointTable({ panels, fromMs: from, toMs: r.to.getTime() });
  const shift = (d: Date) => new Date(d.getTime() + fromShiftMs);
  return {
    ...r,
    from: shift(r.from),
    to: shift(r.to),
    report: {
      ...r.report,
      endpoints,
      queries: [
        {
          domain: 'http',
          panel: 'rps',
          title: 'Service throughput',
          query: 'sum(rate(http_server_requests_seconds_count{application="orders"}[1m]))',
        },
      ],
    },
  };
}

beforeAll(async () => {
  ({ store } = await factory.open());
  base = await store.saveRun(withEndpoints('orders baseline', 1, -86_400_000));
  run = await store.saveRun(withEndpoints('orders today', 1.5));
  other = await store.saveRun(withEndpoints('orders yesterday', 1, -3_600_000));
  await store.setBaseline('orders', base.id, 'tester');
  server = await startWebServer(store, {
    env: {
      GRAFANA_URL: 'https://admin:hunter2@grafana.example.com/',
      GRAFANA_DATASOURCE_UID: 'prom-main',
      PROMETHEUS_URL: 'http://scraper:s3cret@prometheus.example.com:9090/?token=abc',
    },
  });
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => {
  await server?.close();
  await store?.close();
  factory.cleanup();
});

const link = (target: string, scope: 'view' | 'edit' = 'edit') =>
  server.signer.sign({ target, scope, user: 'tg:7' });
/** `href` of the element with `id` (the pages are our own, well-formed HTML). */
function hrefOf(html: string, id: string): string | null {
  const m = new RegExp(`id="${id}" href="([^"]+)"`).exec(html);
  return m ? m[1]!.replaceAll('&amp;', '&') : null;
}

describe('report page: endpoints, baseline, navigation and source links', () => {
  it('shows the endpoint table sorted by load with its change against the baseline', async () => {
    const c = webClient(server.base);
    const { res, html } = await c.page(`/r/${run.id}?t=${link(run.id)}`);
    expect(res.status).toBe(200);
    const rows = [...html.matchAll(/<tr class="endpoint" data-route="([^"]+)">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((r) => r[1])).toEqual(['/orders', '/items']);
    // /orders: p95 300 ms, +50 % against the baseline's 200 ms; rps unchanged.
    expect(rows[0]![2]).toContain('300');
    expect(rows[0]![2]).toMatch(/class="delta up worse">\+50\.0\s?%/);
    expect(rows[0]![2]).toMatch(/class="delta flat">0\.0\s?%/);
    expect(html).toContain('Errors per route are not collected');
    expect(html).toContain('change against the baseline run “orders baseline”');
  });

  it('shows the baseline line and signed links to the runs list, the baseline and the comparison', async () => {
    const c = webClient(server.base);
    const { html } = await c.page(`/r/${run.id}?t=${link(run.id, 'view')}`);
    expect(html).toMatch(/<section id="baseline"[\s\S]*Baseline of orders: orders baseline/);
    expect(html).toMatch(/class="baseline-line"><span class="badge (fail|ok|pass|insufficient_data)">/);
    const runs = hrefOf(html, 'nav-runs');
    const baseline = hrefOf(html, 'nav-baseline');
    const compare = hrefOf(html, 'nav-compare');
    expect(runs).toMatch(/^\/runs\?t=/);
    expect(baseline).toMatch(new RegExp(`^/r/${base.id}\\?t=`));
    expect(compare).toMatch(new RegExp(`^/compare/${base.id}/${run.id}\\?t=`));
    // Each link opens its page for a visitor who has nothing but that link.
    for (const href of [runs, baseline, compare]) {
      const fresh = webClient(server.base);
      expect((await fresh.get(href!)).status).toBe(200);
    }
    // The runs list link is view-only: no rename/delete for it.
    const list = await webClient(server.base).page(runs!);
    expect(list.html).toContain('data-can-edit="false"');
  });

  it('links the window in Grafana and Prometheus without credentials', async () => {
    const c = webClient(server.base);
    const { html } = await c.page(`/r/${run.id}?t=${link(run.id)}`);
    const hrefs = [...html.matchAll(/class="[^"]*external[^"]*"[^>]*href="([^"]+)"/g)].map((m) =>
      m[1]!.replaceAll('&amp;', '&'),
    );
    expect(hrefs.length).toBe(3);
    for (const h of hrefs) expect(h).not.toMatch(/hunter2|s3cret|admin|scraper|token=abc/);
    const grafana = new URL(hrefs.find((h) => h.startsWith('https://grafana.'))!);
    expect(grafana.origin + grafana.pathname).toBe('https://grafana.example.com/explore');
    const pane = JSON.parse(grafana.searchParams.get('panes')!).ll;
    expect(pane.datasource).toBe('prom-main');
    expect(pane.range).toEqual({ from: String(run.from.getTime()), to: String(run.to.getTime()) });
    expect(pane.queries[0].expr).toContain('http_server_requests_seconds_count');
    const prom = new URL(hrefs.find((h) => h.startsWith('http://prometheus.'))!);
    expect(prom.origin + prom.pathname).toBe('http://prometheus.example.com:9090/graph');
    expect(prom.searchParams.get('g0.expr')).toContain('http_server_requests_seconds_count');
    const seconds = (run.to.getTime() - run.from.getTime()) / 1000;
    expect(prom.searchParams.get('g0.range_input')).toBe(`${seconds}s`);
    expect(prom.searchParams.get('g0.end_input')).toBe(run.to.toISOString().slice(0, 19).replace('T', ' '));
  });

  it('says so on the baseline itself, in Russian too', async () => {
    const c = webClient(server.base);
    const { html } = await c.page(`/r/${base.id}?t=${link(base.id)}&lang=ru`);
    expect(html).toContain('Этот прогон — базовый для orders.');
    expect(html).toContain('Эндпоинты');
    expect(html).not.toContain('id="nav-compare"');
  });
});

describe('runs page: picking two runs to compare', () => {
  it('marks the baseline and opens the comparison of two ticked runs, baseline as A', async () => {
    const c = webClient(server.base);
    const { html } = await c.page(`/runs?t=${link('runs')}`);
    expect(html).toMatch(new RegExp(`<tr class="run is-baseline" data-run-id="${base.id}">`));
    expect(html.match(/class="badge baseline"/g)).toHaveLength(1);
    expect(html.match(/type="checkbox" form="compare-form" name="run"/g)).toHaveLength(3);
    const res = await c.get(`/runs/compare?run=${run.id}&run=${base.id}`);
    expect(res.status).toBe(303);
    const to = res.headers.get('location')!;
    expect(to).toMatch(new RegExp(`^/compare/${base.id}/${run.id}\\?t=`));
    expect((await webClient(server.base).get(to)).status).toBe(200);
    // Without a baseline among them, the older run is A.
    const res2 = await c.get(`/runs/compare?run=${run.id}&run=${other.id}`);
    expect(res2.headers.get('location')).toMatch(new RegExp(`^/compare/${other.id}/${run.id}\\?t=`));
  });

  it('sends one or three picks back with a notice, and needs the runs session', async () => {
    const c = webClient(server.base);
    await c.page(`/runs?t=${link('runs')}`);
    const one = await c.get(`/runs/compare?run=${run.id}`);
    expect(one.status).toBe(303);
    expect(one.headers.get('location')).toBe('/runs?notice=pickTwo');
    const { html } = await c.page('/runs?notice=pickTwo');
    expect(html).toContain('Pick exactly two runs to compare.');
    const stranger = await webClient(server.base).get(`/runs/compare?run=${run.id}&run=${base.id}`);
    expect(stranger.status).toBe(401);
    // A run's own link does not open the picker.
    const runOnly = webClient(server.base);
    await runOnly.page(`/r/${run.id}?t=${link(run.id)}`);
    expect((await runOnly.get(`/runs/compare?run=${run.id}&run=${base.id}`)).status).toBe(401);
  });
});
