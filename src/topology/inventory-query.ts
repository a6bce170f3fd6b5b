import { normaliseSelector } from '../packs/selector.js';
import type { Series } from '../sources/series.js';
import {
  DIALECT_LABELS,
  FAMILY_REGEX,
  flagLabel,
  PLACE_LABELS,
  SERVICE_LABELS,
  TARGET_LABEL,
} from './families.js';
import type { InventoryRow } from './topology.types.js';

/** The label carrying a row's metric name (`__name__` does not survive every proxy). */
export const NAME_LABEL = 'll_name';

/** Seconds covered by a window, for a `[Ns]` range ending at its end. */
export function windowRange(fromMs: number, toMs: number): string {
  return `${Math.max(1, Math.ceil((toMs - fromMs) / 1000))}s`;
}

/**
 * One instant query (evaluated at the window's end over the whole window) answering which
 * families have samples INSIDE the window, under which service/host/database/test labels,
 * and with which dialect labels. Unlike the label-values API, which answers per TSDB
 * block, `last_over_time` only sees samples in the range, so a service that ran an hour
 * earlier contributes nothing. Histograms count once (their `+Inf` bucket), and dialect
 * labels become presence flags, so the answer stays small on a large Prometheus.
 */
export function inventoryQuery(fromMs: number, toMs: number, selector?: string): string {
  const sel = normaliseSelector(selector);
  const matchers = [`__name__=~"${FAMILY_REGEX}"`, 'le=~"|\\\\+Inf"', ...(sel ? [sel] : [])];
  let expr = `last_over_time({${matchers.join(',')}}[${windowRange(fromMs, toMs)}])`;
  expr = `label_replace(${expr}, "${NAME_LABEL}", "$1", "__name__", "(.+)")`;
  expr = `label_replace(${expr}, "${TARGET_LABEL}", "$1", "name", "https?://([^/:]+).*")`;
  for (const l of DIALECT_LABELS) expr = `label_replace(${expr}, "${flagLabel(l)}", "1", "${l}", ".+")`;
  const by = [NAME_LABEL, ...SERVICE_LABELS, ...PLACE_LABELS, TARGET_LABEL, ...DIALECT_LABELS.map(flagLabel)];
  // Samples of `up` per target over the window: the scrape interval of each target, so the
  // query step and rate windows can follow the data (1 s lab scrapes, 15 s defaults).
  const up = `label_replace(max by (job, instance) (count_over_time(${withSel('up', sel)}[${windowRange(fromMs, toMs)}])), "${NAME_LABEL}", "up", "", "")`;
  return `count by (${by.join(', ')}) (${expr}) or ${up}`;
}

function withSel(metric: string, sel: string): string {
  return sel ? `${metric}{${sel}}` : metric;
}

/** The `up` rows' scrape interval per instance: window / (samples − 1); rows with < 3 samples tell nothing. */
export function scrapeIntervals(
  rows: readonly InventoryRow[],
  fromMs: number,
  toMs: number,
): Map<string, number> {
  const out = new Map<string, number>();
  const sec = Math.max(1, Math.ceil((toMs - fromMs) / 1000));
  for (const r of rows) {
    if (r.name !== 'up' || !r.labels.instance || !(r.series >= 3)) continue;
    const s = Math.round((sec / (r.series - 1)) * 10) / 10;
    const prev = out.get(r.labels.instance);
    out.set(r.labels.instance, prev === undefined ? s : Math.min(prev, s));
  }
  return out;
}

/** Parses the answer of `inventoryQuery` into rows (one per name and label combination). */
export function parseInventory(series: readonly Series[]): InventoryRow[] {
  const rows: InventoryRow[] = [];
  for (const s of series) {
    const name = s.labels[NAME_LABEL] ?? s.labels.__name__;
    if (!name) continue;
    const labels: Record<string, string> = {};
    const flags = new Set<string>();
    for (const l of [...SERVICE_LABELS, ...PLACE_LABELS]) {
      const v = s.labels[l];
      if (v) labels[l] = v;
    }
    const target = s.labels[TARGET_LABEL];
    if (target) labels.target = target;
    for (const l of DIALECT_LABELS) if (s.labels[flagLabel(l)] === '1') flags.add(l);
    const last = s.v.filter((v) => Number.isFinite(v)).at(-1);
    rows.push({ name, labels, flags, series: last ?? 1 });
  }
  return rows;
}
