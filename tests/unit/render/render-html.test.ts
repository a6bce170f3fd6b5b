import { describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { renderHtmlReport } from '../../../src/render/render-html.js';

const XSS = '<script>alert(1)</script>';

function report(over: Partial<ReportJson> = {}): ReportJson {
  return {
    runId: 'run-42',
    name: `nightly ${XSS}`,
    service: 'orders',
    window: { from: '2026-03-02T10:00:00Z', to: '2026-03-02T11:00:00Z' },
    verdict: 'risk',
    peak: {
      rps: 205,
      from: '2026-03-02T10:30:00Z',
      to: '2026-03-02T10:40:00Z',
      dropAt: '2026-03-02T10:51:15Z',
    },
    steps: [
      {
        from: '2026-03-02T10:00:00Z',
        to: '2026-03-02T10:10:00Z',
        rps: 50,
        p95Ms: 60,
        errorRate: 0.001,
        stable: true,
      },
      {
        from: '2026-03-02T10:10:00Z',
        to: '2026-03-02T10:20:00Z',
        rps: 100,
        p95Ms: 70,
        errorRate: 0.002,
        stable: true,
      },
      {
        from: '2026-03-02T10:50:00Z',
        to: '2026-03-02T11:00:00Z',
        rps: 205,
        p95Ms: 900,
        errorRate: 0.04,
        stable: false,
      },
    ],
    slo: [
      { expr: 'p95 < 300ms', actual: 900, passed: false },
      { expr: `error_rate < 1% ${XSS}`, actual: 0.04, passed: true },
      { expr: 'p99 < 1s', actual: null, passed: null },
    ],
    domains: [
      {
        id: 'http',
        status: 'risk',
        summary: `p95 grows after 200 rps ${XSS}`,
        findings: [
          {
            severity: 'high',
            title: `Latency knee on uri="/orders${XSS}"`,
            metric: `http.p95{uri="${XSS}"}`,
            at: '2026-03-02T10:50:00Z',
            value: 0.9,
          },
        ],
        packs: ['micrometer'],
      },
      { id: 'kafka', status: 'no_data', summary: '', findings: [], reason: 'no kafka metrics' },
    ],
    charts: [],
    timingsMs: { fetch: 10, analyse: 20, render: 30, total: 60 },
    warnings: [`series ${XSS} dropped`],
    ...over,
  };
}

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const charts = [{ id: 'latency', title: `Latency ${XSS}`, png }];

describe('renderHtmlReport', () => {
  it('escapes every piece of report text', () => {
    const html = renderHtmlReport(report(), charts, { locale: 'en', tz: 'UTC' });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('alert(1)</');
    // escaped forms are there: name, summary, finding, metric, SLO, warning, chart title
    const escaped = html.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1;
    expect(escaped).toBeGreaterThanOrEqual(8);
  });

  it('shows the verdict, peak, step rows, SLO rows and domains', () => {
    const html = renderHtmlReport(report(), charts, { locale: 'en', tz: 'Europe/Moscow' });
    expect(html).toContain('class="badge big risk"');
    expect(html).toContain('>RISK<');
    expect(html).toMatch(/<strong>205\u00a0rps<\/strong> \(13:30–13:40\), degradation at 13:51/);
    expect(html.match(/<tr class="step">/g)).toHaveLength(3);
    expect(html).toContain('<td>13:50–14:00</td>');
    expect(html.match(/<tr class="slo">/g)).toHaveLength(3);
    expect(html).toMatch(/p95 &lt; 300ms<\/code><\/td><td>900<\/td><td class="no">violated/);
    expect(html).toContain('no data');
    expect(html).toContain('id="domain-http"');
    expect(html).toContain('no kafka metrics');
    expect(html).toContain('4.0%'); // error rate of the last step
  });

  it('embeds charts as data URIs and needs no scripts', () => {
    const html = renderHtmlReport(report(), charts, { locale: 'en', tz: 'UTC' });
    expect(html).toContain(`src="data:image/png;base64,${png.toString('base64')}"`);
    expect(html).toContain('<meta name="viewport"');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('speaks Russian and honours a forced theme', () => {
    const html = renderHtmlReport(report({ verdict: 'fail' }), [], {
      locale: 'ru',
      tz: 'UTC',
      theme: 'dark',
    });
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('ПРОВАЛ');
    expect(html).toContain('Ступени нагрузки');
    expect(html).toContain('нарушено');
    expect(html).not.toContain('prefers-color-scheme');
    const auto = renderHtmlReport(report(), [], { locale: 'en', tz: 'UTC' });
    expect(auto).toContain('prefers-color-scheme: dark');
  });

  it('copes with a report without peak, steps or SLOs', () => {
    const html = renderHtmlReport(
      report({ verdict: 'insufficient_data', peak: null, steps: [], slo: [], warnings: undefined }),
      [],
      { locale: 'en', tz: 'UTC' },
    );
    expect(html).toContain('INSUFFICIENT DATA');
    expect(html).toContain('no sustainable peak found');
    expect(html).toContain('No load steps found.');
    expect(html).toContain('No SLOs configured.');
  });
});
