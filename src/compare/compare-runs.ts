import type { CleanPanel, Metrics } from '../analysis/metrics.js';
import type { Locale } from '../analysis/report.types.js';
import type { TimeSeries } from '../analysis/signals.js';
import type { Series } from '../sources/series.js';
import { alignRuns } from './align.js';
import type {
  Alignment,
  Change,
  CompareOptions,
  CompareResult,
  CompareRun,
  CompareRunInfo,
  CompareSegment,
  SeriesStatsRow,
} from './compare.types.js';
import { compareSeries, type DraftChange, type SeriesMeta } from './compare-series.js';
import { compareText } from './compare-text.js';
import { explainChange, summaryLine } from './explain.js';
import { keyPanels } from './metric-direction.js';
import { runMetrics } from './run-metrics.js';
import { pooledAutocorrelation, varianceFactor, windowSamples } from './samples.js';
import { resolveSettings, type Settings } from './settings.js';
import { decideVerdict, judgeChanges, rankChanges, topChanges } from './verdict.js';

const LOCALES: readonly Locale[] = ['en', 'ru'];

/** A series to compare: its meaning and its data in each run. */
interface Pairing {
  meta: SeriesMeta;
  a: TimeSeries;
  b: TimeSeries;
}

const hasData = (p: CleanPanel | undefined) =>
  !!p && p.series.some((s) => s.v.some((x) => Number.isFinite(x)));

/**
 * Every series both runs have: each panel folded over its series (sum or max, as the
 * analysis folds it; named `all` when a run has several series), plus, for panels with
 * several series, each series matched by stored key, else by name.
 */
function pairSeries(ma: Metrics, mb: Metrics): Pairing[] {
  const find = (m: Metrics, d: string, p: string) => m.panels.find((x) => x.domain === d && x.panel === p);
  const keys = keyPanels((d, p) => hasData(find(ma, d, p)) && hasData(find(mb, d, p)));
  const out: Pairing[] = [];
  for (const pa of ma.panels) {
    const pb = find(mb, pa.domain, pa.panel);
    if (!hasData(pa) || !pb || !hasData(pb)) continue;
    const fa = ma.get(pa.domain, pa.panel);
    const fb = mb.get(pa.domain, pa.panel);
    if (!fa || !fb) continue;
    const several = pa.series.length > 1 || pb.series.length > 1;
    const base = { domain: pa.domain, panel: pa.panel, role: pa.role, unit: pa.unit };
    out.push({
      meta: {
        ...base,
        series: several ? 'all' : pa.series[0]!.name,
        seriesKey: several ? `${pa.domain}.${pa.panel}` : pa.series[0]!.id,
        keyMetric: keys.has(`${pa.domain}.${pa.panel}`),
        panelLevel: true,
      },
      a: fa,
      b: fb,
    });
    if (!several) continue;
    const used = new Set<Series>();
    for (const sa of pa.series) {
      const sb =
        pb.series.find((x) => x.id === sa.id && !used.has(x)) ??
        pb.series.find((x) => x.name === sa.name && !used.has(x));
      if (!sb) continue;
      used.add(sb);
      out.push({
        meta: { ...base, series: sa.name, seriesKey: sa.id, keyMetric: false, panelLevel: false },
        a: sa,
        b: sb,
      });
    }
  }
  return out;
}

function strataOf(p: Pairing, seg: CompareSegment, s: Settings) {
  return seg.windows.map((w) => ({
    a: windowSamples(p.a, w.a.fromMs, w.a.toMs, s.maxSamples),
    b: windowSamples(p.b, w.b.fromMs, w.b.toMs, s.maxSamples),
  }));
}

function info(r: CompareRun): CompareRunInfo {
  return {
    id: r.id,
    name: r.name,
    service: r.service,
    from: new Date(r.fromMs).toISOString(),
    to: new Date(r.toMs).toISOString(),
    peakRps: r.peakRps,
  };
}

