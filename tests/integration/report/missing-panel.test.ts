import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { reportSummaryMessage } from '../../../src/chat/report-message.js';
import { main } from '../../../src/cli/main.js';
import type { GroundTruth } from '../../../src/sim/scenario.js';
import type { RunRecord } from '../../../src/store/store.js';
import { renderReportPage } from '../../../src/web/report-page.js';

/**
 * The silent-loss case of issue 15 on real Prometheus: a proxy holds back every query over
 * histogram buckets longer than the report's timeout, so the latency panels cannot be
 * fetched. The report must name them on every surface and refuse to pass the gate.
 */

const DELAY_MS = 6_000;
const TIMEOUT_MS = 1_500;
const work = mkdtempSync(join(tmpdir(), 'loadlens-missing-'));

/** What the delaying proxy saw: the queries it held back. */
const held: string[] = [];
/** Which queries the proxy holds back (PromQL or series matchers). */
let holdIf = /_bucket/;
let proxy: Server;
let proxyUrl = '';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A proxy to the harness Prometheus that delays the queries `holdIf` matches by DELAY_MS. */
async function startDelayingProxy(target: string): Promise<void> {
  proxy = createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', target);
    const form = new URLSearchParams(body.toString('utf8'));
    const asked = [form.get('query'), url.searchParams.get('query'), ...form.getAll('match[]')]
      .filter((x): x is string => x !== null)
      .join(' ');
    if (holdIf.test(asked)) {
      held.push(asked);
      let gone = false;
      res.on('close', () => {
        gone = true;
      });
      await new Promise((r) => setTimeout(r, DELAY_MS));
      if (gone) return;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
    }
    const upstream = await fetch(url, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(body),
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  await startDelayingProxy(inject('promUrl'));
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  rmSync(work, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env: { LOADLENS_DATA_DIR: join(work, 'data'), ...env },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `loadlens report --json --fail-on fail` on step_none through the proxy, timeout 1.5 s. */
async function reportThroughProxy(out: string) {
  const truth = inject('scenarios').step_none as GroundTruth;
  const r = await cli(
    [
      'report',
      '--from',
      iso(truth.startMs),
      '--to',
      iso(truth.endMs),
      '--selector',
      `scenario="${truth.scenario}"`,
      '--json',
      '--no-charts',
      '--fail-on',
      'fail',
      '--out',
      out,
    ],
    { PROMETHEUS_URL: proxyUrl, PROMETHEUS_TIMEOUT_MS: String(TIMEOUT_MS), TZ: 'UTC', LOCALE: 'en' },
  );
  return { ...r, report: JSON.parse(r.stdout) as ReportJson };
}

describe('a latency panel Prometheus could not answer in time', () => {
  let report: ReportJson;
  let run: { code: number; stderr: string };

  beforeAll(async () => {
    holdIf = /_bucket/;
    const out = join(work, 'out');
    const r = await reportThroughProxy(out);
    run = r;
    report = r.report;
    // The file the CLI wrote is the same report.
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).runId).toBe(report.runId);
  }, 120_000);

  it('held back the bucket queries (the fault is real)', () => {
    expect(held.length).toBeGreaterThan(0);
  });

  it('JSON: the HTTP domain is partial, names the missing panels, and the notes say so', () => {
    const http = report.domains.find((d) => d.id === 'http')!;
    expect(http.status).toBe('partial');
    const p95 = http.missing?.find((m) => m.panel === 'p95');
    expect(p95, JSON.stringify(http.missing)).toBeDefined();
    expect(p95!.reason).toBe('timeout');
    expect(p95!.source).toBe('Prometheus');
    expect(p95!.key).toBe(true);
    expect(p95!.tries).toBeGreaterThan(1);
    expect(Date.parse(p95!.at)).toBeGreaterThan(Date.parse(report.window.to));
    // The rest of the domain arrived.
    expect(http.missing!.some((m) => m.panel === 'rps')).toBe(false);
    expect(report.warnings!.join('\n')).toMatch(
      /HTTP latency p95 missing: Prometheus timed out after \d+ tries at \d\d:\d\d/,
    );
    expect(report.warningsI18n!.ru!.join('\n')).toMatch(
      /HTTP: нет данных «Задержка p95» — Prometheus не ответил вовремя после \d+ попыток, в \d\d:\d\d/,
    );
  });

  it('verdict: a report missing a key panel is insufficient_data, and says why', () => {
    expect(report.verdict).toBe('insufficient_data');
    expect(report.verdictReason?.code).toBe('key_panel_missing');
    expect(report.verdictReason?.text.en).toContain('HTTP latency p95 could not be fetched');
  });

  it('CLI: the missing panel is on stderr and --fail-on exits 2', () => {
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /loadlens: HTTP latency p95 missing: Prometheus timed out after \d+ tries at \d\d:\d\d/,
    );
  });

  it('chat summary: one line names the missing panel, in ru and en', () => {
    const text = (locale: 'en' | 'ru') =>
      reportSummaryMessage(report, { locale, tz: 'UTC', link: null })
        .blocks.map((b) => ('text' in b ? b.text : ''))
        .join('\n');
    expect(text('en')).toMatch(/◐ HTTP: /);
    expect(text('en')).toMatch(/HTTP latency p95 missing: Prometheus timed out after \d+ tries at \d\d:\d\d/);
    expect(text('ru')).toMatch(/HTTP: нет данных «Задержка p95» — Prometheus не ответил вовремя/);
  });

  it('web page: the HTTP card is marked partial and lists the missing panel', () => {
    const record: RunRecord = {
      id: report.runId,
      name: report.name,
      service: report.service,
      from: new Date(report.window.from),
      to: new Date(report.window.to),
      verdict: report.verdict,
      peak: report.peak,
      timings: report.timingsMs,
      report,
      invalid: false,
      origin: 'cli',
      createdAt: new Date(),
    };
    const html = renderReportPage({
      run: record,
      versions: [],
      votes: [],
      narrative: null,
      locale: 'en',
      tz: 'UTC',
      user: 'u1',
      canEdit: false,
      csrf: 'x',
      url: new URL(`http://127.0.0.1/r/${report.runId}`),
      runsLink: false,
    });
    const card = html.slice(
      html.indexOf('id="domain-http"'),
      html.indexOf('</section>', html.indexOf('id="domain-http"')),
    );
    expect(card).toContain('class="badge partial"');
    expect(card).toMatch(
      /<ul class="missing">.*<li>HTTP latency p95 missing: Prometheus timed out after \d+ tries at \d\d:\d\d<\/li>/,
    );
  });
});

describe('a discovery query Prometheus could not answer in time', () => {
  let report: ReportJson;
  let inventoryQueries: string[];

  beforeAll(async () => {
    // The window's inventory (one instant query over every family) is held back.
    holdIf = /last_over_time\(/;
    held.length = 0;
    const r = await reportThroughProxy(join(work, 'out-discovery'));
    report = r.report;
    inventoryQueries = held.filter((q) => holdIf.test(q));
  }, 120_000);

  it('says the inventory timed out instead of passing it off as absent metrics', () => {
    expect(inventoryQueries.length).toBeGreaterThan(0);
    expect(report.warnings!.join('\n')).toMatch(/inventory of metric families in the window timed out/);
    const http = report.domains.find((d) => d.id === 'http')!;
    // The label-values API lists the families: never "no metrics found". (On a loaded machine
    // other 1.5 s queries may time out too; then they are named, not passed off as absent.)
    expect(http.summary).not.toMatch(/no metrics found/i);
    if (http.status === 'no_data') expect(http.missing?.length ?? 0).toBeGreaterThan(0);
  });

  it('sends the timed-out inventory once, never again at the same cost', () => {
    expect(inventoryQueries).toHaveLength(1);
  });
});
