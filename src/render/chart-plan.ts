import type { DomainId } from '../config/file.schema.js';
import type { PanelData, Series, SeriesUnit } from '../sources/series.js';
import type { AxisSide, ChartDatasetSpec, ChartSpec } from './chart-spec.js';
import { chartStrings } from './chart-strings.js';
import { allocateLines, combineSeries, foldModeFor, foldSeries, hasData } from './fold.js';
import { isFlat, overlaps, trimEdgeSpikes, valueRange } from './series-tidy.js';

/** At most this many lines per chart, so a phone screen stays readable. */
export const MAX_LINES_PER_CHART = 6;

interface PanelRef {
  domain: DomainId;
  panel: string;
  axis?: AxisSide;
  kind?: 'normal' | 'limit';
  dashed?: boolean;
  /** Always one line: all series of the panel combined (sum or max by unit). */
  total?: boolean;
  /** Kept even when flat: context such as a constant number of virtual users. */
  keepFlat?: boolean;
}

interface ChartDef {
  id: string;
  /** Alternatives: the first group with any data is drawn. */
  groups: PanelRef[][];
  /** Title of the right axis, when the chart has one. */
  rightTitle?: 'users';
  /** Title of the left axis when its unit has no symbol (counts). */
  leftTitle?: 'connections' | 'messages';
}

const r = (domain: DomainId, panel: string, extra: Omit<PanelRef, 'domain' | 'panel'> = {}): PanelRef => ({
  domain,
  panel,
  ...extra,
});

/** Which panels make which chart, in report order. Ids are stable (used in file names). */
const CHARTS: readonly ChartDef[] = [
  {
    id: 'load_throughput',
    rightTitle: 'users',
    groups: [
      [
        r('load', 'rps', { total: true }),
        r('http', 'rps', { total: true }),
        r('load', 'users', { total: true, axis: 'right', dashed: true, keepFlat: true }),
      ],
    ],
  },
  {
    id: 'latency',
    groups: [
      [r('http', 'p50'), r('http', 'p95'), r('http', 'p99')],
      [r('load', 'p95'), r('load', 'p99')],
    ],
  },
  { id: 'errors', groups: [[r('http', 'error_rate'), r('load', 'error_rate')]] },
  { id: 'jvm_heap', groups: [[r('jvm', 'heap_used'), r('jvm', 'heap_max', { kind: 'limit' })]] },
  { id: 'jvm_gc', groups: [[r('jvm', 'gc_pause_share')]] },
  {
    id: 'db_pool',
    leftTitle: 'connections',
    groups: [
      [
        r('database', 'pool_active'),
        r('database', 'pool_max', { kind: 'limit' }),
        r('database', 'pool_pending'),
      ],
    ],
  },
  { id: 'kafka_lag', leftTitle: 'messages', groups: [[r('kafka', 'lag')]] },
  {
    id: 'infra_cpu',
    groups: [[r('infra', 'cpu'), r('infra', 'container_cpu'), r('infra', 'container_throttled')]],
  },
  {
    id: 'infra_memory',
    groups: [[r('infra', 'container_memory'), r('infra', 'process_rss'), r('infra', 'memory_used')]],
  },
];

/** Factor converting values from one unit into another of the same kind, or null. */
export function unitFactor(from: SeriesUnit, to: SeriesUnit): number | null {
  if (from === to) return 1;
  if (from === 'ms' && to === 's') return 0.001;
  if (from === 's' && to === 'ms') return 1000;
  if (from === 'percent' && to === 'ratio') return 0.01;
  if (from === 'ratio' && to === 'percent') return 100;
  return null;
}

interface Resolved {
  ref: PanelRef;
  unit: SeriesUnit;
  series: Series[];
}

/** All series of the panels matching a ref (several packs may fill the same panel). */
function resolve(panels: readonly PanelData[], ref: PanelRef): Resolved | null {
  const matching = panels.filter((p) => p.domain === ref.domain && p.panel === ref.panel);
  const first = matching[0];
  if (!first) return null;
  const series: Series[] = [];
  for (const p of matching) {
    const f = unitFactor(p.unit, first.unit);
    if (f === null) continue;
    for (const s of p.series) {
      if (!hasData(s)) continue;
      series.push(f === 1 ? s : { ...s, v: s.v.map((v) => v * f) });
    }
  }
  return series.length > 0 ? { ref, unit: first.unit, series } : null;
}

function scaled(s: Series, factor: number): Series {
  return factor === 1 ? s : { ...s, v: s.v.map((v) => v * factor) };
}

function seriesName(s: Series): string {
  return s.name.trim() || s.id;
}

/** The panels a chart may draw (every alternative group), e.g. to match a finding's metric. */
export function chartPanels(id: string): Array<{ domain: DomainId; panel: string }> {
  const def = CHARTS.find((c) => c.id === id);
  return def ? def.groups.flat().map((ref) => ({ domain: ref.domain, panel: ref.panel })) : [];
}

type Planned = ChartDatasetSpec & { keepFlat?: boolean };

/**
 * Tidies a chart's lines: edge spikes trimmed, flat lines dropped (unless pinned at a
 * limit, like a saturated pool, or kept as context), a line drawn exactly under an earlier
 * one dashed and put on top, and palette slots fixed in order. Empty when nothing is left
 * worth drawing (a flat memory chart).
 */
