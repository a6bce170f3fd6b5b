import { describe, expect, it } from 'vitest';
import { buildContextPack, domainView, finalView } from '../../../src/llm/context-pack.js';
import { estimateTokens } from '../../../src/llm/provider.js';
import { analysedRun, TZ } from './fixtures.js';

describe('context pack', () => {
  it('holds computed facts with units and stable ids, never raw points', () => {
    const { report, analysis, panels } = analysedRun('en');
    const before = structuredClone(report);
    const pack = buildContextPack(
      { report, stats: analysis.stats, locale: 'en', tz: TZ },
      { maxTokens: 6000 },
    );
    expect(report).toEqual(before);

    expect(pack.overall.verdict).toBe(report.verdict);
    expect(pack.overall.peak).toMatchObject({
      rps: `${Number(report.peak!.rps.toPrecision(4))} rps`,
      step: 4,
      from: '13:18',
    });
    expect(pack.overall.steps).toHaveLength(report.steps.length);
    expect(pack.overall.steps[4]).toMatchObject({ n: 5, p95: '1955 ms', rps: '209.8 rps', load: 250 });
    expect(pack.overall.slo[0]).toMatchObject({ expr: 'p95<500ms', actual: '1955 ms', passed: false });
    const heap = pack.domains.jvm!.series['heap_used/jvm.heap_used']!;
    expect(heap.max).toMatch(/^\d+(\.\d+)? MiB$/);
    expect(pack.domains.http!.series['error_rate/http.error_rate']!.max).toMatch(/ %$/);
    expect(pack.domains.kafka).toMatchObject({ status: 'no_data', series: {} });

    // No array in the pack is as long as a series, and no raw value appears.
    const longest = (v: unknown): number =>
      Array.isArray(v)
        ? Math.max(v.length, ...v.map(longest))
        : v && typeof v === 'object'
          ? Math.max(0, ...Object.values(v).map(longest))
          : 0;
    expect(longest(pack)).toBeLessThanOrEqual(report.steps.length);
    const raw = panels.find((p) => p.domain === 'jvm' && p.panel === 'heap_used')!.series[0]!.v[7]!;
    expect(JSON.stringify(pack)).not.toContain(String(raw));
    expect(Math.abs(pack.tokens - estimateTokens(JSON.stringify(pack)))).toBeLessThanOrEqual(2);
  });

  it('trims to the token budget, least important series first, never steps, peak or SLOs', () => {
    const { report, analysis } = analysedRun('en', { extraRoutes: 40 });
    const full = buildContextPack(
      { report, stats: analysis.stats, locale: 'en', tz: TZ },
      { maxTokens: 100_000 },
    );
    expect(full.trimmed.series).toBe(0);
    const budget = Math.floor(full.tokens / 2);
    const pack = buildContextPack(
      { report, stats: analysis.stats, locale: 'en', tz: TZ },
      { maxTokens: budget },
    );
    expect(pack.tokens).toBeLessThanOrEqual(budget);
    expect(pack.trimmed.series).toBeGreaterThan(0);
    // Extra routes go before the key panels and those cited by findings.
    const http = Object.keys(pack.domains.http!.series);
    expect(http).toContain('p95/http.p95');
    expect(http).toContain('error_rate/http.error_rate');
    expect(http.filter((k) => k.startsWith('route_')).length).toBeLessThan(40);
    expect(pack.overall.steps).toEqual(full.overall.steps);
    expect(pack.overall.peak).toEqual(full.overall.peak);
    expect(pack.overall.slo).toEqual(full.overall.slo);

    // A tiny budget still keeps the report's facts, dropping everything optional.
    const tiny = buildContextPack(
      { report, stats: analysis.stats, locale: 'en', tz: TZ },
      { maxTokens: 500 },
    );
    expect(Object.values(tiny.domains).every((d) => Object.keys(d!.series).length === 0)).toBe(true);
    expect(tiny.overall.warnings).toEqual([]);
    expect(tiny.overall.steps).toHaveLength(5);
    expect(report.warnings).toEqual(['a warning about 3 panels']);
  });

  it('adds baseline deltas for the run and per series', () => {
    const { report, analysis } = analysedRun('en');
    const base = analysedRun('en', { runId: 'base' });
    const baseReport = { ...base.report, peak: { ...base.report.peak!, rps: 160 } };
    const stats = base.analysis.stats.map((s) =>
      s.panel === 'p95' && s.domain === 'http' ? { ...s, stats: { ...s.stats, mean: s.stats.mean! / 2 } } : s,
    );
    const pack = buildContextPack(
      {
        report,
        stats: analysis.stats,
        locale: 'en',
        tz: TZ,
        baseline: { runId: 'base', report: baseReport, stats },
      },
      { maxTokens: 6000 },
    );
    const expected = ((report.peak!.rps - 160) / 160) * 100;
    expect(pack.overall.baseline).toMatchObject({
      peak: '160 rps',
      peakChange: `+${Number(expected.toPrecision(4))} %`,
    });
    expect(pack.domains.http!.series['p95/http.p95']).toMatchObject({ vsBaseline: '+100 %' });
  });

  it('gives each prompt its view: the domain prompt one domain, the final prompt no series', () => {
    const { report, analysis } = analysedRun('en');
    const pack = buildContextPack(
      { report, stats: analysis.stats, locale: 'en', tz: TZ },
      { maxTokens: 6000 },
    );
    const v = domainView(pack, 'jvm') as { domain: { id: string; series: object } };
    expect(v.domain.id).toBe('jvm');
    expect(Object.keys(v.domain.series).length).toBeGreaterThan(0);
    const f = finalView(pack, { http: 'narrated http' });
    expect(JSON.stringify(f)).not.toContain('"series"');
    expect((f.domains as Record<string, { narrative?: string }>).http!.narrative).toBe('narrated http');
  });
});
