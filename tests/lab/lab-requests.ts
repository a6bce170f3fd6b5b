import type { ReportRequest } from '../../src/pipeline/report-engine.js';
import { bestStep, LAB_SERVICE, type LabTruth } from './truth.js';

/** How a lab's window is reported: named by its service (as `--service`), or zero-config. */
export interface LabAsk {
  /** Name the lab's service (`LAB_SERVICE`), as a user does once the report lists several. Default true. */
  scoped?: boolean;
  slos?: string[];
}

/** The engine request for a lab's window: charts off, English, UTC. */
export function labRequest(truth: LabTruth, ask: LabAsk = {}): ReportRequest {
  return {
    fromMs: truth.fromMs,
    toMs: truth.toMs,
    service: ask.scoped === false ? null : LAB_SERVICE[truth.lab],
    slos: ask.slos ?? [],
    charts: false,
    locale: 'en',
    tz: 'UTC',
  };
}

/** SLOs the tool's own figures met at every step, and one throughput target it never reached. */
export function slosFromTruth(truth: LabTruth): { met: string[]; missed: string } {
  const best = bestStep(truth).rps;
  const met = [`rps>=${Math.floor(best * 0.5)}`];
  const errorFree = truth.steps.every((s) => s.requests > 0 && s.errors / s.requests < 0.01);
  if (errorFree) met.push('error_rate<1%');
  // Latency only where the service exports it (HTTP); generous: 3× the worst p99 the tool saw.
  if (truth.lab !== 'postgres-pgbench') {
    const worst = Math.max(...truth.steps.map((s) => s.p99Ms ?? 0));
    met.push(`p99<${Math.ceil(worst * 3)}ms`);
  }
  return { met, missed: `rps>=${Math.ceil(best * 1.5)}` };
}

/** Every request the acceptance makes, so a recording of them replays it completely. */
export function acceptanceAsks(truth: LabTruth): LabAsk[] {
  const { met, missed } = slosFromTruth(truth);
  return [{ scoped: false }, {}, { slos: met }, { slos: [missed] }];
}
