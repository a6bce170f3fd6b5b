import type { Deployment } from '../deployment.js';
import { lognormalCdf } from '../latency.js';
import type { Rng } from '../prng.js';
import type { Scenario } from '../scenario.js';
import type { Timeline } from '../timeline.js';

export type Labels = Record<string, string>;

/** OpenMetrics family types the simulator emits. */
export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'unknown';

/** One time series: the full sample name (`x_total`, `x_bucket`, …) and a value per tick; NaN = absent. */
export interface SampleSeries {
  name: string;
  labels: Labels;
  values: number[];
}

/** A metric family: its samples are written contiguously in the exposition. */
export interface MetricFamily {
  name: string;
  type: FamilyType;
  help: string;
  series: SampleSeries[];
}

/**
 * What every exporter gets: the scenario, its timeline, a seeded noise stream of its own
 * and the deployment that names its series.
 */
export interface ExportContext {
  scenario: Scenario;
  tl: Timeline;
  rng: Rng;
  /** `application` / `service_name` label value. */
  app: string;
  dep: Deployment;
}

/**
 * Running sum of per-tick increments. When `epoch` changes (the process restarted) the sum
 * starts again from 0, as a real counter does.
 */
export function cumulative(inc: readonly number[], epoch?: readonly number[]): number[] {
  const out = new Array<number>(inc.length);
  let sum = 0;
  for (let i = 0; i < inc.length; i++) {
    if (epoch && i > 0 && epoch[i] !== epoch[i - 1]) sum = 0;
    sum += inc[i]!;
    out[i] = sum;
  }
  return out;
}

/**
 * Splits integer per-tick totals between parts by fixed shares. Every part rounds with its
 * own carry and the last part takes the rest, so the parts always add up to the total.
 */
export function splitCounts(total: readonly number[], shares: readonly number[]): number[][] {
  const parts = shares.map(() => new Array<number>(total.length).fill(0));
  const carry = shares.map(() => 0);
  for (let i = 0; i < total.length; i++) {
    let left = total[i]!;
    for (let p = 0; p < shares.length; p++) {
      if (p === shares.length - 1) {
        parts[p]![i] = left;
        break;
      }
      const want = total[i]! * shares[p]! + carry[p]!;
      const got = Math.min(left, Math.max(0, Math.floor(want + 1e-9)));
      carry[p] = want - got;
      parts[p]![i] = got;
      left -= got;
    }
  }
  return parts;
}

/** `le` label value as Java/Python clients print it (`0.25`, `1.0`, `+Inf`). */
export function leLabel(le: number): string {
  if (le === Number.POSITIVE_INFINITY) return '+Inf';
  return Number.isInteger(le) ? le.toFixed(1) : String(le);
}

/**
 * Histogram series (`_bucket` per bound plus `+Inf`, `_count`, `_sum`) for requests whose
 * latency follows the timeline's distribution. `counts` are per-tick request counts;
 * `unitMs` converts bounds and sums (1000 for seconds, 1 for milliseconds).
 */
export function histogramSeries(
  name: string,
  labels: Labels,
  bounds: readonly number[],
  counts: readonly number[],
  tl: Timeline,
  unitMs: number,
  latencyScale = 1,
): SampleSeries[] {
  const les = [...bounds, Number.POSITIVE_INFINITY];
  const bucketInc = les.map(() => new Array<number>(counts.length).fill(0));
  const sumInc = new Array<number>(counts.length).fill(0);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const mean = tl.latMeanMs[i]! * latencyScale;
    for (let b = 0; b < les.length; b++) {
      // Rounding a monotone CDF keeps buckets monotone in `le`.
      bucketInc[b]![i] = Math.round(c * lognormalCdf(mean, tl.latSigma[i]!, les[b]! * unitMs));
    }
    sumInc[i] = (c * mean) / unitMs;
  }
  const first = firstNonZero(counts);
  const series: SampleSeries[] = les.map((le, b) => ({
    name: `${name}_bucket`,
    labels: { ...labels, le: leLabel(le) },
    values: hideBefore(cumulative(bucketInc[b]!, tl.epoch), first),
  }));
  series.push({ name: `${name}_count`, labels, values: hideBefore(cumulative(counts, tl.epoch), first) });
  series.push({ name: `${name}_sum`, labels, values: hideBefore(cumulative(sumInc, tl.epoch), first) });
  return series;
}

/** Index of the first non-zero entry (length when none): a labelled series appears on first use. */
export function firstNonZero(values: readonly number[]): number {
  const i = values.findIndex((v) => v !== 0);
  return i < 0 ? values.length : i;
}

/** NaN (absent) before index `from`: the series did not exist yet. */
export function hideBefore(values: number[], from: number): number[] {
  for (let i = 0; i < Math.min(from, values.length); i++) values[i] = Number.NaN;
  return values;
}

/** A counter family (`# TYPE name counter`, samples `name_total`) from per-tick increments. */
export function counterFamily(
  name: string,
  help: string,
  rows: { labels: Labels; inc: readonly number[]; appearOnUse?: boolean }[],
  epoch?: readonly number[],
): MetricFamily {
  return {
    name,
    type: 'counter',
    help,
    series: rows.map((r) => ({
      name: `${name}_total`,
      labels: r.labels,
      values: r.appearOnUse
        ? hideBefore(cumulative(r.inc, epoch), firstNonZero(r.inc))
        : cumulative(r.inc, epoch),
    })),
  };
}

/** A gauge family with one series per row. */
export function gaugeFamily(
  name: string,
  help: string,
  rows: { labels: Labels; values: number[] }[],
): MetricFamily {
  return {
    name,
    type: 'gauge',
    help,
    series: rows.map((r) => ({ name, labels: r.labels, values: r.values })),
  };
}

/**
 * The families with every sample outside `keep` absent: an exporter that only ran for part
 * of the timeline (a load tool pushes while its test runs).
 */
export function keepOnly(families: MetricFamily[], keep: (tick: number) => boolean): MetricFamily[] {
  return families.map((f) => ({
    ...f,
    series: f.series.map((s) => ({ ...s, values: s.values.map((v, i) => (keep(i) ? v : Number.NaN)) })),
  }));
}
