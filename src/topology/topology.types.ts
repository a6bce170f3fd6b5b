import type { DomainId } from '../config/file.schema.js';

/** One answer row of the inventory query: a family under one combination of labels. */
export interface InventoryRow {
  /** Metric name. */
  name: string;
  /** Service, placement and target labels present on the row (empty ones omitted). */
  labels: Record<string, string>;
  /** Dialect labels present on the row's series (`status_code`, `handler`, …). */
  flags: ReadonlySet<string>;
  /** Number of series folded into the row. */
  series: number;
}

/** A `label="value"` pair that names a service. */
export interface Identity {
  label: string;
  value: string;
}

/** A load generator seen in the window, and how it was told apart. */
export interface LoadSource {
  tool: 'k6' | 'locust' | 'jmeter';
  /** Human id: the k6 test id, or the job/instance of an exporter. */
  id: string;
  /** PromQL matchers selecting this generator's series (may be empty: the only one). */
  selector: string;
  /** Hosts its requests went to, when its metrics say (k6 URLs). */
  targets: string[];
  /** Mean requests per second in the window. */
  rps: number;
  /** Coarse request-rate profile over the window (for correlation). */
  profile: number[];
}

/** How a load source was attributed to a service. */
export interface LoadLink {
  tool: LoadSource['tool'];
  id: string;
  selector: string;
  how: 'test_id' | 'target' | 'correlation' | 'only_one';
  /** Pearson correlation with the service's throughput, when that decided. */
  r?: number;
}

/** A service with traffic in the window, as the inventory lists it. */
export interface ServiceEntry {
  name: string;
  /** The label that names it (`application`, `job`, `service_name`, …). */
  label: string;
  /** Every label/value pair naming it on its own series. */
  identities: Identity[];
  /** Mean requests per second in the window. */
  rps: number;
  /** Recognised instrumentation stacks (`micrometer`, `fastapi`, `express`, `otel`, …). */
  stacks: string[];
  instances: string[];
  /** Hosts of its instances (IP or hostname without the port). */
  hosts: string[];
  loadTool: LoadLink | null;
  /** Coarse request-rate profile over the window (for correlation). */
  profile: number[];
}

/** What a shared Prometheus holds in a window. */
export interface Topology {
  fromMs: number;
  toMs: number;
  rows: InventoryRow[];
  services: ServiceEntry[];
  loads: LoadSource[];
  warnings: string[];
  /** Round trips spent (queries sent). */
  queries: number;
  /** Scrape interval per target instance (seconds), from `up`; empty when unknown (backfilled data). */
  scrapeSec: Map<string, number>;
}

/** The part of a report that one service owns, per domain, and why. */
export interface ReportScope {
  service: string;
  label: string;
  /** Selectors used per domain (one per pack that contributed). */
  matched: Partial<Record<DomainId, string[]>>;
  reasons: string[];
  /** What was matched, for the one-line summary under the verdict. */
  hosts?: string[];
  databases?: string[];
  containers?: string[];
  consumerGroups?: string[];
  loadTest?: { tool: string; id: string } | null;
}
