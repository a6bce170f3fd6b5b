import { describe, expect, it } from 'vitest';
import type { Narrative } from '../../../src/llm/narrative.types.js';
import type { RunRecord } from '../../../src/store/store.js';
import { type ReportPageInput, renderReportPage } from '../../../src/web/report-page.js';
import { analysedRun } from './web-fixtures.js';

function input(over: Partial<ReportPageInput> = {}): ReportPageInput {
  const n = analysedRun();
  let i = 0;
  const domains = n.domains.map((d) => ({
    ...d,
    findings: d.findings.map((f) => ({ ...f, id: `${d.id}.${++i}` })),
  }));
  const run: RunRecord = {
    ...n,
    id: 'RUN1',
    report: { ...n.report, runId: 'RUN1', domains },
    invalid: false,
    origin: 'cli',
    createdAt: new Date(0),
  };
  return {
    run,
    versions: [],
    votes: [],
    narrative: null,
    locale: 'en',
    tz: 'UTC',
    user: 'tg:1',
    canEdit: true,
    csrf: 'tok',
    url: new URL('http://h/r/RUN1'),
    runsLink: false,
    ...over,
  };
}

const narrative: Narrative = {
  status: 'ok',
  domains: { database: { summary: 'Pool <b>exhausted</b> at step 5.', findings: [], recommendations: [] } },
  final: { summary: 'The service peaks at 250 rps.', findings: [], recommendations: ['Raise <pool> size'] },
  dropped: [],
  usage: { inputTokens: 1, outputTokens: 1, costUsd: 0, calls: 1 },
  provider: 'openai',
  model: 'm',
  locale: 'en',
  createdAt: new Date(0).toISOString(),
  durationMs: 1,
};

describe('report page', () => {
  it('puts a vote widget under every finding and on the verdict, with the editor for edit links', () => {
    const page = input();
    const html = renderReportPage(page);
    const findings = page.run.report.domains.flatMap((d) => d.findings);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(html).toContain(`<div class="votes" data-target="${f.id}">`);
    expect(html).toContain('<div class="votes" data-target="verdict">');
    expect(html).toContain('id="summary-form"');
    expect(html.match(/class="vote-btn"/g)?.length).toBe(2 * (findings.length + 1));
  });

  it('shows a view link no editor and no vote buttons', () => {
    const html = renderReportPage(input({ canEdit: false }));
    expect(html).not.toContain('id="summary-form"');
    expect(html).not.toContain('class="vote-btn"');
    expect(html).toContain('view-only');
  });

  it('renders the LLM narrative, escaped, only when there is one', () => {
    expect(renderReportPage(input())).not.toContain('id="narrative"');
    const html = renderReportPage(input({ narrative }));
    expect(html).toContain('id="narrative"');
    expect(html).toContain('The service peaks at 250 rps.');
    expect(html).toContain('Raise &lt;pool&gt; size');
    expect(html).toContain('Pool &lt;b&gt;exhausted&lt;/b&gt; at step 5.');
  });

  it('speaks Russian', () => {
    const html = renderReportPage(input({ locale: 'ru', narrative }));
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('Резюме инженера');
    expect(html).toContain('Согласны с вердиктом?');
    expect(html).toContain('Пояснение');
    expect(html).toContain('Скачать PDF');
  });
});
