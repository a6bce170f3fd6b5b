import type { BackendTimeline } from './backends.js';
import { type CoreTimeline, clamp, type ServiceModel, zeros } from './model.js';
import { gaussian, jitter, streamRng } from './prng.js';
import type { Scenario } from './scenario.js';
import { DEPLOYMENT, type Timeline } from './timeline.js';

const MiB = 1024 * 1024;

/** CPU, memory, GC, threads and file descriptors of the service. */
export type ResourceTimeline = Pick<
  Timeline,
  | 'processCpu'
  | 'hostCpu'
  | 'containerCores'
  | 'throttleRatio'
  | 'load1'
  | 'heapUsed'
  | 'heapLive'
  | 'heapCommitted'
  | 'nonHeapUsed'
  | 'rss'
  | 'gcMinorCount'
  | 'gcMinorSec'
  | 'gcMajorCount'
  | 'gcMajorSec'
  | 'gcMaxPauseSec'
  | 'gcMinorMaxSec'
  | 'allocatedBytes'
  | 'promotedBytes'
  | 'threadsLive'
  | 'threadsRunnable'
  | 'threadsBlocked'
  | 'threadsWaiting'
  | 'threadsTimedWaiting'
  | 'openFds'
>;

/**
 * Share of wall time spent in GC pauses. A `gc` test fills the heap with live data as load
 * grows, so collections get frequent and long; past capacity they dominate.
 */
function gcShare(isGc: boolean, xr: number, over: number): number {
  if (!isGc) return 0.002 + 0.012 * Math.min(xr, 1);
  if (over < 1) return 0.005 + 0.07 * Math.min(xr, 1) ** 8;
  return Math.min(0.45, 0.08 + 0.5 * (over - 1));
}

