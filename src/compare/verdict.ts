import type { Change, CompareVerdict } from './compare.types.js';
import type { DraftChange } from './compare-series.js';
import { judge } from './metric-direction.js';

/** A finished row without its text (explain.ts writes that). */
export type JudgedChange = Omit<Change, 'text'>;

/** Share of a family's error budget that goes to its all-steps rows when it also has per-step rows. */
export const ALL_STEPS_SHARE = 0.5;

/**
 * Weighted Bonferroni multipliers of one family: when it holds both all-steps rows and
 * per-step rows, each kind gets half of the budget, split evenly among its rows (so
 * p · m_all / ½ and p · m_step / ½); else the plain p · m. The weights add up to one, so the
 * family-wise error rate stays at `alpha`. Why: a uniform slowdown shows in the all-steps
 * row, and it should not pay for the dozens of per-step rows that look for local changes.
 */
function multipliers(rows: readonly DraftChange[]): (d: DraftChange) => number {
  const tested = rows.filter((d) => d.pValue !== null);
  const all = tested.filter((d) => d.segment === 'all').length;
  const rest = tested.length - all;
  if (all === 0 || rest === 0) return () => Math.max(1, tested.length);
  return (d) => (d.segment === 'all' ? all / ALL_STEPS_SHARE : rest / (1 - ALL_STEPS_SHARE));
}

/**
 * Decides which rows changed. Two families share the error budget `alpha` (weighted
 * Bonferroni, see `multipliers`): the key-metric rows, which decide the verdict, and all
 * rows, which only inform. A row is significant when its corrected p-value is below
 * `alpha`, it clears the absolute floor and the effect-size floor, and its shift and
 * stated statistic move the same way.
 */
export function judgeChanges(drafts: readonly DraftChange[], alpha: number): JudgedChange[] {
  const keyM = multipliers(drafts.filter((d) => d.keyMetric));
  const allM = multipliers(drafts);
  return drafts.map((draft) => {
    const { polarity, ...d } = draft;
    const m = d.keyMetric ? keyM(draft) : allM(draft);
    const pAdjusted = d.pValue === null ? null : Math.min(1, d.pValue * m);
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
 * The verdict from the key-metric rows only (throughput, server and load-tool latency,
 * error rate, saturation): any significant worse move is a regression, else any better one an
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
