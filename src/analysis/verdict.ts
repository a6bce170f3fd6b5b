import type { DomainId } from '../config/file.schema.js';
import type { Finding } from './findings/common.js';
import type { DomainStatus, Verdict } from './report.types.js';
import type { SloOutcome } from './slo-eval.js';

/** What the verdict depends on. */
export interface VerdictInput {
  /** Any throughput series (load tool or service) has data. */
  hasThroughput: boolean;
  /** Any latency series has data. */
  hasLatency: boolean;
  slo: SloOutcome[];
  findings: Finding[];
}

const serious = (f: Finding) => f.severity === 'high' || f.severity === 'critical';

/**
 * The overall verdict.
 *
 * - `insufficient_data`: no throughput or no latency series at all — nothing to judge.
 * - With service SLOs (latency, error rate, rps):
 *   `fail` when one fails at the target load (the step reaching the `rps` target, else the
 *   highest step applied) or the target rps is not reached; `risk` when they hold but a
 *   high/critical finding exists (leak, saturation, growing lag), a cpu/memory SLO fails,
 *   or an SLO could not be evaluated (never assumed to hold); `pass` otherwise. Findings do
 *   not turn held SLOs into `fail`: the SLOs are the contract.
 * - Without service SLOs no latency threshold applies: a critical finding → `fail`, a high
 *   one (or a failing/unevaluated cpu/memory SLO) → `risk`, else `pass`.
 */
export function decideVerdict(input: VerdictInput): Verdict {
  if (!input.hasThroughput || !input.hasLatency) return 'insufficient_data';
  const service = input.slo.filter((s) => s.kind === 'service');
  const resource = input.slo.filter((s) => s.kind === 'resource');
  const unevaluated = input.slo.some((s) => s.passed === null);
  const resourceFails = resource.some((s) => s.passed === false);
  if (service.length > 0) {
    if (service.some((s) => s.passed === false)) return 'fail';
  } else if (input.findings.some((f) => f.severity === 'critical')) {
    return 'fail';
  }
  if (input.findings.some(serious) || resourceFails || unevaluated) return 'risk';
  return 'pass';
}

/**
 * A domain's status: `no_data` without series; `fail` with a critical finding or a failing
 * SLO that read this domain's series; `risk` with a high finding; else `ok`.
 */
export function domainStatus(
  domain: DomainId,
  hasData: boolean,
  findings: Finding[],
  slo: SloOutcome[],
): DomainStatus {
  if (!hasData) return 'no_data';
  const mine = findings.filter((f) => f.domain === domain);
  if (
    mine.some((f) => f.severity === 'critical') ||
    slo.some((s) => s.domain === domain && s.passed === false)
  ) {
    return 'fail';
  }
  return mine.some((f) => f.severity === 'high') ? 'risk' : 'ok';
}
