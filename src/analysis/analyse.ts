import { DOMAIN_IDS, type DomainId } from '../config/file.schema.js';
import type { PanelData, SeriesUnit } from '../sources/series.js';
import { chooseBottleneck, collectFindings, leadFinding, orderFindings } from './findings/collect.js';
import { type Finding, type FindingContext, sustainMsFor } from './findings/common.js';
import { PLATEAU_ERROR_RATE } from './findings/errors.js';
import { createFormatter, isValidTimeZone } from './format.js';
import { inputNotes } from './input-notes.js';
import { hasAnyLatency, throughput, totalLag } from './key-series.js';
import { buildMetrics } from './metrics.js';
import { missingPanelNotes, missingPanels, verdictWithMissing } from './missing-panels.js';
import { findPeak, type PeakResult } from './peak.js';
import { recordingTexts } from './recorded-texts.js';
import type {
  DomainJson,
  FindingJson,
  Locale,
  PeakJson,
  SloResultJson,
  StepJson,
  Verdict,
} from './report.types.js';
import { evaluateSlos, type SloOutcome, stepSloPasses } from './slo-eval.js';
import { isLatencyIndicator, parseSlo, type Slo } from './slo-parse.js';
import { type SeriesStats, seriesStats } from './stats.js';
import { detectSteps, type Step, type TestMode } from './steps.js';
import { summariseDomain } from './summaries.js';
import { otherLocaleInput } from './summary-locales.js';
import { decideVerdict, domainStatus } from './verdict.js';
import { explainVerdict, type VerdictReason } from './verdict-reason.js';

export interface AnalysisInput {
  fromMs: number;
  toMs: number;
  panels: PanelData[];
  slos: string[];
  locale: Locale;
  tz: string;
  /** Domains whose source failed, with the reason shown to users. */
  failures?: Partial<Record<DomainId, string>>;
  /** Detected packs per domain, echoed into DomainJson.packs. */
  packs?: Partial<Record<DomainId, string[]>>;
}

/** Statistics of one series of one panel (units normalised: seconds, ratios). */
export interface SeriesStatsEntry {
  domain: DomainId;
  panel: string;
  seriesId: string;
  name: string;
  unit: SeriesUnit;
  stats: SeriesStats;
}

export interface AnalysisResult {
  verdict: Verdict;
  peak: PeakJson | null;
  steps: StepJson[];
  slo: SloResultJson[];
  /** All six domains, in DOMAIN_IDS order. */
  domains: DomainJson[];
  mode: TestMode;
  bottleneck: DomainId | null;
  markers: {
    steps: Array<{ fromMs: number; toMs: number }>;
    peak: { fromMs: number; toMs: number } | null;
    dropAtMs: number | null;
  };
  stats: SeriesStatsEntry[];
  warnings: string[];
  /** The analysis's notes in both languages (same figures), for pages in the reader's. */
  warningsI18n: Record<Locale, string[]>;
  /** The why line under the verdict (code, typed params, text in en and ru). */
  verdictReason: VerdictReason;
}

/** How the step past the peak broke: "throughput dropped" only when it fell. */
function breakReason(p: PeakResult): PeakJson['breakReason'] {
  if (p.dropReason === null) return null;
  if (p.throughputFell) return 'throughput_fell';
  return p.dropReason === 'throughput' ? 'stopped_following' : p.dropReason;
}

const iso = (ms: number) => new Date(ms).toISOString();
const round = (x: number | null, digits: number) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * A step's JSON. `stable` means it held: steady throughput (low variation), and neither
 * throughput, latency nor errors broke there (no reason from the peak search, its SLOs
 * hold, errors below the plateau-errors level).
 */
function stepJson(s: Step, held: boolean): StepJson {
  return {
    from: iso(s.fromMs),
    to: iso(s.toMs),
    rps: round(s.rps, 2) ?? 0,
    p95Ms: round(s.p95Ms, 1),
    errorRate: round(s.errorRate, 6),
    stable: s.stable && held,
    p99Ms: round(s.p99Ms, 1),
    load: round(s.load, 2),
  };
}

