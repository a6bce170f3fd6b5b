import type { DomainId } from '../config/file.schema.js';
import type { TextKey, Texts } from './analysis-text.js';
import type { Finding } from './findings/common.js';
import { robustMax } from './findings/common.js';
import type { Formatter } from './format.js';
import { lagByTopic, offeredLoad, throughput } from './key-series.js';
import type { Metrics } from './metrics.js';
import type { DropReason, PeakResult } from './peak.js';
import { meanIn, type TimeSeries } from './signals.js';
import type { SloOutcome } from './slo-eval.js';
import type { Step, TestMode } from './steps.js';

/** Everything a domain summary may quote. */
export interface SummaryInput {
  m: Metrics;
  steps: Step[];
  peak: PeakResult;
  mode: TestMode;
  findings: Finding[];
  t: Texts;
  f: Formatter;
  /** SLO results: a failed one that read a domain's series is named in its summary. */
  slo?: SloOutcome[];
}

/** `actual` of an SLO in its unit. */
function sloActual(o: SloOutcome, f: Formatter): string {
  if (o.actual === null) return '—';
  if (o.unit === 'ms') return f.ms(o.actual);
  if (o.unit === 'ratio') return f.pct(o.actual);
  if (o.unit === 'bytes') return f.bytes(o.actual);
  return f.rps(o.actual);
}

type Part = string | null;

/** Joins clauses into one sentence-like paragraph: capitalised, `; `-separated, full stop. */
function paragraph(parts: Part[]): string {
  const s = parts.filter((p): p is string => !!p).join('; ');
  return s.length === 0 ? '' : s.charAt(0).toLocaleUpperCase() + s.slice(1) + '.';
}

/** `key` filled with the robust maximum of a panel, formatted by `fmt`; null without data. */
function upTo(x: SummaryInput, d: DomainId, panel: string, key: TextKey, fmt: (v: number) => string): Part {
  const s = x.m.get(d, panel);
  const v = s && robustMax(s);
  return v === null || v === undefined ? null : x.t(key, { v: fmt(v) });
}

/** How the step past the peak is described: "dropped" only when throughput fell (`s.drop_fell`). */
const DROP_TEXT: Record<DropReason, TextKey> = {
  throughput: 's.drop_thr',
  kafka_lag: 's.drop_lag',
  errors: 's.drop_err',
  latency: 's.drop_lat',
};

function peakParts(x: SummaryInput): Part[] {
  const { steps, peak, t, f, m } = x;
  const p = peak.index === null ? null : steps[peak.index];
  if (!p || p.rps === null) {
    const thr = m.get('http', 'rps') ?? m.get('load', 'rps');
    const max = thr && robustMax(thr);
    const mean = thr && meanIn(thr, m.fromMs, m.toMs);
    return max != null && mean != null ? [t('s.thr_avg', { mean: f.rps(mean), max: f.rps(max) })] : [];
  }
  const out: Part[] = [
    steps.length === 1
      ? t('s.soak_level', { rps: f.rps(p.rps), dur: f.span(p.toMs - p.fromMs) })
      : t('s.peak', { rps: f.rps(p.rps), n: p.index + 1, from: f.time(p.fromMs), to: f.time(p.toMs) }),
  ];
  if (peak.dropAtMs !== null) {
    const key = peak.throughputFell ? 's.drop_fell' : DROP_TEXT[peak.dropReason ?? 'throughput'];
    out.push(t(key, { time: f.time(peak.dropAtMs) }));
  }
  return out;
}

function latencyPart(x: SummaryInput, s: TimeSeries | null): Part {
  const { steps, t, f, m } = x;
  if (!s) return null;
  const withP95 = steps.filter((st) => st.p95Ms !== null);
  if (withP95.length >= 2) {
    const first = withP95[0]!;
    const worst = withP95.reduce((a, b) => (b.p95Ms! > a.p95Ms! ? b : a));
    const best = withP95.reduce((a, b) => (b.p95Ms! < a.p95Ms! ? b : a));
    if (worst.p95Ms! > 1.2 * first.p95Ms!) {
      return t('s.p95_grew', {
        from: f.ms(first.p95Ms!),
        to: f.ms(worst.p95Ms!),
        rps: worst.rps === null ? '—' : f.rps(worst.rps),
      });
    }
    return t('s.p95_range', { from: f.ms(best.p95Ms!), to: f.ms(worst.p95Ms!) });
  }
  const mean = meanIn(s, m.fromMs, m.toMs);
  const max = robustMax(s);
  return mean === null || max === null ? null : t('s.p95_avg', { mean: f.sec(mean), max: f.sec(max) });
}

function loadParts(x: SummaryInput): Part[] {
  const { steps, t, f, mode } = x;
  const offered = offeredLoad(x.m);
  const out: Part[] = [];
  const loads = steps.map((s) => s.load).filter((v): v is number => v !== null);
  if (offered && mode === 'soak' && steps[0]?.load != null) {
    out.push(t('s.soak', { level: f.int(steps[0].load), dur: f.span(steps[0].toMs - steps[0].fromMs) }));
  } else if (offered && loads.length >= 2) {
    out.push(t('s.steps', { n: loads.length, from: f.int(loads[0]!), to: f.int(Math.max(...loads)) }));
  } else if (offered) {
    const max = robustMax(offered);
    if (max !== null) out.push(t('s.load_max', { max: f.int(max) }));
  }
  if (!x.m.hasData('http')) out.push(...peakParts(x));
  out.push(
    upTo(x, 'load', 'rps', 's.tool_seen', f.rps),
    upTo(x, 'load', 'p95', 's.p95_max', f.sec),
    upTo(x, 'load', 'error_rate', 's.errors_max', f.pct),
  );
  return out;
}