function warningsFor(
  a: CompareRun,
  b: CompareRun,
  al: Alignment,
  key: { rows: number; tested: number; minSamples: number },
  locale: Locale,
): string[] {
  const w: string[] = [];
  if (a.service !== b.service) {
    w.push(compareText(locale, 'w.services', { a: a.service ?? '–', b: b.service ?? '–' }));
  }
  const stepsA = a.steps.length >= 2;
  const stepsB = b.steps.length >= 2;
  // Two soaks are meant to be aligned by time; only a step test aligned by time is news.
  if (al.mode === 'offset' && stepsA && stepsB) w.push(compareText(locale, 'w.different_steps'));
  else if (al.mode === 'offset' && stepsA !== stepsB) w.push(compareText(locale, 'w.offset'));
  const unmatched = al.unmatchedA.length + al.unmatchedB.length;
  if (unmatched > 0) w.push(compareText(locale, 'w.unmatched', { n: unmatched }));
  if (al.mode === 'offset' && (al.overlapMs ?? 0) < 10 * 60_000) {
    w.push(compareText(locale, 'w.short_overlap', { min: Math.round((al.overlapMs ?? 0) / 60_000) }));
  }
  if (key.rows === 0) w.push(compareText(locale, 'w.no_key'));
  else if (key.tested === 0) w.push(compareText(locale, 'w.too_few', { n: key.minSamples }));
  return w;
}

/**
 * Compares run B (candidate) with run A (reference). Pure: aligns the runs (plateau with
 * plateau at the same load level, else by time since the load started), compares every
 * series both runs have on every aligned segment (statistics, Mann-Whitney with
 * autocorrelation correction, on all steps also the step-level shift test, Hodges-Lehmann
 * shift, floors), judges the rows with a weighted Bonferroni correction, and decides the
 * verdict from the key metrics only.
 * `locale` picks the language of `warnings`; `text` and `summary` carry both languages.
 */
export function compareRuns(
  a: CompareRun,
  b: CompareRun,
  opts: CompareOptions & { locale?: Locale } = {},
): CompareResult {
  const { locale = 'en', ...rest } = opts;
  const s = resolveSettings(rest);
  const ma = runMetrics(a);
  const mb = runMetrics(b);
  const alignment = alignRuns(a, b, ma, mb, { stepTolerance: s.stepTolerance, blockMs: s.blockMs });
  const drafts: DraftChange[] = [];
  const table: SeriesStatsRow[] = [];
  // Every aligned window once: the pool the autocorrelation of a series is estimated from.
  const pool: CompareSegment = {
    id: 'pool',
    kind: 'all',
    rps: null,
    levelA: null,
    levelB: null,
    windows: alignment.segments.filter((x) => x.kind !== 'all').flatMap((x) => x.windows),
  };
  for (const p of pairSeries(ma, mb)) {
    const all = strataOf(p, pool, s);
    const inflation = {
      a: varianceFactor(pooledAutocorrelation(all.map((x) => x.a))),
      b: varianceFactor(pooledAutocorrelation(all.map((x) => x.b))),
    };
    for (const seg of alignment.segments) {
      const row = compareSeries(p.meta, seg, strataOf(p, seg, s), s, inflation);
      if (!row) continue;
      drafts.push(row.change);
      table.push(row.stats);
    }
  }
  const judged = judgeChanges(drafts, s.alpha);
  const steps = alignment.segments.filter((x) => x.kind === 'step').length;
  const changes: Change[] = rankChanges(
    judged.map(
      ({ domain, metric, series, stat, a, b, deltaPct, pValue, significant, direction, ...extra }) => {
        const c = { domain, metric, series, stat, a, b, deltaPct, pValue, significant, direction, ...extra };
        // The contract's fields come first, in its order, for whoever reads the JSON.
        return {
          ...c,
          text: { en: explainChange(c, 'en', { steps }), ru: explainChange(c, 'ru', { steps }) },
        };
      },
    ),
  );
  const verdict = decideVerdict(changes);
  const top = topChanges(changes, verdict, s.top);
  const keyTested = changes.filter((c) => c.keyMetric && c.pValue !== null).length;
  const keyChanged = changes.filter((c) => c.keyMetric && c.significant && c.direction !== 'same').length;
  const runs = { a: info(a), b: info(b) };
  const peakDelta =
    a.peakRps !== null && b.peakRps !== null && a.peakRps > 0
      ? ((b.peakRps - a.peakRps) / a.peakRps) * 100
      : null;
  const head = { verdict, top, keyTested, runs };
  return {
    a: a.id,
    b: b.id,
    verdict,
    changes,
    runs,
    alignment,
    top,
    keyTested,
    keyChanged,
    peak: { a: a.peakRps, b: b.peakRps, deltaPct: peakDelta },
    table,
    warnings: warningsFor(
      a,
      b,
      alignment,
      { rows: changes.filter((c) => c.keyMetric).length, tested: keyTested, minSamples: s.minSamples },
      locale,
    ),
    summary: Object.fromEntries(LOCALES.map((l) => [l, summaryLine(head, l)])) as Record<Locale, string>,
    settings: s,
  };
}
