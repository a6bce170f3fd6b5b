import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/analysis/analyse.js';
import type { Finding } from '../../../src/analysis/findings/common.js';
import type { Severity } from '../../../src/analysis/report.types.js';
import type { SloOutcome } from '../../../src/analysis/slo-eval.js';
import { decideVerdict, domainStatus } from '../../../src/analysis/verdict.js';
import { DOMAIN_IDS } from '../../../src/config/file.schema.js';
import { basicPanels, gauge, profile } from './fixtures.js';

const finding = (severity: Severity, domain: Finding['domain'] = 'jvm'): Finding => ({
  id: 'heap_leak',
  domain,
  severity,
  title: 't',
  metric: 'm',
  at: null,
  atMs: null,
  value: null,
});

const slo = (
  kind: SloOutcome['kind'],
  passed: boolean | null,
  domain: SloOutcome['domain'] = 'http',
): SloOutcome => ({
  expr: kind === 'service' ? 'p95<1s' : 'cpu<80%',
  actual: passed === null ? null : 1,
  passed,
  slo: null,
  domain,
  kind,
});

const data = { hasThroughput: true, hasLatency: true };

describe('decideVerdict', () => {
  it.each([
    // [case, slo outcomes, findings, verdict]
    ['no throughput', null, [], [], 'insufficient_data'],
    ['no latency', 'noLatency', [], [], 'insufficient_data'],
    ['SLOs hold, nothing found', null, [slo('service', true)], [], 'pass'],
    ['a service SLO fails', null, [slo('service', false)], [], 'fail'],
    ['SLOs hold, high finding', null, [slo('service', true)], [finding('high')], 'risk'],
    ['SLOs hold, critical finding', null, [slo('service', true)], [finding('critical')], 'risk'],
    ['SLOs hold, medium finding', null, [slo('service', true)], [finding('medium')], 'pass'],
    ['SLOs hold, cpu SLO fails', null, [slo('service', true), slo('resource', false)], [], 'risk'],
    ['SLO unevaluated', null, [slo('service', null)], [], 'risk'],
    ['no SLO, critical finding', null, [], [finding('critical')], 'fail'],
    ['no SLO, high finding', null, [], [finding('high')], 'risk'],
    ['no SLO, medium finding', null, [], [finding('medium')], 'pass'],
    ['only a cpu SLO, critical finding', null, [slo('resource', true)], [finding('critical')], 'fail'],
    ['only a failing memory SLO', null, [slo('resource', false)], [], 'risk'],
  ] as const)('%s', (name, flag, outcomes, findings, verdict) => {
    const input = {
      hasThroughput: name !== 'no throughput',
      hasLatency: flag !== 'noLatency',
      slo: [...outcomes],
      findings: [...findings],
    };
    expect(decideVerdict(input)).toBe(verdict);
  });

  it('a failing SLO beats findings', () => {
    expect(decideVerdict({ ...data, slo: [slo('service', false)], findings: [finding('high')] })).toBe(
      'fail',
    );
  });
});

describe('domainStatus', () => {
  it('maps data, findings and SLOs to a status', () => {
    expect(domainStatus('jvm', false, [finding('critical')], [])).toBe('no_data');
    expect(domainStatus('jvm', true, [finding('critical')], [])).toBe('fail');
    expect(domainStatus('jvm', true, [finding('high')], [])).toBe('risk');
    expect(domainStatus('jvm', true, [finding('medium')], [])).toBe('ok');
    expect(domainStatus('jvm', true, [finding('critical', 'infra')], [])).toBe('ok');
    expect(domainStatus('http', true, [], [slo('service', false, 'http')])).toBe('fail');
    expect(domainStatus('load', true, [], [slo('service', false, 'http')])).toBe('ok');
  });
});

describe('verdicts of whole analyses', () => {
  it('is insufficient_data without latency, and still lists all domains with reasons', () => {
    const s = profile({ levels: [50, 100], capacity: 1000 });
    const panels = basicPanels(s).filter((p) => !['p95', 'p99'].includes(p.panel));
    const r = analyse({
      fromMs: s.fromMs,
      toMs: s.toMs,
      panels,
      slos: ['p95<1s'],
      locale: 'en',
      tz: 'UTC',
      failures: { jvm: 'Prometheus timed out' },
      packs: { load: ['k6'], http: ['micrometer'] },
    });
    expect(r.verdict).toBe('insufficient_data');
    expect(r.domains.map((d) => d.id)).toEqual([...DOMAIN_IDS]);
    const jvm = r.domains.find((d) => d.id === 'jvm')!;
    expect(jvm).toMatchObject({ status: 'no_data', reason: 'Prometheus timed out' });
    expect(jvm.summary).toBe('No data: Prometheus timed out.');
    expect(r.domains.find((d) => d.id === 'kafka')!.reason).toBe('no metrics found');
    expect(r.domains.find((d) => d.id === 'load')!.packs).toEqual(['k6']);
    expect(r.domains.find((d) => d.id === 'load')!.reason).toBeUndefined();
  });

  it('is insufficient_data with no panels at all', () => {
    const r = analyse({ fromMs: 0, toMs: 3_600_000, panels: [], slos: [], locale: 'ru', tz: 'UTC' });
    expect(r).toMatchObject({
      verdict: 'insufficient_data',
      peak: null,
      steps: [],
      mode: 'unknown',
      bottleneck: null,
    });
    expect(r.domains.every((d) => d.status === 'no_data' && d.reason === 'метрики не найдены')).toBe(true);
  });

  it('is risk for a soak whose heap leaks', () => {
    const s = profile({ levels: [120], stepSec: 3600, capacity: 1000 });
    const leak = gauge(s, 'jvm', 'heap_used', (i) => (250 + i * 0.4) * 1024 ** 2 + (i % 4) * 50 * 1024 ** 2);
    const r = analyse({
      fromMs: s.fromMs,
      toMs: s.toMs,
      panels: [...basicPanels(s), leak],
      slos: ['p95<200ms', 'error_rate<1%'],
      locale: 'en',
      tz: 'UTC',
    });
    expect(r.mode).toBe('soak');
    expect(r.slo.every((x) => x.passed)).toBe(true);
    expect(r.verdict).toBe('risk');
    expect(r.domains.find((d) => d.id === 'jvm')!.status).toBe('risk');
  });
});
