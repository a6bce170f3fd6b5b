import type { Change, CompareVerdict } from './compare.types.js';
import type { DraftChange } from './compare-series.js';
import { judge } from './metric-direction.js';

/** A finished row without its text (explain.ts writes that). */
export type JudgedChange = Omit<Change, 'text'>;

/**
 * Decides which rows changed. Two families share the error budget `alpha` (Bonferroni):
 * the key-metric rows, which decide the verdict, and all rows, which only inform. A row is
 * significant when its corrected p-value is below `alpha`, it clears the absolute floor and
 * the effect-size floor, and its shift and stated statistic move the same way.
 */
export function judgeChanges(drafts: readonly DraftChange[], alpha: number): JudgedChange[] {
  const keyTests = drafts.filter((d) => d.keyMetric && d.pValue !== null).length;
  const allTests = drafts.filter((d) => d.pValue !== null).length;
  return drafts.map(({ polarity, ...d }) => {
    const m = d.keyMetric ? keyTests : allTests;
    const pAdjusted = d.pValue === null ? null : Math.min(1, d.pValue * Math.max(1, m));
    const significant =
      pAdjusted !== null &&
      pAdjusted < alpha &&
      d.floors.clearsAbsolute &&
      d.floors.clearsEffect &&
      d.moved !== 'none';
    return { ...d, pAdjusted, significant, direction: significant ? judge(polarity, d.moved) : 'same' };
  });
}

/** Significant rows first, then by the relative size of the shift. */
export function rankChanges<T extends Pick<Change, 'significant' | 'score'>>(rows: readonly T[]): T[] {
  return [...rows].sort((x, y) => Number(y.significant) - Number(x.significant) || y.score - x.score);
}

/**
 * The verdict from the key-metric rows only (throughput, latency p95/p99, error rate,
 * saturation): any significant worse move is a regression, else any better one an
 * improvement; no tested key row at all means the runs could not be compared.
 */
export function decideVerdict(rows: readonly JudgedChange[]): CompareVerdict {
  const key = rows.filter((r) => r.keyMetric && r.pValue !== null);
  if (key.length === 0) return 'insufficient_data';
  if (key.some((r) => r.significant && r.direction === 'worse')) return 'regression';
  if (key.some((r) => r.significant && r.direction === 'better')) return 'improvement';
  return 'no_change';
}

/**
 * The changes worth a line: significant and good or bad (neutral gauges left out), one per
 * series (its largest segment). The moves behind the verdict come first, key metrics before
 * others, then by size.
 */
export function topChanges<T extends JudgedChange>(
  rows: readonly T[],
  verdict: CompareVerdict,
  limit: number,
): T[] {
  const best = new Map<string, T>();
  for (const r of rows) {
    if (!r.significant || r.direction === 'same') continue;
    const id = `${r.domain}.${r.metric}.${r.series}`;
    const cur = best.get(id);
    if (!cur || r.score > cur.score) best.set(id, r);
  }
  const lead = verdict === 'improvement' ? 'better' : 'worse';
  return [...best.values()]
    .sort(
      (x, y) =>
        Number(y.direction === lead) - Number(x.direction === lead) ||
        Number(y.keyMetric) - Number(x.keyMetric) ||
        y.score - x.score,
    )
    .slice(0, limit);
}
