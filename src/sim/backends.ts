import { type CoreTimeline, carryRounder, clamp, type ServiceModel, zeros } from './model.js';
import { gaussian, jitter, streamRng } from './prng.js';
import type { Scenario } from './scenario.js';
import { DEPLOYMENT, type Timeline } from './timeline.js';

/** The parts of the timeline outside the JVM: connection pool, PostgreSQL, Kafka, host I/O. */
export type BackendTimeline = Pick<
  Timeline,
  | 'poolActive'
  | 'poolIdle'
  | 'poolPending'
  | 'poolMax'
  | 'poolMin'
  | 'acquireMeanSec'
  | 'acquireMaxSec'
  | 'dbCommits'
  | 'dbRollbacks'
  | 'dbDeadlocks'
  | 'dbBlksHit'
  | 'dbBlksRead'
  | 'dbIdleInTx'
  | 'dbOtherBackends'
  | 'kafkaPartitions'
  | 'kafkaLogEnd'
  | 'kafkaCommitted'
  | 'netRxBytes'
  | 'netTxBytes'
  | 'diskBusySec'
>;

type PoolPart = Pick<
  BackendTimeline,
  'poolActive' | 'poolIdle' | 'poolPending' | 'acquireMeanSec' | 'acquireMaxSec' | 'dbIdleInTx'
>;

/**
 * HikariCP by Little's law: connections held = throughput × hold time. A `db_pool` test
 * sizes the hold time so the pool is exactly full at capacity; above it requests queue
 * (pending) for a connection. Other tests keep the pool under half full.
 */
function computePool(s: Scenario, core: CoreTimeline, model: ServiceModel): PoolPart {
  const rng = streamRng(s.seed, 'pool');
  const { poolMax, poolMin } = DEPLOYMENT;
  const isDb = s.bottleneck === 'db_pool';
  const holdSec = isDb ? poolMax / model.capRps : (0.4 * poolMax) / model.httpCapRps;
  const out: PoolPart = {
    poolActive: zeros(core.n),
    poolIdle: zeros(core.n),
    poolPending: zeros(core.n),
    acquireMeanSec: zeros(core.n),
    acquireMaxSec: zeros(core.n),
    dbIdleInTx: zeros(core.n),
  };
  for (let i = 0; i < core.n; i++) {
    const offered = core.offeredRps[i]!;
    const served = core.servedRps[i]!;
    const saturated = isDb && offered > model.capRps;
    const demand = served * holdSec * jitter(rng, 0.08);
    let active = Math.round(demand + 0.5 * Math.sqrt(demand) * gaussian(rng));
    active = saturated ? poolMax : clamp(active, 0, poolMax);
    let pending = 0;
    if (saturated) pending = Math.round(Math.max(1, (offered - served) * 0.6) * jitter(rng, 0.15));
    else if (isDb && demand > poolMax - 1) pending = Math.floor(rng() * 3);
    const total = Math.min(poolMax, Math.max(poolMin, active + poolMin));
    out.poolActive[i] = active;
    out.poolIdle[i] = total - active;
    out.poolPending[i] = pending;
    // Waiting for a connection takes about as long as the pool needs to serve the queue.
    const mean = pending > 0 ? pending / (poolMax / holdSec) : 0.0002 * jitter(rng, 0.2);
    out.acquireMeanSec[i] = mean;
    out.acquireMaxSec[i] = pending > 0 ? mean * (2.5 + rng()) : 0.002 * jitter(rng, 0.3);
    out.dbIdleInTx[i] = Math.min(active, saturated ? 1 + Math.floor(rng() * 3) : rng() < 0.1 ? 1 : 0);
  }
  return out;
}

/**
 * Kafka: every successful request produces one event; the consumer group drains at most
 * `consumeCapRps` messages/s, so the lag only grows when production outruns it.
 */
function computeKafka(s: Scenario, core: CoreTimeline, model: ServiceModel) {
  const rng = streamRng(s.seed, 'kafka');
  const parts = DEPLOYMENT.kafkaPartitions;
  const logEnd: number[][] = [];
  const committed: number[][] = [];
  for (let p = 0; p < parts; p++) {
    const base = 1_000_000 * (p + 1) + Math.floor(rng() * 100_000);
    const round = carryRounder();
    const le = zeros(core.n);
    const co = zeros(core.n);
    let produced = base;
    let consumed = base;
    let lastCommit = base;
    for (let i = 0; i < core.n; i++) {
      const prod = round(((core.requests[i]! - core.errors[i]!) / parts) * jitter(rng, 0.03));
      produced += prod;
      const capacity = Math.floor(((model.consumeCapRps * core.dtSec) / parts) * jitter(rng, 0.03));
      consumed += Math.min(produced - consumed, capacity);
      // Fetched but not yet committed messages keep a small lag even when the group keeps up.
      const inFlight = Math.round((prod / core.dtSec) * 0.3 * jitter(rng, 0.3));
      lastCommit = clamp(consumed - inFlight, lastCommit, produced);
      le[i] = produced;
      co[i] = lastCommit;
    }
    logEnd.push(le);
    committed.push(co);
  }
  return { kafkaPartitions: parts, kafkaLogEnd: logEnd, kafkaCommitted: committed };
}

/** Pool, database, Kafka and host I/O parts of the timeline. */
export function computeBackends(s: Scenario, core: CoreTimeline, model: ServiceModel): BackendTimeline {
  const pool = computePool(s, core, model);
  const rng = streamRng(s.seed, 'db');
  const isDb = s.bottleneck === 'db_pool';
  const n = core.n;
  const commits = carryRounder();
  const rollbacks = carryRounder();
  const out = {
    dbCommits: zeros(n),
    dbRollbacks: zeros(n),
    dbDeadlocks: zeros(n),
    dbBlksHit: zeros(n),
    dbBlksRead: zeros(n),
    netRxBytes: zeros(n),
    netTxBytes: zeros(n),
    diskBusySec: zeros(n),
  };
  for (let i = 1; i < n; i++) {
    const dt = core.dtSec;
    const req = core.requests[i]!;
    const ok = req - core.errors[i]!;
    out.dbCommits[i] = commits(ok * 1.3 * jitter(rng, 0.02) + 2 * dt);
    out.dbRollbacks[i] = rollbacks(core.errors[i]! * 0.8 + 0.01 * dt);
    out.dbDeadlocks[i] = isDb && core.offeredRps[i]! > model.capRps && rng() < 0.05 ? 1 : 0;
    out.dbBlksHit[i] = Math.round((req * 40 + 500 * dt) * jitter(rng, 0.03));
    out.dbBlksRead[i] = Math.round((req * 0.4 + 5 * dt) * jitter(rng, 0.1));
    out.netRxBytes[i] = Math.round((req * 1400 + 20_000 * dt) * jitter(rng, 0.03));
    out.netTxBytes[i] = Math.round((req * 3800 + ok * 600 + 15_000 * dt) * jitter(rng, 0.03));
    const busy = (0.01 + 0.04 * Math.min(1, core.servedRps[i]! / model.httpCapRps)) * jitter(rng, 0.2);
    out.diskBusySec[i] = clamp(busy, 0, 1) * dt;
  }
  return {
    ...pool,
    poolMax: DEPLOYMENT.poolMax,
    poolMin: DEPLOYMENT.poolMin,
    dbOtherBackends: 3,
    ...out,
    ...computeKafka(s, core, model),
  };
}
