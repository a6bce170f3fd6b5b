import type { DomainId } from '../config/file.schema.js';
import { lognormalCdf } from './latency.js';
import { expandProfile } from './profile.js';
import type { Bottleneck, GroundTruth, Scenario, TruthStep } from './scenario.js';
import type { Timeline } from './timeline.js';

/** The report domain where each bottleneck shows. */
export const BOTTLENECK_DOMAIN: Record<Bottleneck, DomainId | null> = {
  db_pool: 'database',
  cpu: 'infra',
  gc: 'jvm',
  kafka: 'kafka',
  none: null,
};

/** Served throughput must reach this share of the offered load for a step to "follow" it. */
export const FOLLOW_RATIO = 0.95;
/** A step with at least this error rate does not count as sustainable. */
export const MAX_ERROR_RATE = 0.01;

/**
 * The `q` quantile of all requests of the given ticks: the latency where the request-weighted
 * mix of the ticks' distributions reaches `q` (bisection on a log scale).
 */
function pooledQuantile(tl: Timeline, idx: number[], q: number): number {
  const weight = idx.reduce((a, i) => a + tl.requests[i]!, 0);
  if (weight === 0) return Number.NaN;
  const cdf = (x: number) =>
    idx.reduce((a, i) => a + tl.requests[i]! * lognormalCdf(tl.latMeanMs[i]!, tl.latSigma[i]!, x), 0) /
    weight;
  let lo = Math.log(0.01);
  let hi = Math.log(1e6);
  for (let k = 0; k < 50; k++) {
    const mid = (lo + hi) / 2;
    if (cdf(Math.exp(mid)) < q) lo = mid;
    else hi = mid;
  }
  return Math.exp((lo + hi) / 2);
}

interface StepFacts extends TruthStep {
  /** Consumer lag growth on the plateau, messages/s. */
  lagGrowthPerSec: number;
  follows: boolean;
}

function totalLag(tl: Timeline, i: number): number {
  let lag = 0;
  for (let p = 0; p < tl.kafkaPartitions; p++) lag += tl.kafkaLogEnd[p]![i]! - tl.kafkaCommitted[p]![i]!;
  return lag;
}

/**
 * Facts of each plateau over the ticks whose whole interval lies on it: mean served rps,
 * the exact p95 of all its requests (from the model, not from histogram buckets), and the
 * error rate.
 */
function plateauFacts(s: Scenario, tl: Timeline): StepFacts[] {
  const out: StepFacts[] = [];
  for (const p of expandProfile(s.profile).plateaus) {
    const idx: number[] = [];
    for (let i = 1; i < tl.n; i++)
      if (tl.sec[i]! - tl.dtSec >= p.fromSec && tl.sec[i]! <= p.toSec) idx.push(i);
    if (idx.length === 0) continue;
    const requests = idx.reduce((a, i) => a + tl.requests[i]!, 0);
    const errors = idx.reduce((a, i) => a + tl.errors[i]!, 0);
    const throughput = idx.reduce((a, i) => a + tl.servedRps[i]!, 0) / idx.length;
    const p95 = pooledQuantile(tl, idx, 0.95);
    const first = idx[0]!;
    const last = idx[idx.length - 1]!;
    const span = tl.sec[last]! - tl.sec[first]!;
    const lagGrowth = span > 0 ? (totalLag(tl, last) - totalLag(tl, first)) / span : 0;
    const errorRate = requests > 0 ? errors / requests : 0;
    const follows =
      throughput >= FOLLOW_RATIO * p.rps &&
      errorRate < MAX_ERROR_RATE &&
      lagGrowth <= Math.max(1, 0.02 * p.rps);
    out.push({
      fromMs: s.startMs + p.fromSec * 1000,
      toMs: s.startMs + p.toSec * 1000,
      offeredRps: p.rps,
      throughputRps: throughput,
      p95Ms: p95,
      errorRate,
      lagGrowthPerSec: lagGrowth,
      follows,
    });
  }
  return out;
}

/**
 * What a correct analysis must find. The peak is the highest plateau that follows the
 * offered load (served ≥ 95 %, errors < 1 %, consumer lag not growing); `dropAtMs` is the
 * start of the first later plateau that does not. `bottleneckDomain` is null when the
 * offered load never passed capacity, since then nothing saturated.
 */
export function deriveTruth(s: Scenario, tl: Timeline): GroundTruth {
  const facts = plateauFacts(s, tl);
  let peakIdx = -1;
  facts.forEach((f, k) => {
    if (f.follows && (peakIdx < 0 || f.offeredRps > facts[peakIdx]!.offeredRps)) peakIdx = k;
  });
  const peakFact = peakIdx >= 0 ? facts[peakIdx]! : undefined;
  const drop = peakIdx >= 0 ? facts.slice(peakIdx + 1).find((f) => !f.follows) : undefined;
  const saturated = facts.some((f) => f.offeredRps > s.capacityRps);
  return {
    scenario: s.name,
    startMs: tl.tMs[0]!,
    endMs: tl.tMs[tl.n - 1]!,
    steps: facts.map(({ fromMs, toMs, offeredRps, throughputRps, p95Ms, errorRate }) => ({
      fromMs,
      toMs,
      offeredRps,
      throughputRps,
      p95Ms,
      errorRate,
    })),
    peak: peakFact
      ? {
          rps: peakFact.offeredRps,
          fromMs: peakFact.fromMs,
          toMs: peakFact.toMs,
          dropAtMs: drop?.fromMs ?? null,
        }
      : null,
    bottleneck: s.bottleneck,
    bottleneckDomain: saturated ? BOTTLENECK_DOMAIN[s.bottleneck] : null,
    saturated,
  };
}
