import type { DomainId } from '../config/file.schema.js';
import { glossary } from '../i18n/glossary.js';
import { type FindingParam, fig, sloFigure } from './figure.js';
import { findingTexts, formatParams } from './finding-text.js';
import type { Finding } from './findings/common.js';
import { createFormatter, type Formatter } from './format.js';
import { panelSpec } from './panels.js';
import type { PeakResult } from './peak.js';
import type { Locale, Verdict } from './report.types.js';
import type { SloOutcome } from './slo-eval.js';
import type { Step } from './steps.js';

/** Which rule or evidence decided the verdict. */
export type VerdictReasonCode =
  | 'no_throughput'
  | 'no_latency'
  | 'key_panel_missing'
  | 'slo_failed_step'
  | 'slo_failed_window'
  | 'rps_below'
  | 'rps_none'
  | 'finding_with_slos'
  | 'resource_slo_failed'
  | 'slo_unevaluated'
  | 'slos_held'
  | 'rule_critical'
  | 'rule_high'
  | 'rule_clean';

/**
 * The "why" under a verdict: a code, typed parameters (figures re-render in any locale and
 * zone) and the bottleneck finding, plus the sentence rendered in both languages.
 */
export interface VerdictReason {
  code: VerdictReasonCode;
  params: Record<string, FindingParam>;
  /** The earliest saturated resource, cited after the decisive evidence. */
  bottleneck: {
    id: string;
    domain: DomainId;
    params: Record<string, FindingParam>;
    atMs: number | null;
  } | null;
  text: Record<Locale, string>;
}

type Templates = Record<VerdictReasonCode, string> & {
  bottleneck: string;
  at_step: string;
  what: Record<string, string>;
};

const EN: Templates = {
  no_throughput: 'no throughput series, so there is nothing to judge',
  no_latency: 'no latency series, so there is nothing to judge',
  key_panel_missing: '{panel} could not be fetched, so the run cannot pass',
  slo_failed_step: '{what} {actual} at {rps} ({at}) broke `{expr}`',
  slo_failed_window: '{what} {actual} over the test broke `{expr}`',
  rps_below: 'the sustained throughput of {rps} stayed below `{expr}`',
  rps_none: 'no step sustained its load, so `{expr}` was not reached',
  finding_with_slos: 'every SLO held, but: {title} — {evidence}',
  resource_slo_failed: '{what} {actual} broke `{expr}`',
  slo_unevaluated: '`{expr}` could not be evaluated: no {what} series',
  slos_held: 'all {count} SLOs held, peak {rps} ({at})',
  rule_critical: 'no SLOs set; built-in rule "a critical finding fails the run": {title} — {evidence}',
  rule_high: 'no SLOs set; built-in rule "a high-severity finding is a risk": {title} — {evidence}',
  rule_clean: 'no SLOs set; built-in rules found no critical or high finding, peak {rps} ({at})',
  bottleneck: 'bottleneck: {domain} — {title} from {time}',
  at_step: 'step {n}, {from}–{to}',
  what: {
    error_rate: 'errors',
    p50: 'p50',
    p90: 'p90',
    p95: 'p95',
    p99: 'p99',
    avg: 'mean latency',
    cpu: 'CPU',
    memory: 'memory',
    rps: 'throughput',
  },
};

const RU: Templates = {
  no_throughput: 'нет ряда пропускной способности, оценивать нечего',
  no_latency: 'нет ряда задержки, оценивать нечего',
  key_panel_missing: 'не удалось получить «{panel}», прогон не может пройти',
  slo_failed_step: '{what} {actual} при {rps} ({at}) нарушили `{expr}`',
  slo_failed_window: '{what} {actual} за тест нарушили `{expr}`',
  rps_below: 'устойчивая пропускная способность {rps} ниже `{expr}`',
  rps_none: 'ни одна ступень не выдержала нагрузку, `{expr}` не достигнут',
  finding_with_slos: 'все SLO выполнены, но: {title} — {evidence}',
  resource_slo_failed: '{what} {actual} нарушили `{expr}`',
  slo_unevaluated: '`{expr}` не удалось проверить: нет ряда {what}',
  slos_held: 'все SLO ({count}) выполнены, пик {rps} ({at})',
  rule_critical: 'SLO не заданы; встроенное правило «критичное замечание — провал»: {title} — {evidence}',
  rule_high: 'SLO не заданы; встроенное правило «серьёзное замечание — риск»: {title} — {evidence}',
  rule_clean: 'SLO не заданы; встроенные правила не нашли критичных и серьёзных замечаний, пик {rps} ({at})',
  bottleneck: 'узкое место: {domain} — {title} с {time}',
  at_step: 'ступень {n}, {from}–{to}',
  what: {
    error_rate: 'ошибки',
    p50: 'p50',
    p90: 'p90',
    p95: 'p95',
    p99: 'p99',
    avg: 'средняя задержка',
    cpu: 'CPU',
    memory: 'память',
    rps: 'пропускная способность',
  },
};