export function tidyDatasets(datasets: readonly Planned[]): ChartDatasetSpec[] {
  const trimmed = datasets.map((d) => ({ ...d, v: d.kind === 'limit' ? d.v : trimEdgeSpikes(d.v) }));
  const limitMax = (axis: string | undefined) =>
    Math.max(
      0,
      ...trimmed
        .filter((d) => d.kind === 'limit' && (d.axis ?? 'left') === (axis ?? 'left'))
        .map((d) => valueRange(d.v)?.max ?? 0),
    );
  const kept = trimmed.filter((d) => {
    if (d.kind === 'limit') return valueRange(d.v) !== null;
    if (!isFlat(d.v) || d.keepFlat) return valueRange(d.v) !== null;
    const limit = limitMax(d.axis);
    const max = valueRange(d.v)?.max ?? 0;
    return limit > 0 && max >= 0.95 * limit;
  });
  if (!kept.some((d) => d.kind !== 'limit' && !d.keepFlat)) return [];

  const axisMax = (axis: string) =>
    Math.max(
      0,
      ...kept
        .filter((d) => (d.axis ?? 'left') === axis)
        .map((d) => Math.max(Math.abs(valueRange(d.v)?.max ?? 0), Math.abs(valueRange(d.v)?.min ?? 0))),
    );
  const out: ChartDatasetSpec[] = [];
  let slot = 0;
  kept.forEach((d, j) => {
    const { keepFlat: _keep, ...spec } = d;
    const axis = d.axis ?? 'left';
    const under =
      d.kind !== 'limit' &&
      kept
        .slice(0, j)
        .some((e) => e.kind !== 'limit' && (e.axis ?? 'left') === axis && overlaps(e, d, axisMax(axis)));
    out.push({
      ...spec,
      ...(d.kind === 'normal' || d.kind === undefined ? { colorIndex: slot++ } : {}),
      ...(under ? { dashed: true, onTop: true } : {}),
    });
  });
  return out;
}

/**
 * Chooses the charts for a report from the panel data: per domain a few fixed charts
 * (see the ids in {@link CHARTS}), skipping charts with no data. Each chart keeps at
 * most {@link MAX_LINES_PER_CHART} lines, folding the smallest series into "other".
 */
export function planCharts(panels: readonly PanelData[], locale: 'ru' | 'en'): ChartSpec[] {
  const str = chartStrings(locale);
  const specs: ChartSpec[] = [];
  for (const def of CHARTS) {
    let found: Resolved[] = [];
    for (const group of def.groups) {
      found = group.map((ref) => resolve(panels, ref)).filter((x): x is Resolved => x !== null);
      if (found.length > 0) break;
    }
    if (found.length === 0) continue;

    // Each axis takes the unit of its first panel; panels in other units are converted or left out.
    const axisUnit: Partial<Record<AxisSide, SeriesUnit>> = {};
    const usable: Array<Resolved & { factor: number }> = [];
    for (const res of found) {
      const side = res.ref.axis ?? 'left';
      const target = axisUnit[side] ?? res.unit;
      axisUnit[side] = target;
      const factor = unitFactor(res.unit, target);
      if (factor !== null) usable.push({ ...res, factor });
    }

    const totals = usable.filter((u) => u.ref.total).length;
    const wants = usable.map((u) => (u.ref.total ? 0 : u.series.length));
    const budget = allocateLines(wants, MAX_LINES_PER_CHART - totals);
    const single = usable.length === 1;

    const datasets: Planned[] = [];
    usable.forEach((u, i) => {
      const key = `${u.ref.domain}.${u.ref.panel}`;
      const short = str.series[key] ?? u.series[0]?.name ?? key;
      const mode = foldModeFor(u.unit);
      const style = {
        axis: u.ref.axis ?? 'left',
        kind: u.ref.kind ?? 'normal',
        ...(u.ref.dashed ? { dashed: true } : {}),
        ...(u.ref.keepFlat ? { keepFlat: true } : {}),
      } as const;
      const lines = u.ref.total ? 1 : budget[i]!;
      if (lines === 1 && u.series.length > 1) {
        const all = combineSeries(u.series, mode, key, short);
        const s = scaled(all, u.factor);
        datasets.push({ label: short, t: s.t, v: s.v, ...style });
        return;
      }
      const folded = foldSeries(u.series, lines, mode, { id: `${key}.other`, name: str.other });
      for (const raw of folded.kept) {
        const s = scaled(raw, u.factor);
        // One series: the panel's short label says what it is; several: their names
        // tell them apart (prefixed by the panel when panels share the chart).
        const label =
          u.series.length === 1 ? short : single ? seriesName(raw) : `${short} · ${seriesName(raw)}`;
        datasets.push({ label, t: s.t, v: s.v, ...style });
      }
      if (folded.other) {
        const s = scaled(folded.other, u.factor);
        const label = single ? str.other : `${short} · ${str.other}`;
        datasets.push({ label, t: s.t, v: s.v, ...style, kind: 'other' });
      }
    });

    const tidy = tidyDatasets(datasets);
    if (tidy.length === 0) continue;
    const right = axisUnit.right;
    specs.push({
      id: def.id,
      title: str.titles[def.id] ?? def.id,
      left: {
        unit: axisUnit.left ?? right ?? 'count',
        ...(def.leftTitle ? { title: str[def.leftTitle] } : {}),
      },
      ...(right && axisUnit.left
        ? { right: { unit: right, ...(def.rightTitle ? { title: str[def.rightTitle] } : {}) } }
        : {}),
      datasets: axisUnit.left ? tidy : tidy.map((d) => ({ ...d, axis: 'left' as const })),
    });
  }
  return specs;
}
