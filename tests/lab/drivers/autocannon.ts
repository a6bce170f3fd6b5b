import autocannon from 'autocannon';
import type { StepTruth } from '../truth.js';

export interface AutocannonPlan {
  /** Connections per step, e.g. [2, 4, 8, 16, 32]. */
  connections: number[];
  stepS: number;
}

/**
 * Runs autocannon (programmatic API, in this process) once per connection count, back to
 * back. autocannon reports p50/p90/p97.5/p99 but no p95: `p95Ms` holds p97.5. Errors are
 * transport errors and timeouts plus non-2xx responses.
 */
export async function runAutocannonSteps(url: string, plan: AutocannonPlan): Promise<StepTruth[]> {
  const steps: StepTruth[] = [];
  for (const [i, connections] of plan.connections.entries()) {
    const r = await autocannon({ url, connections, duration: plan.stepS, pipelining: 1, timeout: 10 });
    const startMs = new Date(r.start).getTime();
    const endMs = new Date(r.finish).getTime();
    const seconds = (endMs - startMs) / 1000;
    steps.push({
      step: i + 1,
      load: connections,
      startMs,
      endMs,
      requests: r.requests.total,
      rps: seconds > 0 ? r.requests.total / seconds : 0,
      p50Ms: r.latency.p50,
      p95Ms: r.latency.p97_5,
      p99Ms: r.latency.p99,
      p95Basis: 'p97.5',
      errors: r.errors + r.timeouts + r.non2xx,
    });
  }
  return steps;
}
