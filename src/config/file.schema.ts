import { z } from 'zod';

/** Domains of a report; every metric pack and finding belongs to one. */
export const DOMAIN_IDS = ['load', 'http', 'jvm', 'database', 'kafka', 'infra'] as const;
export const domainIdSchema = z.enum(DOMAIN_IDS);

/** A user query that adds to or overrides a built-in panel of a domain. */
export const userQuerySchema = z
  .object({
    /** Stable id; a built-in query with the same id is replaced. */
    id: z.string().regex(/^[a-z0-9_]+$/, { message: 'must be lower_snake_case' }),
    title: z.string().min(1).optional(),
    /** What the series means, so the analysis knows how to read it. */
    role: z
      .enum([
        'throughput',
        'latency_p50',
        'latency_p95',
        'latency_p99',
        'errors',
        'error_rate',
        'load',
        'gauge',
      ])
      .default('gauge'),
    unit: z.enum(['rps', 's', 'ms', 'ratio', 'percent', 'bytes', 'count', 'cores']).default('count'),
    promql: z.string().min(1).optional(),
    influxql: z.string().min(1).optional(),
    flux: z.string().min(1).optional(),
    /** Series name template, e.g. `{{instance}} {{uri}}`. */
    legend: z.string().optional(),
  })
  .refine((q) => Boolean(q.promql ?? q.influxql ?? q.flux), {
    message: 'needs one of promql, influxql or flux',
  });

/** One service (area) under test. */
export const serviceSchema = z.object({
  /** PromQL label matchers without braces, e.g. `application="orders"`. */
  selector: z.string().default(''),
  slo: z.array(z.string()).default([]),
  /** Default chats, e.g. `telegram:-100123` or `slack:C0123`. */
  chats: z
    .array(z.string().regex(/^(telegram|slack):\S+$/, { message: 'must look like telegram:<id>' }))
    .default([]),
  prompts: z.record(z.string(), z.string()).default({}),
  queries: z.partialRecord(domainIdSchema, z.array(userQuerySchema)).default({}),
  /**
   * Per-domain selectors that override what topology discovery inferred, e.g.
   * `{ database: 'datname="orders_main"', infra: 'instance=~"db-7.*"' }`.
   */
  selectors: z.partialRecord(domainIdSchema, z.string()).default({}),
  /** InfluxDB load-tool filter, e.g. the JMeter `application` tag. */
  influxApplication: z.string().optional(),
});

const alertRouteSchema = z.object({
  service: z.string(),
  chats: z.array(z.string()).default([]),
  lookbackMinutes: z.number().int().positive().default(30),
  mute: z.boolean().default(false),
  minSeverity: z.enum(['info', 'warning', 'critical']).default('info'),
});

/** The optional YAML file named by `LOADLENS_CONFIG`. */
export const fileConfigSchema = z
  .object({
    services: z
      .record(
        z.string().regex(/^[\w.-]+$/, { message: 'service names use letters, digits, . _ -' }),
        serviceSchema,
      )
      .default({}),
    alerts: z
      .object({
        serviceLabels: z.array(z.string()).default(['service', 'application', 'job']),
        groupWindowSeconds: z.number().int().positive().default(300),
        routes: z.array(alertRouteSchema).default([]),
      })
      .prefault({}),
  })
  .strict();

export type FileConfig = z.infer<typeof fileConfigSchema>;
export type ServiceConfig = z.infer<typeof serviceSchema>;
export type UserQuery = z.infer<typeof userQuerySchema>;
export type DomainId = z.infer<typeof domainIdSchema>;