const TEMPLATES: Record<Locale, Templates> = { en: EN, ru: RU };

const fill = (tpl: string, p: Record<string, string>) =>
  tpl.replace(/\{(\w+)\}/g, (m, k: string) => (k in p ? p[k]! : m));

/** The why line of `r` in `f`'s locale and zone: "FAIL: errors 7.0 % at 198 rps (…) broke …". */
export function renderVerdictReason(verdict: Verdict, r: Omit<VerdictReason, 'text'>, f: Formatter): string {
  const tpl = TEMPLATES[f.locale];
  const p = formatParams(r.params, f);
  if (r.code === 'key_panel_missing') p.panel = keyPanelTitle(r.params, f);
  if (typeof r.params.what === 'string') p.what = tpl.what[r.params.what] ?? r.params.what;
  if (typeof r.params.step === 'number' && typeof r.params.from === 'object') {
    p.at = fill(tpl.at_step, { n: String(r.params.step), from: p.from!, to: p.to! });
  }
  if (typeof r.params.findingId === 'string') {
    const ft = findingTexts(r.params.findingId, findingParamsOf(r.params), f);
    p.title = ft.title;
    p.evidence = ft.evidence;
  }
  let body = fill(tpl[r.code], p);
  if (r.bottleneck) {
    const bt = findingTexts(r.bottleneck.id, r.bottleneck.params, f);
    const time = r.bottleneck.atMs === null ? '—' : f.time(r.bottleneck.atMs);
    body += `; ${fill(tpl.bottleneck, { domain: glossary(f.locale).domain[r.bottleneck.domain], title: bt.title, time })}`;
  }
  return `${glossary(f.locale).verdict[verdict]}: ${body}.`;
}

/** "HTTP latency p95" / "HTTP: Задержка p95": the missing key panel in `f`'s language. */
function keyPanelTitle(params: Record<string, FindingParam>, f: Formatter): string {
  const domain = String(params.domain) as DomainId;
  const spec = panelSpec(domain, String(params.panel));
  const name = glossary(f.locale).domain[domain] ?? String(params.domain);
  const title = spec?.title[f.locale] ?? String(params.panel);
  return f.locale === 'en'
    ? `${name} ${title.charAt(0).toLowerCase()}${title.slice(1)}`
    : `${name}: ${title}`;
}

/** The finding's own parameters, stored with a `f:` prefix next to the reason's. */
function findingParamsOf(params: Record<string, FindingParam>): Record<string, FindingParam> {
  return Object.fromEntries(
    Object.entries(params)
      .filter(([k]) => k.startsWith('f:'))
      .map(([k, v]) => [k.slice(2), v]),
  );
}

function withFinding(x: Finding): Record<string, FindingParam> {
  const own = Object.entries(x.params ?? {});
  return { findingId: x.id, ...Object.fromEntries(own.map(([k, v]) => [`f:${k}`, v])) };
}

function stepParams(s: Step | undefined): Record<string, FindingParam> {
  if (!s) return {};
  return {
    step: s.index + 1,
    from: fig(s.fromMs, 'time'),
    to: fig(s.toMs, 'time'),
    ...(s.rps === null ? {} : { rps: fig(s.rps, 'rps', 'step_mean') }),
  };
}

/** What `explainVerdict` reads. */
export interface ReasonInput {
  verdict: Verdict;
  hasThroughput: boolean;
  hasLatency: boolean;
  slo: SloOutcome[];
  findings: Finding[];
  steps: Step[];
  peak: PeakResult;
  /** The finding that names the bottleneck (see `leadFinding`), or null. */
  lead: Finding | null;
  /** The first key panel the source could not deliver (see `missing-panels.ts`). */
  missingKey?: { domain: DomainId; panel: string };
  tz: string;
}

