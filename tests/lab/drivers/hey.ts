import { findBinary } from '../../harness/binaries.js';
import { runCommand } from '../../harness/process.js';
import type { StepTruth } from '../truth.js';

export interface HeyPlan {
  /** Workers (concurrent requests) per step, e.g. [1, 2, 4, 8]. */
  concurrency: number[];
  stepS: number;
}

/** The figures of hey's text summary. */
export interface HeySummary {
  requests: number;
  rps: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  errors: number;
}

/** Parses hey's summary: `Requests/sec`, the latency distribution, status codes and errors. */
export function parseHeySummary(out: string): HeySummary {
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!rps?.[1]) throw new Error(`hey output lacks Requests/sec: ${out.slice(0, 500)}`);
  const pct = (p: number): number | null => {
    const m = new RegExp(`\\b${p}% in ([\\d.]+) secs`).exec(out);
    return m?.[1] ? Number(m[1]) * 1000 : null;
  };
  let ok = 0;
  let bad = 0;
  for (const m of out.matchAll(/\[(\d{3})\]\s+(\d+) responses/g)) {
    if ((m[1] ?? '').startsWith('2')) ok += Number(m[2]);
    else bad += Number(m[2]);
  }
  // Transport errors are listed under "Error distribution:" as "[count]\tmessage".
  const errorPart = out.split('Error distribution:')[1] ?? '';
  let transport = 0;
  for (const m of errorPart.matchAll(/^\s*\[(\d+)\]\s/gm)) transport += Number(m[1]);
  return {
    requests: ok + bad + transport,
    rps: Number(rps[1]),
    p50Ms: pct(50),
    p95Ms: pct(95),
    p99Ms: pct(99),
    errors: bad + transport,
  };
}

/** Runs `hey -z <stepS>s -c N` once per concurrency, back to back; truth from its summary. */
export async function runHeySteps(url: string, plan: HeyPlan): Promise<StepTruth[]> {
  const bin = findBinary('hey', 'hey');
  const steps: StepTruth[] = [];
  for (const [i, c] of plan.concurrency.entries()) {
    const startMs = Date.now();
    const { stdout } = await runCommand(bin, ['-z', `${plan.stepS}s`, '-c', String(c), url], {
      timeoutMs: (plan.stepS + 30) * 1000,
    });
    const endMs = Date.now();
    const s = parseHeySummary(stdout);
    steps.push({ step: i + 1, load: c, startMs, endMs, ...s, p95Basis: 'p95' });
  }
  return steps;
}
