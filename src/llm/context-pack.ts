import type { SeriesStatsEntry } from '../analysis/analyse.js';
import type { DomainStatus, Locale, ReportJson, Severity, Verdict } from '../analysis/report.types.js';
import { DOMAIN_IDS, type DomainId } from '../config/file.schema.js';
import { type PackClock, packClock, sig, signedPct, withUnit } from './pack-format.js';
import { trimToBudget } from './pack-trim.js';
import { estimateTokens } from './provider.js';

/** A baseline run to compare with (the service's chosen baseline). */
export interface BaselineInput {
  runId: string;
  report: ReportJson;
  /** Its per-series statistics (normalised units), for per-series deltas. */
  stats?: SeriesStatsEntry[];
}

export interface PackInput {
  report: ReportJson;
  /** Per-series statistics of the run (`AnalysisResult.stats`). */
  stats: SeriesStatsEntry[];
  locale: Locale;
  /** Zone for times of day (as in the deterministic texts); default UTC. */
  tz?: string;
  baseline?: BaselineInput;
}

type Value = string | number | null;

export interface SeriesFacts {
  name: string;
  mean: Value;
  p95: Value;
  max: Value;
  last: Value;
  /** Change from the first to the last tenth of the window. */
  trend?: string;
  baselineMean?: Value;
  vsBaseline?: string;
}

export interface FindingFacts {
  id: string;
  severity: Severity;
  title: string;
  metric: string;
  at: string | null;
  value: number | null;
  threshold: number | null;
  evidence: string;
}

export interface DomainPack {
  status: DomainStatus;
  /** The deterministic summary (ru or en). */
  summary: string;
  reason?: string;
  packs?: string[];
  findings: FindingFacts[];
  /** Keyed `<panel>/<series id>`, the stable id of a series within the run. */
  series: Record<string, SeriesFacts>;
}

export interface OverallPack {
  name: string;
  service: string | null;
  mode: string;
  verdict: Verdict;
  bottleneck: DomainId | null;
  window: { from: string; to: string; tz: string; duration: string };
  peak: {
    rps: string;
    step: number | null;
    from: string | null;
    to: string | null;
    dropAt: string | null;
  } | null;
  steps: Array<{
    n: number;
    from: string | null;
    to: string | null;
    duration: string;
    rps: Value;
    p95: Value;
    p99: Value;
    errors: Value;
    load: Value;
    stable: boolean;
  }>;
  slo: Array<{ expr: string; actual: Value; passed: boolean | null; step: number | null }>;
  domains: Record<DomainId, DomainStatus>;
  warnings: string[];
  baseline?: {
    name: string;
    verdict: Verdict;
    peak: string | null;
    peakChange: string | null;
    slo: Array<{ expr: string; actual: Value; passed: boolean | null }>;
  };
}

/**
 * The compact facts a model may use: computed values only (steps, peak, SLO results,
 * findings, per-series statistics and baseline deltas), never raw points. Numbers carry
 * their unit inside the string; every value has a stable path (its id) such as
 * `overall.peak.rps` or `domains.http.series.p95/http.p95.max`.
 */
export interface ContextPack {
  overall: OverallPack;
  domains: Partial<Record<DomainId, DomainPack>>;
  /** What was removed to fit the token budget. */
  trimmed: { series: number; warnings: number; findings: number };
  /** Estimated tokens of the whole pack (≈ chars / 4). */
  tokens: number;
}

function seriesFacts(s: SeriesStatsEntry, base: SeriesStatsEntry | undefined): SeriesFacts {
  const u = s.unit;
  const st = s.stats;
  const out: SeriesFacts = {
    name: s.name,
    mean: withUnit(st.mean, u),
    p95: withUnit(st.p95, u),
    max: withUnit(st.max, u),
    last: withUnit(st.last, u),
  };
  if (st.change !== null && Number.isFinite(st.change)) out.trend = signedPct(st.change);
  const bm = base?.stats.mean;
  if (bm !== null && bm !== undefined && st.mean !== null) {
    out.baselineMean = withUnit(bm, u);
    if (Math.abs(bm) > 1e-12) out.vsBaseline = signedPct((st.mean - bm) / Math.abs(bm));
  }
  return out;
}

