import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord, Store } from '../../../src/store/store.js';
import type { ChartData } from '../../../src/web/chart-data.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/web/security-headers.js';
import { PGLITE_HOOK_TIMEOUT, pgliteFactory } from '../store/pglite-harness.js';
import { analysedRun } from './web-fixtures.js';
import { recordingPdf, startWebServer, type WebServer, webClient } from './web-server.js';

const factory = pgliteFactory();
const pdf = recordingPdf();
let store: Store;
let server: WebServer;
let run: RunRecord;

beforeAll(async () => {
  ({ store } = await factory.open());
  run = await store.saveRun(analysedRun());
  server = await startWebServer(store, { pdf });
}, PGLITE_HOOK_TIMEOUT);
afterAll(async () => {
  await server?.close();
  await store?.close();
  factory.cleanup();
});

const link = (target: string, scope: 'view' | 'edit' = 'edit', user = 'tg:1001') =>
  server.signer.sign({ target, scope, user });

function expectSecurityHeaders(res: Response): void {
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-frame-options')).toBe('DENY');
}

describe('web view routes', () => {
  it('sends the strict CSP and security headers on pages, JSON, assets and refusals', async () => {
    const c = webClient(server.base);
    const { res, html } = await c.page(`/r/${run.id}?t=${link(run.id)}`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(res.headers.get('cache-control')).toBe('no-store');
    // No inline script or style anywhere: the CSP would block them anyway.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b|\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    for (const path of [
      `/api/runs/${run.id}/series`,
      '/static/report.js',
      '/static/app.css',
      '/r/x',
      '/favicon.ico',
    ]) {
      expectSecurityHeaders(await c.get(path));
    }
    expectSecurityHeaders(await fetch(`${server.base}/api/runs/${run.id}/series`));
  });

  it('refuses unsigned, forged, expired and foreign links with 401/403 pages in the visitor language', async () => {
    const unsigned = await fetch(`${server.base}/r/${run.id}`, {
      headers: { 'accept-language': 'ru-RU,ru;q=0.9' },
    });
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toMatch(/text\/html/);
    expect(await unsigned.text()).toContain('Ссылка недействительна');
    const forged = `${link(run.id).split('.')[0]}.${'A'.repeat(43)}`;
    expect((await fetch(`${server.base}/r/${run.id}?t=${forged}`)).status).toBe(401);
    const expired = server.signer.sign({ target: run.id, scope: 'edit', user: 'u', ttlSec: -5 });
    const res = await fetch(`${server.base}/r/${run.id}?t=${expired}`);
    expect(res.status).toBe(401);
    expect(await res.text()).toMatch(/expired/);
    expect((await fetch(`${server.base}/r/${run.id}?t=${link('OTHER')}`)).status).toBe(403);
    // JSON endpoints never take tokens from the URL: cookies only.
    expect((await fetch(`${server.base}/api/runs/${run.id}/series?t=${link(run.id)}`)).status).toBe(401);
    // Whether a run exists is not revealed without a link.
    expect((await fetch(`${server.base}/r/NO_SUCH_RUN`)).status).toBe(401);
  });

  it('serves the chart data the way the PNG charts are planned, in display units', async () => {
    const c = webClient(server.base);
    await c.page(`/r/${run.id}?t=${link(run.id, 'view')}`);
    const res = await c.get(`/api/runs/${run.id}/series`);
    expect(res.status).toBe(200);
    const data = (await res.json()) as ChartData;
    expect(data.charts.map((x) => x.id)).toEqual(
      expect.arrayContaining(['load_throughput', 'latency', 'errors']),
    );
    const latency = data.charts.find((x) => x.id === 'latency')!;
    expect(latency.left.suffix).toBe('ms');
    const p95 = latency.datasets.find((d) => d.label === 'p95')!;
    // The fixture's p95 starts at 0.05 + 50/5000 s = 60 ms.
    expect(p95.points[0]![1]).toBeCloseTo(60, 5);
    expect(data.markers.steps.length).toBe(run.report.steps.length);
    expect(data.markers.peak?.label).toMatch(/peak \d+ rps/);
  });

  it('saves summary versions authored by the link user, restores, and refuses view links and missing CSRF', async () => {
    const c = webClient(server.base);
    await c.page(`/r/${run.id}?t=${link(run.id, 'edit', 'tg:alice')}`);
    let res = await c.send('POST', `/api/runs/${run.id}/summary`, { body: 'first **take**' });
    expect(res.status).toBe(201);
    res = await c.send('POST', `/api/runs/${run.id}/summary`, { body: 'second <script>x</script>' });
    const saved = (await res.json()) as {
      version: number;
      versions: Array<{ author: string; html: string }>;
    };
    expect(saved.version).toBe(2);
    expect(saved.versions.map((v) => v.author)).toEqual(['tg:alice', 'tg:alice']);
    expect(saved.versions[1]!.html).toBe('<p>second &lt;script&gt;x&lt;/script&gt;</p>');

    res = await c.send('POST', `/api/runs/${run.id}/summary/restore`, { version: 1 });
    expect(res.status).toBe(201);
    const versions = await store.listSummaryVersions(run.id);
    expect(versions.map((v) => [v.version, v.body])).toEqual([
      [1, 'first **take**'],
      [2, 'second <script>x</script>'],
      [3, 'first **take**'],
    ]);

    const page = await c.page(`/r/${run.id}`);
    expect(page.html).toContain('<strong>take</strong>');
    expect(page.html).toContain('second &lt;script&gt;x&lt;/script&gt;');

    const viewer = webClient(server.base);
    await viewer.page(`/r/${run.id}?t=${link(run.id, 'view', 'tg:bob')}`);
    expect((await viewer.send('POST', `/api/runs/${run.id}/summary`, { body: 'nope' })).status).toBe(403);
    expect(
      (await c.send('POST', `/api/runs/${run.id}/summary`, { body: 'x' }, { 'x-csrf-token': 'bad' })).status,
    ).toBe(403);
    expect(
      (await c.send('POST', `/api/runs/${run.id}/summary`, { body: 'x' }, { origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    expect(
      (await c.send('POST', `/api/runs/${run.id}/summary`, 'x', { 'content-type': 'text/plain' })).status,
    ).toBe(400);
    expect((await store.listSummaryVersions(run.id)).length).toBe(3);
  });

  it('records agree/disagree votes on the verdict and on findings, one per voter', async () => {
    const finding = run.report.domains.flatMap((d) => d.findings)[0]!;
    expect(finding.id).toBeTruthy();
    const c = webClient(server.base);
    await c.page(`/r/${run.id}?t=${link(run.id, 'edit', 'tg:carol')}`);
    expect((await c.send('POST', `/api/runs/${run.id}/votes`, { target: 'verdict', value: 1 })).status).toBe(
      201,
    );
    let res = await c.send('POST', `/api/runs/${run.id}/votes`, {
      target: finding.id,
      value: -1,
      comment: 'the pool was resized mid-test',
    });
    expect(res.status).toBe(201);
    res = await c.send('POST', `/api/runs/${run.id}/votes`, {
      target: 'verdict',
      value: -1,
      comment: 'on second thought',
    });
    const { votes } = (await res.json()) as {
      votes: Array<{ target: string; value: number; comment: string | null }>;
    };
    expect(votes).toHaveLength(2);
    expect(votes.find((v) => v.target === 'verdict')).toMatchObject({
      value: -1,
      comment: 'on second thought',
    });
    expect(votes.find((v) => v.target === finding.id)).toMatchObject({
      value: -1,
      comment: 'the pool was resized mid-test',
    });
    expect((await c.send('POST', `/api/runs/${run.id}/votes`, { target: 'nope.1', value: 1 })).status).toBe(
      400,
    );
    expect((await c.send('POST', `/api/runs/${run.id}/votes`, { target: 'verdict', value: 2 })).status).toBe(
      400,
    );
    const page = await c.page(`/r/${run.id}`);
    expect(page.html).toContain('the pool was resized mid-test');
  });

  it('lists runs with filters and search, renames, and deletes only with the confirmation', async () => {
    const other = await store.saveRun(
      analysedRun({ name: '<img src=x onerror=alert(1)> payments', service: 'payments' }),
    );
    const c = webClient(server.base);
    let page = await c.page(`/runs?t=${link('runs', 'edit', 'tg:lead')}`);
    expect(page.res.status).toBe(200);
    expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt; payments');
    expect(page.html).not.toContain('<img src=x');
    page = await c.page('/runs?service=payments');
    expect(page.html).toContain(other.id);
    expect(page.html).not.toContain(run.id);
    page = await c.page('/runs?q=PAYM');
    expect(page.html).toContain(other.id);
    page = await c.page(`/runs?verdict=${run.verdict === 'pass' ? 'fail' : 'pass'}`);
    expect(page.html).not.toContain(run.id);
    page = await c.page('/runs?since=2026-03-03');
    expect(page.html).not.toContain(run.id);
    page = await c.page('/runs?since=2026-03-02&until=2026-03-02');
    expect(page.html).toContain(run.id);

    expect((await c.send('PUT', `/api/runs/${other.id}`, { name: '  payments v2 ' })).status).toBe(200);
    expect((await store.getRun(other.id))?.name).toBe('payments v2');
    expect((await c.send('PUT', `/api/runs/${other.id}`, { name: '' })).status).toBe(400);

    await store.addSummaryVersion(other.id, 'u', 'note');
    await store.putVote({ runId: other.id, target: 'verdict', voter: 'u', value: 1, comment: null });
    expect((await c.send('DELETE', `/api/runs/${other.id}`, {})).status).toBe(400);
    expect((await c.send('DELETE', `/api/runs/${other.id}`, { confirm: run.id })).status).toBe(400);
    expect(await store.getRun(other.id)).not.toBeNull();
    expect((await c.send('DELETE', `/api/runs/${other.id}`, { confirm: other.id })).status).toBe(200);
    expect(await store.getRun(other.id)).toBeNull();
    expect(await store.getSeries(other.id)).toEqual([]);
    expect(await store.listSummaryVersions(other.id)).toEqual([]);
    expect(await store.listVotes(other.id)).toEqual([]);
    expect((await c.send('DELETE', `/api/runs/${other.id}`, { confirm: other.id })).status).toBe(404);

    // The runs link from the chat is view-only: it lists, but cannot rename.
    const viewer = webClient(server.base);
    await viewer.page(`/runs?t=${link('runs', 'view')}`);
    expect((await viewer.send('PUT', `/api/runs/${run.id}`, { name: 'x' })).status).toBe(403);
  });

  it('downloads the PDF of the static report with the sanitised summary', async () => {
    await store.addSummaryVersion(run.id, 'tg:dave', '**Bold** <img src=x onerror=alert(1)>');
    const c = webClient(server.base);
    await c.page(`/r/${run.id}?t=${link(run.id, 'view')}`);
    const res = await c.get(`/r/${run.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="orders_2026-03-02_1000\.pdf"/,
    );
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const html = pdf.html.at(-1)!;
    expect(html).toContain('<strong>Bold</strong> &lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('data:image/png;base64,'); // charts drawn on demand for a run without stored ones
    expect((await fetch(`${server.base}/r/${run.id}/pdf`)).status).toBe(401);
  });

  it('serves Chart.js and the themed stylesheet as static assets with ETags', async () => {
    const js = await fetch(`${server.base}/static/chart.umd.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(await js.text()).toMatch(/Chart/);
    const css = await fetch(`${server.base}/static/app.css`);
    const text = await css.text();
    expect(text).toContain(':root[data-theme="dark"]');
    expect(text).toContain('prefers-color-scheme: dark');
    expect(text).toContain('--chart-1:');
    const etag = css.headers.get('etag')!;
    expect(
      (await fetch(`${server.base}/static/app.css`, { headers: { 'if-none-match': etag } })).status,
    ).toBe(304);
    expect((await fetch(`${server.base}/static/..%2Fpackage.json`)).status).toBe(404);
  });
});
