import type { LabTruth, StepTruth } from './truth.js';

/**
 * The largest value of an instant PromQL `expr` sampled every second over a step's second
 * half (the settled part), straight from the lab's Prometheus: evidence that a lab saturates
 * where it claims to, independent of the engine.
 */
export async function maxOverStep(promUrl: string, expr: string, step: StepTruth): Promise<number | null> {
  const from = (step.startMs + step.endMs) / 2 / 1000;
  const url = `${promUrl}/api/v1/query_range?query=${encodeURIComponent(expr)}&start=${from}&end=${step.endMs / 1000}&step=1`;
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${expr}: HTTP ${res.status}`);
  const body = (await res.json()) as { data?: { result?: Array<{ values: Array<[number, string]> }> } };
  const values = (body.data?.result ?? []).flatMap((s) => s.values.map(([, v]) => Number(v)));
  return values.length ? Math.max(...values) : null;
}

/** The tool's last (highest-concurrency) step. */
export function lastStep(truth: LabTruth): StepTruth {
  const s = truth.steps[truth.steps.length - 1];
  if (!s) throw new Error(`${truth.lab} has no steps`);
  return s;
}
