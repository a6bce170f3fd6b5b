import { z } from 'zod';

/**
 * What the load tool itself measured in one step: the truth the engine's answers are held
 * against. Latencies are the tool's own percentiles; `p95Basis` says which percentile fills
 * `p95Ms` when the tool has no p95 (autocannon reports p90 and p97.5, not p95).
 */
export const stepTruthSchema = z.object({
  /** 1-based. */
  step: z.number().int().positive(),
  /** Concurrency the tool offered: pgbench clients, autocannon connections, hey workers. */
  load: z.number().int().positive(),
  startMs: z.number().int(),
  endMs: z.number().int(),
  requests: z.number().int().nonnegative(),
  rps: z.number().nonnegative(),
  p50Ms: z.number().nonnegative().nullable(),
  p95Ms: z.number().nonnegative().nullable(),
  p99Ms: z.number().nonnegative().nullable(),
  p95Basis: z.enum(['p95', 'p97.5']),
  errors: z.number().int().nonnegative(),
});
export type StepTruth = z.infer<typeof stepTruthSchema>;

/** One lab run: the service (its Prometheus job), the tool, the report window and its steps. */
export const labTruthSchema = z.object({
  lab: z.enum(['postgres-pgbench', 'node-autocannon', 'flask-hey']),
  job: z.string(),
  tool: z.string(),
  /** The report window: the steps with a few idle seconds on each side. */
  fromMs: z.number().int(),
  toMs: z.number().int(),
  scrapeIntervalS: z.number().positive(),
  /** Where the system saturates, by construction of the lab (checked against the tool). */
  bottleneck: z.enum(['database', 'infra', 'http']),
  steps: z.array(stepTruthSchema).min(2),
});
export type LabTruth = z.infer<typeof labTruthSchema>;

/**
 * Where each lab saturates, by construction: pgbench's transactions queue on 4 hot rows
 * (tests/lab/pgbench/hot-rows.sql); the Node service's pool of 4 holds each connection ~10 ms; the Flask app's
 * per-request Python work runs under one GIL (one core of the process).
 */
export const LAB_BOTTLENECK: Record<LabTruth['lab'], LabTruth['bottleneck']> = {
  'postgres-pgbench': 'database',
  'node-autocannon': 'database',
  'flask-hey': 'infra',
};

/**
 * The service a user names for each lab's report. PostgreSQL under pgbench has no
 * application service in front of it (an exporter is not a service): its report is unscoped.
 */
export const LAB_SERVICE: Record<LabTruth['lab'], string | null> = {
  'postgres-pgbench': null,
  'node-autocannon': 'orders-node',
  'flask-hey': 'flask-app',
};

/** The step with the highest throughput the tool measured. */
export function bestStep(truth: LabTruth): StepTruth {
  return truth.steps.reduce((best, s) => (s.rps > best.rps ? s : best));
}