function findingJson(f: Finding, lead: Finding | null): FindingJson {
  const role = f === lead ? 'bottleneck' : f.symptom ? 'symptom' : f.bottleneck ? 'cause' : undefined;
  return {
    id: f.id,
    severity: f.severity,
    title: f.title,
    metric: f.metric,
    at: f.at,
    value: f.value,
    ...(f.unit ? { unit: f.unit } : {}),
    ...(f.agg ? { agg: f.agg } : {}),
    threshold: f.threshold ?? null,
    evidence: f.evidence ?? '',
    ...(f.params ? { params: f.params } : {}),
    ...(role ? { role } : {}),
  };
}

function outcomeJson(o: SloOutcome): SloResultJson {
  const { slo: _slo, domain: _domain, kind: _kind, ...json } = o;
  return json;
}

/**
 * Analyses one window: cleans and folds the panels, finds the load steps and the test
 * mode, evaluates SLOs, finds the peak sustainable step, runs the finding detectors,
 * picks the bottleneck, decides the verdict and writes the per-domain statuses and ru/en
 * summaries. Pure and deterministic; invalid SLO expressions become unevaluated results
 * with a warning (the pipeline rejects them earlier with `parseSlo`).
 */
export function analyse(input: AnalysisInput): AnalysisResult {
  const { fromMs, toMs, locale } = input;
  const t = recordingTexts(locale);
  const warnings: string[] = [];
  if (!isValidTimeZone(input.tz)) warnings.push(t('w.bad_tz', { tz: input.tz }));
  const f = createFormatter(locale, input.tz);
  const m = buildMetrics(input.panels, fromMs, toMs);

  const parsed: Array<Slo | { expr: string; error: string }> = input.slos.map((expr) => {
    try {
      return parseSlo(expr, locale);
    } catch (err) {
      const reason = (err as { details?: { reason?: string } }).details?.reason ?? String(err);
      warnings.push(t('w.slo_invalid', { expr, reason }));
      return { expr, error: reason };
    }
  });
  const slos = parsed.filter((p): p is Slo => 'indicator' in p);

  const { steps, mode, basis, segmentedBy } = detectSteps(m);
  if (basis === 'concurrency') warnings.push(t('w.no_offered_load_gauge', { panel: segmentedBy ?? '' }));
  else if (basis === 'little') warnings.push(t('w.no_offered_load_little'));
  else if (basis === 'server_levels' && steps.length > 1) warnings.push(t('w.no_offered_load'));
  warnings.push(...inputNotes(m, steps, t, f));
  const gating = slos.filter((s) => isLatencyIndicator(s.indicator) || s.indicator === 'error_rate');
  const sloPass = gating.length > 0 ? stepSloPasses(gating, m, steps, mode) : undefined;
  const peak = findPeak(steps, totalLag(m), sloPass, { concurrencyLoad: basis === 'concurrency' });
  const peakStep = peak.index === null ? null : steps[peak.index]!;
  const peakRps = peakStep?.rps ?? null;

  const evaluation = evaluateSlos({ slos, metrics: m, steps, mode, peakRps, t });
  warnings.push(...evaluation.warnings);
  const byExpr = new Map(evaluation.outcomes.map((o) => [o.slo, o]));
  const outcomes: SloOutcome[] = parsed.map((p) =>
    'indicator' in p
      ? byExpr.get(p)!
      : { expr: p.expr, actual: null, passed: null, slo: null, domain: null, kind: 'service' },
  );

  const ctx: FindingContext = { m, steps, peak, mode, t, f, sustainMs: sustainMsFor(m.stepMs, steps) };
  const collected = collectFindings(ctx);
  const bottleneck = chooseBottleneck(collected, peak.dropReason === 'throughput');
  const lead = leadFinding(collected);
  const findings = orderFindings(collected, lead);
  // A database driven directly (pgbench) exports no request latency: its verdict rests on
  // throughput, findings and SLOs (a latency SLO stays unevaluated, so at best a risk).
  const thr = throughput(m);
  const has = { hasThroughput: thr !== null, hasLatency: hasAnyLatency(m) || thr?.domain === 'database' };
  // A panel the source gave up on is named, and a missing key panel keeps the run from passing.
  const missingBy = new Map(DOMAIN_IDS.map((id) => [id, missingPanels(input.panels, id)]));
  const missingKey = [...missingBy].flatMap(([domain, ms]) =>
    ms.filter((x) => x.key).map((x) => ({ domain, ...x })),
  );
  const verdict = verdictWithMissing(decideVerdict({ ...has, slo: outcomes, findings }), missingKey);
  const verdictReason = explainVerdict({
    ...has,
    verdict,
    missingKey: missingKey[0] ? { domain: missingKey[0].domain, panel: missingKey[0].panel } : undefined,
    slo: outcomes,
    findings,
    steps,
    peak,
    lead,
    tz: input.tz,
  });

  const summaryInput = { m, steps, peak, mode, findings, t, f, slo: outcomes };
  const alt = otherLocaleInput(summaryInput, locale, input.tz);
  const domains = DOMAIN_IDS.map((id): DomainJson => {
    const hasData = m.hasData(id);
    const reason = hasData ? null : (input.failures?.[id] ?? t('reason.no_metrics'));
    const altReason = hasData ? null : (input.failures?.[id] ?? alt.input.t('reason.no_metrics'));
    const packs = input.packs?.[id];
    const summary = summariseDomain(summaryInput, id, reason);
    const missing = missingBy.get(id) ?? [];
    const status = domainStatus(id, hasData, findings, outcomes);
    return {
      id,
      status: status === 'ok' && missing.length > 0 ? 'partial' : status,
      summary,
      summaries: { [locale]: summary, [alt.locale]: summariseDomain(alt.input, id, altReason) },
      findings: findings.filter((x) => x.domain === id).map((x) => findingJson(x, lead)),
      ...(reason === null ? {} : { reason }),
      ...(packs ? { packs } : {}),
      ...(missing.length > 0 ? { missing } : {}),
    };
  });
  const missingNotes = missingPanelNotes(domains, input.tz);

  return {
    verdict,
    verdictReason,
    peak:
      peakStep && peakRps !== null
        ? {
            rps: round(peakRps, 2)!,
            from: iso(peakStep.fromMs),
            to: iso(peakStep.toMs),
            // "Dropped" only when throughput fell; `breakAt` is where the step past the peak
            // stopped being sustainable, for whatever reason (`breakReason`).
            dropAt: peak.throughputFell && peak.dropAtMs !== null ? iso(peak.dropAtMs) : null,
            saturated: peak.saturated,
            breakAt: peak.dropAtMs === null ? null : iso(peak.dropAtMs),
            breakReason: breakReason(peak),
          }
        : null,
    steps: steps.map((s, i) =>
      stepJson(
        s,
        peak.reasons[i] === null && sloPass?.[i] !== false && !((s.errorRate ?? 0) > PLATEAU_ERROR_RATE),
      ),
    ),
    slo: outcomes.map(outcomeJson),
    domains,
    mode,
    bottleneck,
    markers: {
      steps: steps.map((s) => ({ fromMs: s.fromMs, toMs: s.toMs })),
      peak: peakStep ? { fromMs: peakStep.fromMs, toMs: peakStep.toMs } : null,
      // A drop line only where throughput really fell; a degradation is told, not drawn.
      dropAtMs: peak.throughputFell ? peak.dropAtMs : null,
    },
    stats: m.panels.flatMap((p) =>
      p.series.map((s) => ({
        domain: p.domain,
        panel: p.panel,
        seriesId: s.id,
        name: s.name,
        unit: p.unit,
        stats: seriesStats(s.t, s.v),
      })),
    ),
    warnings: [...warnings, ...missingNotes[locale]],
    warningsI18n: {
      [locale]: [...warnings, ...missingNotes[locale]],
      [alt.locale]: [...warnings.map((w) => t.translate(w, alt.locale)), ...missingNotes[alt.locale]],
    } as Record<Locale, string[]>,
  };
}
