import type { Scenario } from './scenario.js';
import type { Timeline } from './timeline.js';

/** Think time plus base latency of one virtual user's iteration: users ≈ offered rps × this. */
export const ITERATION_SEC = 0.5;

/** How the service behaves, derived from the scenario. */
export interface ServiceModel {
  /** Scenario capacity: where the bottleneck resource saturates. */
  capRps: number;
  /** Throughput the HTTP path sustains; above the scenario capacity for `kafka`. */
  httpCapRps: number;
  /** Messages per second the consumer group sustains. */
  consumeCapRps: number;
  baseLatencyMs: number;
}

/** The load-and-service part of the timeline that the resource models build on. */
export type CoreTimeline = Pick<
  Timeline,
  | 'n'
  | 'dtSec'
  | 'tMs'
  | 'sec'
  | 'epoch'
  | 'offeredRps'
  | 'users'
  | 'servedRps'
  | 'requests'
  | 'errors'
  | 'latMeanMs'
  | 'latSigma'
>;

/** The HTTP path of a `kafka` test keeps up well past the consumer's capacity. */
export function serviceModel(s: Scenario): ServiceModel {
  return {
    capRps: s.capacityRps,
    httpCapRps: s.bottleneck === 'kafka' ? 1.6 * s.capacityRps : s.capacityRps,
    consumeCapRps: s.bottleneck === 'kafka' ? s.capacityRps : 3 * s.capacityRps,
    baseLatencyMs: s.baseLatencyMs ?? 40,
  };
}

/**
 * Latency as a multiple of the base latency at utilisation `u` (offered / capacity):
 * queueing growth u⁴/(1-u) below capacity, then a steep linear climb once requests queue
 * without bound.
 */
export function latencyFactor(u: number): number {
  const knee = 0.985;
  const rho = Math.min(Math.max(u, 0), knee);
  const below = 1 + (0.15 * rho ** 4) / (1 - rho);
  return u <= knee ? below : below + 60 * (u - knee);
}

/** Share of failed requests at utilisation `u`: a trace below capacity, timeouts/5xx above. */
export function errorShare(u: number): number {
  if (u >= 1) return Math.min(0.5, 0.03 + 0.7 * (u - 1));
  return 0.0005 + 0.003 * Math.max(0, (u - 0.9) / 0.1) ** 2;
}

/** Served throughput at offered load: follows it, then plateaus and degrades slightly. */
export function servedFor(offered: number, capRps: number): number {
  if (offered <= capRps) return offered;
  return capRps * (1 - 0.04 * Math.min(1, offered / capRps - 1));
}

/** Rounds a stream of fractional amounts to integers, carrying the remainder forward. */
export function carryRounder(): (x: number) => number {
  let carry = 0;
  return (x: number) => {
    const total = x + carry;
    const out = Math.max(0, Math.floor(total + 1e-9));
    carry = total - out;
    return out;
  };
}

/** A zero-filled array of length `n`. */
export function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

/** `x` limited to [lo, hi]. */
export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
