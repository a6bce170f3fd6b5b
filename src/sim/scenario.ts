import type { DomainId } from '../config/file.schema.js';
import type { Deployment } from './deployment.js';

/** A piece of the offered-load profile. Loads are in requests per second offered by the tool. */
export type ProfileSegment =
  | { kind: 'step'; rps: number; durationSec: number }
  | { kind: 'ramp'; fromRps: number; toRps: number; durationSec: number }
  | { kind: 'spike'; baseRps: number; peakRps: number; durationSec: number; spikeSec: number };

/** What limits the system under test. */
export type Bottleneck = 'db_pool' | 'cpu' | 'gc' | 'kafka' | 'none';

export type Fault =
  | { kind: 'memory_leak'; bytesPerMinute: number }
  | { kind: 'error_burst'; atSec: number; durationSec: number; errorRate: number }
  | { kind: 'stall'; atSec: number; durationSec: number }
  /** The service restarts: its counters reset to 0 and its heap starts afresh. */
  | { kind: 'restart'; atSec: number };

/** Exporter families the simulator can emit. */
export type SimFamily =
  | 'micrometer'
  | 'fastapi'
  | 'otel'
  | 'flask_custom'
  /** A Node service: express-prom-bundle plus prom-client's default metrics. */
  | 'express'
  | 'node_exporter'
  | 'cadvisor'
  | 'postgres_exporter'
  | 'kafka_exporter'
  | 'k6'
  | 'locust';

/** Input of one simulated load test. */
export interface Scenario {
  /** Unique name, also written as the `scenario` label on every series. */
  name: string;
  seed: number;
  /** Epoch ms of the first sample. */
  startMs: number;
  scrapeIntervalSec: number;
  profile: ProfileSegment[];
  /** Sustainable throughput of the system, in rps. */
  capacityRps: number;
  bottleneck: Bottleneck;
  faults: Fault[];
  /** Which exporter families to emit; defaults to all but `express` (`DEFAULT_FAMILIES`). */
  families?: SimFamily[];
  /** Value of the `application`/`service_name` labels; defaults to `orders`. */
  application?: string;
  /** Service-side latency at low load, ms (default 40). */
  baseLatencyMs?: number;
  /** HTTP routes of the service (default 2, see `routesFor`); benchmarks ask for dozens. */
  routes?: number;
  /** Identity and placement labels; defaults to `defaultDeployment(application, name)`. */
  deployment?: Deployment;
}

/** One plateau of the truth. */
export interface TruthStep {
  fromMs: number;
  toMs: number;
  offeredRps: number;
  /** Mean served throughput on the plateau. */
  throughputRps: number;
  p95Ms: number;
  errorRate: number;
}

/** What a correct analysis must find. */
export interface GroundTruth {
  scenario: string;
  startMs: number;
  endMs: number;
  steps: TruthStep[];
  /** Highest step whose throughput still follows the offered load. */
  peak: { rps: number; fromMs: number; toMs: number; dropAtMs: number | null } | null;
  bottleneck: Bottleneck;
  /** The report domain where the bottleneck shows (`none` → null). */
  bottleneckDomain: DomainId | null;
  /** True when the offered load exceeded capacity at some step. */
  saturated: boolean;
}

/** Output of `simulate`. */
export interface SimOutput {
  truth: GroundTruth;
  /** OpenMetrics exposition with timestamps (seconds), ending in `# EOF`. */
  openMetrics: string;
  /** InfluxDB line protocol (ns precision) for the JMeter backend listener. */
  influxJmeter: string[];
  /** InfluxDB line protocol (ns precision) for k6's InfluxDB output. */
  influxK6: string[];
}
