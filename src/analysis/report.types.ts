import type { DomainId } from '../config/file.schema.js';
import type { ReportScope } from '../topology/topology.types.js';
import type { EndpointsJson } from './endpoints.js';
import type { Aggregation, FigureUnit, FindingParam } from './figure.js';
import type { KeyQueryJson } from './key-queries.js';
import type { MissingPanelJson } from './missing-panels.js';
import type { VerdictReason } from './verdict-reason.js';

export type { DomainId };

/** Overall verdict of a report. */
export type Verdict = 'pass' | 'risk' | 'fail' | 'insufficient_data';
/**
 * Per-domain status. `partial`: the domain has data, but some of its panels could not be
 * fetched (`DomainJson.missing` names them).
 */
export type DomainStatus = 'ok' | 'risk' | 'fail' | 'partial' | 'no_data';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Locale = 'ru' | 'en';

/** One load step (plateau) of the offered load. Times are ISO 8601. */
export interface StepJson {
  from: string;
  to: string;
  rps: number;
  p95Ms: number | null;
  errorRate: number | null;
  stable: boolean;
  /** Extra, beyond the contract. */
  p99Ms?: number | null;
  load?: number | null;
}

export interface PeakJson {
  rps: number;
  from: string;
  to: string;
  dropAt: string | null;
  /**
   * Extra: true when something broke at or past the peak (a later step was not sustainable,
   * or a single plateau was not sustainable itself); false when the peak is simply the
   * highest load applied and nothing broke.
   */
  saturated?: boolean;
  /** Extra: start of the first step past the peak that was not sustainable (any reason). */
  breakAt?: string | null;
  /**
   * Extra: why that step broke — throughput fell (`dropAt` is then set), stopped following
   * the load, latency degraded while throughput stayed flat, errors grew, Kafka lag grew.
   */
  breakReason?: 'throughput_fell' | 'stopped_following' | 'latency' | 'errors' | 'kafka_lag' | null;
}

export interface SloResultJson {
  expr: string;
  actual: number | null;
  passed: boolean | null;
  /** Extra, beyond the contract: unit of `actual` (`ms`, `ratio`, `rps`, `bytes`). */
  unit?: string;
  /** Extra: 1-based step the SLO was judged at (capacity tests), null over the whole window. */
  step?: number | null;
  /** Extra: the value at every step (capacity tests, per-step indicators). */
  perStep?: Array<{ step: number; actual: number | null; passed: boolean | null }>;
}

export interface FindingJson {
  severity: Severity;
  title: string;
  metric: string;
  at: string | null;
  value: number | null;
  /** Extra, beyond the contract. */
  id?: string;
  threshold?: number | null;
  evidence?: string;
  /** Extra: unit and aggregation of `value` (see `figure.ts`). */
  unit?: FigureUnit;
  agg?: Aggregation;
  /**
   * Extra: the typed evidence parameters. Surfaces render `title` and `evidence` from
   * `id` + `params` in the reader's locale (`renderFinding`); the stored prose is the
   * analysis locale's rendering, kept for older readers.
   */
  params?: Record<string, FindingParam>;
  /**
   * Extra: `bottleneck` for the earliest saturated resource (it leads the findings), `cause`
   * for other saturations, `symptom` for what capacity looks like from outside (knee,
   * plateau, errors under load).
   */
  role?: 'bottleneck' | 'cause' | 'symptom';
}

export interface DomainJson {
  id: DomainId;
  status: DomainStatus;
  summary: string;
  /** Extra: the summary in each language (same figures), so pages render in the reader's. */
  summaries?: Partial<Record<Locale, string>>;
  findings: FindingJson[];
  /** Why the domain has no data, when it has none. */
  reason?: string;
  /** Which metric packs were detected, e.g. `micrometer`, `k6`. */
  packs?: string[];
  /** Extra: panels the source could not deliver (timed out, overloaded, …), when any. */
  missing?: MissingPanelJson[];
}

export interface ChartJson {
  id: string;
  title: string;
  file: string;
}

export interface TimingsMs {
  fetch: number;
  analyse: number;
  render: number;
  total: number;
}

/** The CLI `--json` contract; field names are stable, fields may be added. */
export interface ReportJson {
  runId: string;
  name: string;
  service: string | null;
  window: { from: string; to: string };
  verdict: Verdict;
  /**
   * Extra: the why line under the verdict — which SLO or built-in rule decided, from which
   * evidence, and the bottleneck; `text` is rendered in both languages, `code` and `params`
   * let a surface re-render it in its reader's zone.
   */
  verdictReason?: VerdictReason;
  peak: PeakJson | null;
  steps: StepJson[];
  slo: SloResultJson[];
  domains: DomainJson[];
  charts: ChartJson[];
  timingsMs: TimingsMs;
  /** Extra, beyond the contract. */
  locale?: Locale;
  warnings?: string[];
  /** Extra: `warnings` in each language; notes without a translation stay as written. */
  warningsI18n?: Partial<Record<Locale, string[]>>;
  /** Domain where the strongest saturation shows, if any. */
  bottleneck?: DomainId | null;
  mode?: 'capacity' | 'soak' | 'unknown';
  selector?: string | null;
  /**
   * Extra: what the report took from a shared Prometheus for its service, per domain, and
   * why (`src/topology`); null when the report is not scoped to a service.
   */
  scope?: ReportScope | null;
  /** Comparison with the service's baseline run, when it has one (CLI JSON). */
  baseline?: { runId: string; verdict: string; summary: string } | null;
  /** The optional LLM narrative (CLI JSON); null when no LLM is configured. */
  llm?: unknown;
  /** Extra: the per-endpoint table (`endpointTable` in endpoints.ts); absent without route labels. */
  endpoints?: EndpointsJson | null;
  /** Extra: the key panels' PromQL (`keyQueries`), for links to Prometheus and Grafana. */
  queries?: KeyQueryJson[];
}