/** Computes the resource part of the timeline from load, service and pool state. */
export function computeResources(
  s: Scenario,
  core: CoreTimeline,
  model: ServiceModel,
  backends: BackendTimeline,
): ResourceTimeline {
  const rng = streamRng(s.seed, 'resources');
  const n = core.n;
  const dt = core.dtSec;
  const isCpu = s.bottleneck === 'cpu';
  const isGc = s.bottleneck === 'gc';
  const heapMax = DEPLOYMENT.heapMaxBytes;
  const leakPerMin = s.faults.reduce((a, f) => a + (f.kind === 'memory_leak' ? f.bytesPerMinute : 0), 0);
  const restarts = s.faults.flatMap((f) => (f.kind === 'restart' ? [f.atSec] : []));
  const out: ResourceTimeline = {
    processCpu: zeros(n),
    hostCpu: zeros(n),
    containerCores: zeros(n),
    throttleRatio: zeros(n),
    load1: zeros(n),
    heapUsed: zeros(n),
    heapLive: zeros(n),
    heapCommitted: zeros(n),
    nonHeapUsed: zeros(n),
    rss: zeros(n),
    gcMinorCount: zeros(n),
    gcMinorSec: zeros(n),
    gcMajorCount: zeros(n),
    gcMajorSec: zeros(n),
    gcMaxPauseSec: zeros(n),
    gcMinorMaxSec: zeros(n),
    allocatedBytes: zeros(n),
    promotedBytes: zeros(n),
    threadsLive: zeros(n),
    threadsRunnable: zeros(n),
    threadsBlocked: zeros(n),
    threadsWaiting: zeros(n),
    threadsTimedWaiting: zeros(n),
    openFds: zeros(n),
  };
  let load1 = 0.3;
  for (let i = 0; i < n; i++) {
    const sec = core.sec[i]!;
    const served = core.servedRps[i]!;
    const offered = core.offeredRps[i]!;
    const xr = served / model.httpCapRps;
    const over = offered / model.capRps;
    const lastRestart = Math.max(0, ...restarts.filter((r) => r < sec));
    const uptimeSec = sec - lastRestart;

    // GC and heap.
    const share = i === 0 ? 0 : gcShare(isGc, xr, over) * jitter(rng, 0.1);
    const loadLive = isGc
      ? 200 * MiB + 650 * MiB * Math.min(1.05, served / model.capRps) ** 1.5
      : 180 * MiB + 0.6 * MiB * Math.min(served, 1.05 * model.httpCapRps);
    const leak = (leakPerMin * uptimeSec) / 60;
    const live = Math.min(heapMax * 0.97, (loadLive + leak) * jitter(rng, 0.01));
    const young = clamp(heapMax - live - 64 * MiB, 24 * MiB, 300 * MiB);
    const alloc = i === 0 ? 0 : (core.requests[i]! * 0.4 * MiB + 2 * MiB * dt) * jitter(rng, 0.05);
    const minor = i === 0 ? 0 : Math.max(1, Math.round(alloc / young));
    const pause = share * dt;
    const major = isGc && over >= 1 && i > 0 ? (over > 1.3 ? 2 : 1) : 0;
    const majorSec = major > 0 ? Math.min(pause * 0.6, major * (0.3 + 0.8 * (over - 1))) : 0;
    const minorSec = pause - majorSec;
    out.gcMinorCount[i] = minor;
    out.gcMinorSec[i] = minorSec;
    out.gcMajorCount[i] = major;
    out.gcMajorSec[i] = majorSec;
    // The longest single pause: pauses vary, but one can never exceed their sum.
    const longestMinor = minor ? Math.min(minorSec, (minorSec / minor) * (1.2 + 0.8 * rng())) : 0;
    out.gcMinorMaxSec[i] = longestMinor;
    out.gcMaxPauseSec[i] = Math.max(major ? majorSec / major : 0, longestMinor);
    out.allocatedBytes[i] = Math.round(alloc);
    out.promotedBytes[i] = Math.round(alloc * 0.015 + (leakPerMin * dt) / 60);
    out.heapLive[i] = Math.round(live);
    out.heapUsed[i] = Math.round(Math.min(heapMax * 0.995, live + 16 * MiB + rng() * young));
    out.heapCommitted[i] = Math.min(heapMax, Math.round(live + 316 * MiB));
    out.nonHeapUsed[i] = Math.round(
      (130 * MiB + 12 * MiB * Math.min(1, uptimeSec / 600)) * jitter(rng, 0.003),
    );

    // CPU: a `cpu` test burns nearly all of its quota at capacity; GC threads add to any test.
    let cpu = isCpu
      ? over >= 1
        ? 0.975 + 0.01 * gaussian(rng)
        : 0.04 + 0.93 * Math.min(xr, 1) * jitter(rng, 0.02)
      : (0.04 + 0.42 * Math.min(xr, 1.05)) * jitter(rng, 0.04) + share * 0.5;
    cpu = clamp(cpu, 0.01, 1);
    const cores = Math.min(DEPLOYMENT.containerCores, cpu * DEPLOYMENT.containerCores + 0.01);
    const host = clamp((cores + 0.12 + 0.02 * gaussian(rng)) / DEPLOYMENT.hostCpus, 0.02, 1);
    out.processCpu[i] = cpu;
    out.containerCores[i] = cores;
    out.hostCpu[i] = host;
    out.throttleRatio[i] =
      cpu > 0.8 ? Math.min(0.9, ((cpu - 0.8) / 0.2) * 0.7 * jitter(rng, 0.1)) : 0.004 * rng();
    const runQueue = isCpu && over > 1 ? (over - 1) * 8 : 0;
    load1 += (host * DEPLOYMENT.hostCpus + runQueue + 0.1 - load1) * (1 - Math.exp(-dt / 60));
    out.load1[i] = load1;

    // Threads: busy request threads by Little's law; those short of a DB connection wait.
    const busy = Math.min(200, served * (core.latMeanMs[i]! / 1000));
    const tomcat = clamp(Math.ceil(busy * 1.2), 10, 200);
    const live2 = 32 + tomcat;
    const dbWait = Math.min(Math.round(busy), backends.poolPending[i]!);
    const runnable = Math.min(Math.round(6 + Math.min(busy - dbWait, 16) * jitter(rng, 0.1)), live2 - 20);
    const blocked = Math.round(0.03 * busy * rng());
    const waiting = 12 + dbWait;
    out.threadsLive[i] = live2;
    out.threadsRunnable[i] = Math.max(0, runnable);
    out.threadsBlocked[i] = blocked;
    out.threadsWaiting[i] = waiting;
    out.threadsTimedWaiting[i] = Math.max(0, live2 - Math.max(0, runnable) - blocked - waiting);

    out.rss[i] = Math.round(
      (out.heapCommitted[i]! + out.nonHeapUsed[i]! + 150 * MiB + live2 * MiB) * jitter(rng, 0.002),
    );
    const poolTotal = backends.poolActive[i]! + backends.poolIdle[i]!;
    out.openFds[i] =
      80 + poolTotal + Math.round(Math.min(core.users[i]!, 500) * 0.4) + 2 * DEPLOYMENT.kafkaPartitions;
  }
  return out;
}
