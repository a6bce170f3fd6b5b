import type { DomainJson, ReportJson, Verdict } from '../../../src/analysis/report.types.js';
import type { NewRun, StoredSeries } from '../../../src/store/store.js';

let counter = 0;
/** A name unique within the test process, so tests sharing one store never collide. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

/** A series of `n` points every 15 s from `start`, value = f(i); NaN where `gap(i)`. */
export function makeSeries(
  key: string,
  n: number,
  opts: { start?: number; f?: (i: number) => number; gap?: (i: number) => boolean } = {},
): StoredSeries {
  const start = opts.start ?? T0;
  const f = opts.f ?? ((i: number) => i * 1.5 + 0.25);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < n; i++) {
    t.push(start + i * 15_000);
    v.push(opts.gap?.(i) ? Number.NaN : f(i));
  }
  return {
    key,
    domain: 'http',
    panel: 'p95',
    name: `name of ${key}`,
    unit: 'ms',
    labels: { route: key },
    t,
    v,
  };
}

export function makeDomains(): DomainJson[] {
  return [
    {
      id: 'http',
      status: 'risk',
      summary: 'p95 grows after step 3',
      packs: ['micrometer'],
      findings: [
        {
          severity: 'high',
          title: 'p95 over SLO',
          metric: 'http.p95',
          at: new Date(T0 + 60_000).toISOString(),
          value: 812.5,
        },
        {
          severity: 'low',
          title: 'error bursts',
          metric: 'http.errors',
          at: null,
          value: null,
          evidence: 'x',
        },
      ],
    },
    {
      id: 'jvm',
      status: 'ok',
      summary: 'heap fine',
      findings: [
        { severity: 'medium', title: 'gc pauses', metric: 'jvm.gc', at: null, value: 0.3, id: 'custom-gc' },
      ],
    },
    { id: 'kafka', status: 'no_data', summary: '', reason: 'no kafka metrics', findings: [] },
  ];
}

/** A complete NewRun; override any field. */
export function makeRun(over: Partial<NewRun> & { fromMs?: number } = {}): NewRun {
  const from = new Date(over.fromMs ?? T0);
  const to = new Date(from.getTime() + 30 * 60_000);
  const name = over.name ?? unique('run');
  const service = over.service === undefined ? unique('svc') : over.service;
  const verdict: Verdict = over.verdict ?? 'pass';
  const domains = over.domains ?? makeDomains();
  const peak =
    over.peak === undefined
      ? { rps: 420, from: from.toISOString(), to: to.toISOString(), dropAt: null }
      : over.peak;
  const timings = over.timings ?? { fetch: 120, analyse: 30, render: 400, total: 560 };
  const report: ReportJson = over.report ?? {
    runId: '',
    name,
    service,
    window: { from: from.toISOString(), to: to.toISOString() },
    verdict,
    peak,
    steps: [
      { from: from.toISOString(), to: to.toISOString(), rps: 100, p95Ms: 120, errorRate: 0, stable: true },
    ],
    slo: [{ expr: 'p95 < 500ms', actual: 420, passed: true }],
    domains,
    charts: [],
    timingsMs: timings,
    locale: 'ru',
  };
  return {
    id: over.id,
    name,
    service,
    from,
    to,
    verdict,
    peak,
    timings,
    report,
    origin: over.origin ?? 'cli',
    domains,
    series: over.series ?? [
      makeSeries('http.p95.orders', 20, { gap: (i) => i === 3 }),
      makeSeries('http.rps', 5),
    ],
  };
}