function httpParts(x: SummaryInput): Part[] {
  const { m, t, f, steps } = x;
  const out: Part[] = [...peakParts(x), latencyPart(x, m.get('http', 'p95'))];
  const err = m.get('http', 'error_rate');
  if (err) {
    const stepMax = steps.reduce((a, s) => Math.max(a, s.errorRate ?? 0), 0);
    const max = steps.length > 0 ? stepMax : (robustMax(err) ?? 0);
    out.push(max < 0.001 ? t('s.err_none') : t('s.err_reached', { v: f.pct(max) }));
  }
  return out;
}

function jvmParts(x: SummaryInput): Part[] {
  const { m, t, f } = x;
  const heap = m.get('jvm', 'heap_used');
  const heapMax = m.get('jvm', 'heap_max');
  const used = heap && robustMax(heap);
  const cap = heapMax && robustMax(heapMax);
  return [
    used == null
      ? null
      : cap
        ? t('s.heap_of', { v: f.bytes(used), max: f.bytes(cap) })
        : t('s.heap', { v: f.bytes(used) }),
    upTo(x, 'jvm', 'gc_pause_share', 's.gc', f.pct),
    upTo(x, 'jvm', 'gc_pause_max', 's.gc_max', f.sec),
    upTo(x, 'jvm', 'threads', 's.threads', f.int),
    upTo(x, 'jvm', 'process_cpu', 's.proc_cpu', f.pct),
  ];
}

function databaseParts(x: SummaryInput): Part[] {
  const { m, t, f } = x;
  const active = m.get('database', 'pool_active');
  const max = m.get('database', 'pool_max');
  const a = active && robustMax(active);
  const c = max && robustMax(max);
  const pending = m.get('database', 'pool_pending');
  const p = pending && robustMax(pending);
  return [
    // A database driven directly (pgbench): its transactions are the throughput, so its
    // summary carries the peak and how the step past it broke.
    ...(throughput(m)?.domain === 'database' ? peakParts(x) : []),
    a == null
      ? null
      : c
        ? t('s.pool', { active: f.int(a), max: f.int(c) })
        : t('s.pool_active', { active: f.int(a) }),
    p == null ? null : p < 0.5 ? t('s.pool_none_waiting') : t('s.pool_pending', { v: f.int(p) }),
    upTo(x, 'database', 'pool_acquire', 's.pool_acquire', f.sec),
    upTo(x, 'database', 'pg_tps', 's.pg_tps', f.num),
    upTo(x, 'database', 'pg_connections', 's.pg_conns', f.int),
  ];
}

function kafkaParts(x: SummaryInput): Part[] {
  const { m, t, f, findings } = x;
  const topics = lagByTopic(m)
    .map((g) => ({ topic: g.topic, max: robustMax(g.series) ?? 0 }))
    .sort((a, b) => b.max - a.max || a.topic.localeCompare(b.topic));
  const worst = topics[0];
  const growing = findings.some((fi) => fi.id === 'consumer_lag_growing');
  return [
    worst ? t('s.lag', { v: f.int(worst.max), topic: worst.topic }) : null,
    worst ? t(growing ? 's.lag_growing' : 's.lag_stable') : null,
    upTo(x, 'kafka', 'consume_rate', 's.consumed', f.num),
    upTo(x, 'kafka', 'produce_rate', 's.produced', f.num),
  ];
}

function infraParts(x: SummaryInput): Part[] {
  const { f } = x;
  return [
    upTo(x, 'infra', 'cpu', 's.host_cpu', f.pct),
    upTo(x, 'infra', 'memory_used', 's.host_mem', f.bytes),
    upTo(x, 'infra', 'disk_io', 's.disk', f.pct),
    upTo(x, 'infra', 'container_cpu', 's.container_cpu', f.pct),
    upTo(x, 'infra', 'container_throttled', 's.throttled', f.pct),
    upTo(x, 'infra', 'container_memory', 's.container_mem', f.bytes),
    upTo(x, 'infra', 'process_rss', 's.rss', f.bytes),
    upTo(x, 'infra', 'process_fds', 's.fds', f.int),
  ];
}

const PARTS: Record<DomainId, (x: SummaryInput) => Part[]> = {
  load: loadParts,
  http: httpParts,
  jvm: jvmParts,
  database: databaseParts,
  kafka: kafkaParts,
  infra: infraParts,
};

/**
 * A deterministic one-paragraph summary of a domain with its key numbers, in the
 * formatter's locale and zone. `noDataReason` is set for domains without series.
 */
export function summariseDomain(x: SummaryInput, domain: DomainId, noDataReason: string | null): string {
  if (noDataReason !== null) return paragraph([x.t('s.no_data', { reason: noDataReason })]);
  const parts = PARTS[domain](x).filter((p): p is string => !!p);
  if (parts.length === 0) {
    const n = x.m.panels.filter((p) => p.domain === domain).reduce((a, p) => a + p.series.length, 0);
    parts.push(x.t('s.other_panels', { n }));
  }
  // The domain's status follows its failed SLOs as much as its findings, so say so here.
  for (const o of x.slo ?? []) {
    if (o.domain === domain && o.passed === false) {
      parts.push(x.t('s.slo_failed', { expr: o.expr, actual: sloActual(o, x.f) }));
    }
  }
  const main = x.findings.find((fi) => fi.domain === domain);
  parts.push(main ? x.t('s.main_finding', { title: main.title }) : x.t('s.findings_none'));
  return paragraph(parts);
}
