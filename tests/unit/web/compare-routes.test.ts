import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import type { ChartData } from '../../../src/web/chart-data.js';
import { createLinkBuilder } from '../../../src/web/signed-links.js';
import { samplePanels } from '../render/fixtures.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from '../store/pglite-harness.js';
import { analysedRun } from './web-fixtures.js';
import { startWebServer, type WebServer, webClient } from './web-server.js';

const factory = pgliteFactory();
let store: Store;
let server: WebServer;
let a: string;
let b: string;

beforeAll(async () => {
  ({ store } = await factory.open());
  a = (await store.saveRun(analysedRun({ name: 'before <b>fix</b>' }))).id;
  // The candidate: the same test with p95 twice as high everywhere.
  const slower = samplePanels().map((p) =>
    p.domain === 'http' && p.panel === 'p95'
      ? { ...p, series: p.series.map((s) => ({ ...s, v: s.v.map((v) => v * 2) })) }
      : p,
  );
  b = (await store.saveRun(analysedRun({ name: 'after', panels: slower }))).id;
  server = await startWebServer(store);
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => {
  await server?.close();
  await store?.close();
  factory.cleanup();
});

describe('compare page', () => {
  it('opens the compare link the bot sends: verdict, both runs, top changes, overlay data', async () => {
    const url = createLinkBuilder(server.base, server.signer).compare(a, b, 'tg:1')!;
    const c = webClient(server.base);
    const { res, html } = await c.page(url.slice(server.base.length));
    expect(res.status).toBe(200);
    expect(html).toContain('badge big fail');
    expect(html).toMatch(/regression/);
    expect(html).toContain('before &lt;b&gt;fix&lt;/b&gt;');
    expect(html).toMatch(/<ul class="changes"><li class="worse">[^<]*p95/i);
    expect(html).toContain(`data-series-url="/compare/${a}/${b}/series"`);

    const data = (await (await c.get(`/compare/${a}/${b}/series`)).json()) as ChartData;
    expect(data.charts.length).toBeGreaterThanOrEqual(3);
    const latency = data.charts.find((x) => x.id.includes('p95'))!;
    expect(latency.datasets).toHaveLength(2);
    expect(latency.datasets[1]!.dashed).toBe(true);
    expect(latency.left.suffix).toBe('ms');
  });

  it('needs the compare link or the runs link; a run link does not open it', async () => {
    expect((await fetch(`${server.base}/compare/${a}/${b}`)).status).toBe(401);
    expect((await fetch(`${server.base}/compare/${a}/${b}/series`)).status).toBe(401);
    const runLink = server.signer.sign({ target: a, scope: 'edit', user: 'u' });
    expect((await fetch(`${server.base}/compare/${a}/${b}?t=${runLink}`)).status).toBe(403);
    const swapped = server.signer.sign({ target: `compare:${b}:${a}`, scope: 'view', user: 'u' });
    expect((await fetch(`${server.base}/compare/${a}/${b}?t=${swapped}`)).status).toBe(403);
    const runs = server.signer.sign({ target: 'runs', scope: 'view', user: 'u' });
    expect((await fetch(`${server.base}/compare/${a}/${b}?t=${runs}`)).status).toBe(200);
    const unknown = server.signer.sign({ target: `compare:${a}:NOPE`, scope: 'view', user: 'u' });
    expect((await fetch(`${server.base}/compare/${a}/NOPE?t=${unknown}`)).status).toBe(404);
  });
});
