import { describe, expect, it } from 'vitest';
import type { ReportJson } from '../../../src/analysis/report.types.js';
import { renderHtmlReport } from '../../../src/render/render-html.js';

const report: ReportJson = {
  runId: 'r1',
  name: 'units',
  service: null,
  window: { from: '2026-11-20T10:00:00Z', to: '2026-11-20T11:00:00Z' },
  verdict: 'fail',
  peak: null,
  steps: [],
  slo: [
    { expr: 'p95<500ms', unit: 'ms', actual: 4340, passed: false },
    { expr: 'error_rate<1%', unit: 'ratio', actual: 0.3291, passed: false },
    { expr: 'memory<2GiB', unit: 'bytes', actual: 3 * 2 ** 30, passed: false },
    { expr: 'p90<1s', unit: 'ms', actual: null, passed: null },
  ],
  domains: [],
  charts: [],
  timingsMs: { fetch: 0, analyse: 0, render: 0, total: 0 },
};

describe('HTML SLO table', () => {
  it('shows each measured value in the unit of its expression', () => {
    const html = renderHtmlReport(report, [], { locale: 'en', tz: 'UTC' });
    expect(html).toContain('<td>4.34\u00a0s</td>');
    expect(html).toContain('<td>32.9%</td>');
    expect(html).toContain('<td>3\u00a0GiB</td>');
    expect(html).toContain('<td>—</td>');
  });
});
