import { describe, expect, it } from 'vitest';
import { type Figure, isFigure, sloFigure, stepFigure } from '../../../src/analysis/figure.js';
import { renderFinding } from '../../../src/analysis/finding-text.js';
import { createFormatter } from '../../../src/analysis/format.js';
import type { FindingJson } from '../../../src/analysis/report.types.js';
import { renderAll, simReport } from './render-all.js';

const SURFACES = ['chat', 'telegram', 'slack', 'web', 'pdf', 'cli'] as const;

/**
 * One report, every surface: each figure the analysis computed once (peak, per-step
 * throughput, p95 and errors, SLO values, the evidence of the top findings, the window)
 * must appear with the same value and format in chat text, Telegram HTML, Slack blocks,
 * the web page, the PDF's HTML and the CLI text.
 */
describe.each([
  ['en', 'UTC'],
  ['ru', 'Europe/Moscow'],
] as const)('figures agree on every surface (%s, %s)', (locale, tz) => {
  const report = simReport('step_db_pool', 'en', ['p95<500ms', 'error_rate<1%', 'rps>=150'], tz);
  const out = renderAll(report, locale, tz);
  const f = createFormatter(locale, tz);

  const expectEverywhere = (what: string, text: string) => {
    for (const s of SURFACES) {
      // Slack's JSON keeps the text as is; the other surfaces are plain text already.
      expect(out[s], `${what} "${text}" on ${s}`).toContain(text);
    }
  };

  it('has a report with steps, SLOs and findings to compare', () => {
    expect(report.steps.length).toBeGreaterThanOrEqual(4);
    expect(report.slo.every((s) => s.actual !== null)).toBe(true);
    expect(report.domains.flatMap((d) => d.findings).length).toBeGreaterThan(0);
  });

  it('prints the peak and the window the same way', () => {
    expectEverywhere('peak', f.rps(report.peak!.rps));
    const range = f.range(Date.parse(report.window.from), Date.parse(report.window.to));
    expect(range).toMatch(locale === 'ru' ? /^2026-12-01 \d\d:\d\d–\d\d:\d\d MSK$/ : /^2026-12-01 .* UTC$/);
    expectEverywhere('window', range);
  });

  it('prints every step figure the same way', () => {
    for (const s of report.steps) {
      for (const key of ['rps', 'p95Ms', 'errorRate'] as const) {
        const x = stepFigure(s, key);
        if (x) expectEverywhere(`step ${key}`, f.figure(x));
      }
    }
  });

  it('prints every SLO value the same way', () => {
    for (const s of report.slo) expectEverywhere(`SLO ${s.expr}`, f.figure(sloFigure(s)!));
  });

  it('prints the findings shown everywhere with the same evidence', () => {
    const all: Array<FindingJson & { domain: string }> = report.domains.flatMap((d) =>
      d.findings.map((x) => ({ ...x, domain: d.id })),
    );
    // Chat shows the five strongest; the CLI the first three per domain: compare those in both.
    const rank = ['critical', 'high', 'medium', 'low'];
    const top = [...all].sort((a, b) => rank.indexOf(a.severity) - rank.indexOf(b.severity)).slice(0, 5);
    const cliShown = new Set(report.domains.flatMap((d) => d.findings.slice(0, 3)));
    const shown = top.filter((x) => [...cliShown].some((c) => c.id === x.id && c.metric === x.metric));
    expect(shown.length).toBeGreaterThan(0);
    for (const x of shown) {
      const r = renderFinding(x, f);
      expectEverywhere(`finding ${x.id} title`, r.title);
      expectEverywhere(`finding ${x.id} evidence`, r.evidence);
    }
  });

  it('quotes one waiting-threads figure in the database summary and its finding', () => {
    const db = report.domains.find((d) => d.id === 'database')!;
    const pool = db.findings.find((x) => x.id === 'db_pool_saturated' || x.id === 'db_pool_waiting')!;
    const pending = pool.params!.pending as Figure;
    const waiting =
      locale === 'ru' ? `ждали до ${f.int(pending.value)} потоков` : `up to ${f.int(pending.value)} threads`;
    expect(db.summaries![locale]).toContain(waiting);
    expect(renderFinding(pool, f).evidence).toContain(f.int(pending.value));
  });

  it('keeps finding values typed in the JSON and never prints them raw', () => {
    for (const d of report.domains) {
      for (const x of d.findings) {
        expect(x.unit, `${x.id} unit`).toBeDefined();
        expect(x.agg, `${x.id} aggregation`).toBeDefined();
        expect(Object.values(x.params ?? {}).some(isFigure), `${x.id} typed params`).toBe(true);
        // The metric names the series the value belongs to: an rps value is not under users.
        if (x.unit === 'rps') expect(x.metric).toMatch(/\.rps$/);
        if (x.value !== null && !Number.isInteger(x.value)) {
          const raw = String(x.value);
          for (const s of SURFACES) expect(out[s], `raw ${raw} on ${s}`).not.toContain(raw);
        }
      }
    }
  });

  it('shows users as whole numbers, percentages with one decimal, ms below a second and s above', () => {
    const nb = (s: string) => s.replaceAll('\u00a0', ' ').replaceAll('\u202f', ' ');
    expect(nb(f.users(80.7))).toMatch(/^81 /);
    expect(nb(f.pct(0.3291))).toMatch(/^32[.,]9 ?%$/);
    expect(nb(f.pct(0.07))).toMatch(/^7[.,]0 ?%$/);
    expect(nb(f.ms(480))).toMatch(/^480 /);
    expect(nb(f.ms(4340))).toMatch(/^4[.,]34 /);
    expect(nb(f.bytes(1024 * 1024 ** 2))).toMatch(/^1 (GiB|ГиБ)$/);
    // No surface prints a percentage with two decimals or a fractional user count.
    for (const s of SURFACES) {
      expect(nb(out[s]), `2-decimal % on ${s}`).not.toMatch(/\d[.,]\d\d ?%/);
      expect(nb(out[s]), `fractional users on ${s}`).not.toMatch(/\d[.,]\d+ (VU|польз\.)/);
    }
  });
});
