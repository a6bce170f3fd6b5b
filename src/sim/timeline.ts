/**
 * The simulated system, tick by tick. Tick `i` is sampled at `tMs[i]` and describes the
 * interval that ends there: rates and increments (`requests`, `gcPauseSec`, …) cover the
 * interval, gauges (`users`, `poolActive`, …) are the value at the sample instant.
 * Tick 0 is the start of the test; its increments are 0.
 */
export interface Timeline {
  n: number;
  dtSec: number;
  /** Sample timestamps, epoch ms. */
  tMs: number[];
  /** Seconds since the start of the test. */
  sec: number[];
  /** Process restarts so far: app counters reset when this changes. */
  epoch: number[];

  // Load and service.
  offeredRps: number[];
  users: number[];
  /** Completed requests per second, all statuses. */
  servedRps: number[];
  /** Completed requests in the interval (integer). */
  requests: number[];
  /** Failed requests (5xx, timeouts) in the interval (integer, ≤ requests). */
  errors: number[];
  /** Mean latency in the interval, ms. */
  latMeanMs: number[];
  /** Log-normal shape of the latency distribution. */
  latSigma: number[];

  // CPU.
  /** Share of the container's cores the JVM uses (Micrometer `process_cpu_usage`). */
  processCpu: number[];
  /** Share of all host cores busy. */
  hostCpu: number[];
  /** Cores the container uses. */
  containerCores: number[];
  /** Share of CFS periods throttled. */
  throttleRatio: number[];
  load1: number[];

  // Memory and GC (bytes, seconds).
  heapUsed: number[];
  /** Old-generation occupancy right after the last GC (live data). */
  heapLive: number[];
  heapCommitted: number[];
  nonHeapUsed: number[];
  rss: number[];
  gcMinorCount: number[];
  gcMinorSec: number[];
  gcMajorCount: number[];
  gcMajorSec: number[];
  /** Longest single pause of the interval, any kind. */
  gcMaxPauseSec: number[];
  /** Longest young-generation pause of the interval. */
  gcMinorMaxSec: number[];
  allocatedBytes: number[];
  promotedBytes: number[];

  // Threads.
  threadsLive: number[];
  threadsRunnable: number[];
  threadsBlocked: number[];
  threadsWaiting: number[];
  threadsTimedWaiting: number[];
  openFds: number[];

  // Connection pool (HikariCP).
  poolActive: number[];
  poolIdle: number[];
  poolPending: number[];
  poolMax: number;
  poolMin: number;
  acquireMeanSec: number[];
  acquireMaxSec: number[];

  // PostgreSQL.
  dbCommits: number[];
  dbRollbacks: number[];
  dbDeadlocks: number[];
  dbBlksHit: number[];
  dbBlksRead: number[];
  dbIdleInTx: number[];
  dbOtherBackends: number;

  // Kafka, per partition: log-end offset, committed offset of the consumer group.
  kafkaPartitions: number;
  kafkaLogEnd: number[][];
  kafkaCommitted: number[][];

  // Host network and disk, per interval.
  netRxBytes: number[];
  netTxBytes: number[];
  diskBusySec: number[];
}

/** Fixed sizes of the simulated deployment. */
export const DEPLOYMENT = {
  hostCpus: 2,
  /** Container CPU quota, cores (= the host: a CPU-bound service saturates both). */
  containerCores: 2,
  cfsPeriodUs: 100_000,
  heapMaxBytes: 1024 * 1024 * 1024,
  containerMemLimitBytes: 2 * 1024 * 1024 * 1024,
  hostMemBytes: 8 * 1024 * 1024 * 1024,
  poolMax: 10,
  poolMin: 5,
  kafkaPartitions: 3,
  maxFds: 1_048_576,
} as const;