function overallPack(input: PackInput, c: PackClock): OverallPack {
  const r = input.report;
  const stepOf = (from: string) => r.steps.findIndex((s) => s.from === from);
  const peakStep = r.peak ? stepOf(r.peak.from) : -1;
  const overall: OverallPack = {
    name: r.name,
    service: r.service,
    mode: r.mode ?? 'unknown',
    verdict: r.verdict,
    bottleneck: r.bottleneck ?? null,
    window: {
      from: c.dateTime(r.window.from),
      to: c.dateTime(r.window.to),
      tz: c.tz,
      duration: c.span(Date.parse(r.window.to) - Date.parse(r.window.from)),
    },
    peak: r.peak
      ? {
          rps: `${sig(r.peak.rps)} rps`,
          step: peakStep >= 0 ? peakStep + 1 : null,
          from: c.time(r.peak.from),
          to: c.time(r.peak.to),
          dropAt: c.time(r.peak.dropAt),
        }
      : null,
    steps: r.steps.map((s, i) => ({
      n: i + 1,
      from: c.time(s.from),
      to: c.time(s.to),
      duration: c.span(Date.parse(s.to) - Date.parse(s.from)),
      rps: withUnit(s.rps, 'rps'),
      p95: withUnit(s.p95Ms, 'ms'),
      p99: withUnit(s.p99Ms ?? null, 'ms'),
      errors: withUnit(s.errorRate, 'ratio'),
      load: withUnit(s.load ?? null, 'count'),
      stable: s.stable,
    })),
    slo: r.slo.map((s) => ({
      expr: s.expr,
      actual: withUnit(s.actual, s.unit ?? 'count'),
      passed: s.passed,
      step: s.step ?? null,
    })),
    domains: Object.fromEntries(
      DOMAIN_IDS.map((id) => [id, r.domains.find((d) => d.id === id)?.status ?? 'no_data']),
    ) as Record<DomainId, DomainStatus>,
    // A copy: trimming pops from it, and the report must never change.
    warnings: [...(r.warnings ?? [])],
  };
  const b = input.baseline?.report;
  if (b) {
    overall.baseline = {
      name: b.name,
      verdict: b.verdict,
      peak: b.peak ? `${sig(b.peak.rps)} rps` : null,
      peakChange:
        b.peak && r.peak && b.peak.rps > 0 ? signedPct((r.peak.rps - b.peak.rps) / b.peak.rps) : null,
      slo: b.slo.map((s) => ({
        expr: s.expr,
        actual: withUnit(s.actual, s.unit ?? 'count'),
        passed: s.passed,
      })),
    };
  }
  return overall;
}

function domainPacks(input: PackInput, c: PackClock): Partial<Record<DomainId, DomainPack>> {
  const out: Partial<Record<DomainId, DomainPack>> = {};
  const baseStats = new Map(
    (input.baseline?.stats ?? []).map((s) => [`${s.domain}|${s.panel}|${s.seriesId}`, s] as const),
  );
  for (const d of input.report.domains) {
    const series: Record<string, SeriesFacts> = {};
    for (const s of input.stats) {
      if (s.domain !== d.id || s.stats.count === 0) continue;
      series[`${s.panel}/${s.seriesId}`] = seriesFacts(
        s,
        baseStats.get(`${s.domain}|${s.panel}|${s.seriesId}`),
      );
    }
    out[d.id] = {
      status: d.status,
      summary: d.summary,
      ...(d.reason ? { reason: d.reason } : {}),
      ...(d.packs ? { packs: [...d.packs] } : {}),
      findings: d.findings.map((f, i) => ({
        id: f.id ?? `${d.id}.${i + 1}`,
        severity: f.severity,
        title: f.title,
        metric: f.metric,
        at: c.time(f.at),
        value: f.value === null ? null : Number(sig(f.value)),
        threshold: f.threshold === null || f.threshold === undefined ? null : Number(sig(f.threshold)),
        evidence: f.evidence ?? '',
      })),
      series,
    };
  }
  return out;
}

/**
 * Builds the pack and trims it to `maxTokens` (least important series first, then
 * warnings, then low-severity findings). Deterministic for the same input.
 */
export function buildContextPack(input: PackInput, opts: { maxTokens: number }): ContextPack {
  const c = packClock(input.tz);
  const pack: ContextPack = {
    overall: overallPack(input, c),
    domains: domainPacks(input, c),
    trimmed: { series: 0, warnings: 0, findings: 0 },
    tokens: 0,
  };
  trimToBudget(pack, opts.maxTokens);
  pack.tokens = estimateTokens(JSON.stringify(pack));
  return pack;
}

/** What one domain prompt sees: the overall facts and that domain. */
export function domainView(pack: ContextPack, id: DomainId): Record<string, unknown> {
  return { overall: pack.overall, domain: { id, ...pack.domains[id] } };
}

/**
 * What the final prompt sees: the overall facts and, per domain, status, deterministic
 * summary, findings and the (already grounded) narrated summary. Series are left out: the
 * domain prompts have used them.
 */
export function finalView(
  pack: ContextPack,
  narrated: Partial<Record<DomainId, string>>,
): Record<string, unknown> {
  const domains: Record<string, unknown> = {};
  for (const [id, d] of Object.entries(pack.domains) as Array<[DomainId, DomainPack]>) {
    domains[id] = {
      status: d.status,
      summary: d.summary,
      ...(d.reason ? { reason: d.reason } : {}),
      findings: d.findings.map((f) => ({ severity: f.severity, title: f.title, evidence: f.evidence })),
      ...(narrated[id] ? { narrative: narrated[id] } : {}),
    };
  }
  return { overall: pack.overall, domains };
}
