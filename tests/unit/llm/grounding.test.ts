import { describe, expect, it } from 'vitest';
import { buildContextPack, domainView } from '../../../src/llm/context-pack.js';
import {
  collectFacts,
  groundSection,
  MASK,
  splitSentences,
  unverifiedTokens,
} from '../../../src/llm/grounding.js';
import { analysedRun, containsNumber, TZ } from './fixtures.js';

const pack = {
  overall: { peak: { rps: '200.6 rps', from: '13:18' }, window: { from: '2026-01-15 13:00' } },
  series: { p95: '1950 ms', errors: '5.8 %', heap: '1024 MiB', cpu: '0.75 cores', steps: 5 },
  text: 'Heap up to 1,2 ГиБ',
};

describe('grounding', () => {
  const en = collectFacts(pack, 'en');
  const bad = (text: string, locale: 'ru' | 'en' = 'en') =>
    unverifiedTokens(text, locale === 'en' ? en : collectFacts(pack, 'ru'), locale).map((t) => t.raw);

  it('accepts numbers of the pack in other units and formats', () => {
    expect(bad('p95 reached 1.95 s (1950 ms, 1950) at 200.6 rps')).toEqual([]);
    expect(bad('errors 5.8%, i.e. 0.058 of requests; heap 1 GiB = 1024 MiB; 0.75 cores; 5 steps')).toEqual(
      [],
    );
    expect(bad('p95 1,95 с при 200,6 зап/с; ошибок 5,8 %; heap 1 ГиБ', 'ru')).toEqual([]);
    expect(bad('heap about 1.07 GB')).toEqual([]); // decimal GB of 1 GiB
  });

  it('allows rounding to the shown digits and a 2 % tolerance, 5 % when approximate', () => {
    expect(bad('p95 about 2 s, throughput 201 rps')).toEqual([]);
    expect(bad('throughput 196 rps')).toEqual(['196 rps']);
    expect(bad('throughput around 192 rps')).toEqual([]);
    expect(bad('throughput around 185 rps')).toEqual(['185 rps']);
  });

  it('checks units: a number in the wrong dimension is not verified', () => {
    expect(bad('p95 reached 200.6 ms')).toEqual(['200.6 ms']);
    expect(bad('5.8 rps')).toEqual(['5.8 rps']);
  });

  it('checks times of day (±1 min) and dates', () => {
    expect(bad('from 13:18, on 2026-01-15, again at 13:19')).toEqual([]);
    expect(bad('at 14:05 on 2026-02-01')).toEqual(['14:05', '2026-02-01']);
  });

  it('drops unverifiable sentences, findings and recommendations, masking the numbers', () => {
    const r = groundSection(
      {
        summary: 'Peak was 200.6 rps. Then p95 hit 9876 ms. Errors reached 5.8%.',
        findings: [
          { title: 'Latency knee', evidence: 'p95 1950 ms at step 5' },
          { title: 'Heap', evidence: 'grew by 777 MiB' },
        ],
        recommendations: ['Re-test near 200 rps', 'Raise the pool to 8765 connections'],
      },
      en,
      'en',
      'http',
    );
    expect(r.section).toEqual({
      summary: 'Peak was 200.6 rps. Errors reached 5.8%.',
      findings: [{ title: 'Latency knee', evidence: 'p95 1950 ms at step 5' }],
      recommendations: ['Re-test near 200 rps'],
    });
    expect(r.dropped).toEqual([
      { text: `Then p95 hit ${MASK}.`, reason: 'unverified_number', section: 'http' },
      { text: `Heap: grew by ${MASK}`, reason: 'unverified_number', section: 'http' },
      { text: `Raise the pool to ${MASK} connections`, reason: 'unverified_number', section: 'http' },
    ]);
    const json = JSON.stringify(r);
    for (const n of ['9876', '777', '8765']) expect(containsNumber(json, n)).toBe(false);
  });

  it('returns no section when nothing of the summary survives', () => {
    const r = groundSection(
      { summary: 'p95 was 4321 ms.', findings: [], recommendations: [] },
      en,
      'en',
      'final',
    );
    expect(r.section).toBeNull();
    expect(r.dropped).toHaveLength(1);
  });

  it('splits sentences without breaking decimals', () => {
    expect(splitSentences('p95 was 1.9 s. Errors 0.5%!\nNext')).toEqual([
      'p95 was 1.9 s.',
      'Errors 0.5%!',
      'Next',
    ]);
  });

  it('verifies what a careful model writes about a real report, in both languages', () => {
    for (const locale of ['en', 'ru'] as const) {
      const { report, analysis } = analysedRun(locale);
      const p = buildContextPack({ report, stats: analysis.stats, locale, tz: TZ }, { maxTokens: 6000 });
      const view = domainView(p, 'http');
      const facts = collectFacts(view, locale);
      // The deterministic texts quote only computed numbers: all of them verify.
      const http = report.domains.find((d) => d.id === 'http')!;
      expect(unverifiedTokens(http.summary, facts, locale).map((t) => t.raw)).toEqual([]);
      for (const f of http.findings) {
        expect(unverifiedTokens(f.evidence ?? '', facts, locale).map((t) => t.raw)).toEqual([]);
      }
      const peak = report.peak!.rps;
      expect(unverifiedTokens(`peak ${peak} rps`, facts, 'en')).toEqual([]);
      expect(unverifiedTokens(`peak ${peak * 1.5} rps`, facts, 'en')).toHaveLength(1);
    }
  });
});