/** The first step (1-based) at which any of `slos` failed, with that SLO and its value there. */
function earliestBreak(slos: SloOutcome[]): { o: SloOutcome; step: number; actual: number | null } | null {
  let best: { o: SloOutcome; step: number; actual: number | null } | null = null;
  for (const o of slos) {
    const hit = o.perStep?.find((p) => p.passed === false);
    if (hit && (!best || hit.step < best.step)) best = { o, step: hit.step, actual: hit.actual };
  }
  return best;
}

const serious = (x: Finding) => x.severity === 'critical' || x.severity === 'high';

/**
 * One sentence from the evidence that decided the verdict (mirrors `decideVerdict`): the
 * failed SLO with its value and the step it was judged at, or — with no SLOs — the built-in
 * rule and the finding that tripped it; then the bottleneck when one was found.
 */
export function explainVerdict(x: ReasonInput): VerdictReason {
  const peakStep = x.peak.index === null ? undefined : x.steps[x.peak.index];
  const service = x.slo.filter((s) => s.kind === 'service');
  const failed = service.find((s) => s.passed === false);
  const worst = x.findings.find((f) => f.severity === 'critical') ?? x.findings.find(serious);
  let code: VerdictReasonCode;
  let params: Record<string, FindingParam> = {};
  if (x.verdict === 'insufficient_data' && x.missingKey) {
    code = 'key_panel_missing';
    params = { domain: x.missingKey.domain, panel: x.missingKey.panel };
  } else if (!x.hasThroughput) code = 'no_throughput';
  else if (!x.hasLatency) code = 'no_latency';
  else if (failed?.slo?.indicator === 'rps') {
    code = failed.actual === null ? 'rps_none' : 'rps_below';
    params = { expr: failed.expr, ...(failed.actual === null ? {} : { rps: fig(failed.actual, 'rps') }) };
  } else if (failed) {
    // The earliest step where a service SLO broke (its value from `perStep`), else the
    // value the SLO was judged on.
    const first = earliestBreak(service);
    const o = first?.o ?? failed;
    const at = first ? x.steps[first.step - 1] : o.step != null ? x.steps[o.step - 1] : undefined;
    code = at ? 'slo_failed_step' : 'slo_failed_window';
    const actual = sloFigure({ actual: first?.actual ?? o.actual, unit: o.unit });
    params = {
      expr: o.expr,
      what: o.slo?.indicator ?? 'error_rate',
      actual: actual ?? '—',
      ...stepParams(at),
    };
  } else if (x.verdict === 'fail' && worst) {
    code = 'rule_critical';
    params = withFinding(worst);
  } else if (x.verdict === 'risk') {
    const resource = x.slo.find((s) => s.kind === 'resource' && s.passed === false);
    const unevaluated = x.slo.find((s) => s.passed === null);
    if (worst) {
      code = service.length > 0 ? 'finding_with_slos' : 'rule_high';
      params = withFinding(worst);
    } else if (resource) {
      code = 'resource_slo_failed';
      params = {
        expr: resource.expr,
        what: resource.slo?.indicator ?? 'cpu',
        actual: sloFigure(resource) ?? '—',
      };
    } else {
      code = 'slo_unevaluated';
      params = { expr: unevaluated?.expr ?? '', what: unevaluated?.slo?.indicator ?? 'rps' };
    }
  } else {
    code = service.length > 0 ? 'slos_held' : 'rule_clean';
    params = peakStep
      ? { ...stepParams(peakStep), count: x.slo.length }
      : { count: x.slo.length, rps: '—', at: '—' };
  }
  // The bottleneck follows the decisive evidence, unless that evidence is the bottleneck itself.
  const cited = typeof params.findingId === 'string' ? params.findingId : null;
  const lead = x.lead?.bottleneck && x.verdict !== 'pass' && x.lead.id !== cited ? x.lead : null;
  const bottleneck = lead
    ? { id: lead.id, domain: lead.bottleneck!, params: lead.params ?? {}, atMs: lead.atMs }
    : null;
  const base = { code, params, bottleneck };
  return {
    ...base,
    text: {
      en: renderVerdictReason(x.verdict, base, createFormatter('en', x.tz)),
      ru: renderVerdictReason(x.verdict, base, createFormatter('ru', x.tz)),
    },
  };
}
