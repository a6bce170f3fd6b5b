import { computeBackends } from './backends.js';
import {
  type CoreTimeline,
  carryRounder,
  errorShare,
  ITERATION_SEC,
  latencyFactor,
  servedFor,
  serviceModel,
  zeros,
} from './model.js';
import { gaussian, jitter, streamRng } from './prng.js';
import { expandProfile } from './profile.js';
import { computeResources } from './resources.js';
import type { Fault, Scenario } from './scenario.js';
import type { Timeline } from './timeline.js';

type WindowFault = Extract<Fault, { durationSec: number }>;

/** The fault of this kind whose window overlaps the interval ending at `sec`. */
function activeFault<K extends WindowFault['kind']>(
  s: Scenario,
  kind: K,
  sec: number,
  dt: number,
): Extract<WindowFault, { kind: K }> | undefined {
  for (const f of s.faults) {
    if (f.kind === kind && 'durationSec' in f && sec > f.atSec && sec - dt < f.atSec + f.durationSec) {
      return f as Extract<WindowFault, { kind: K }>;
    }
  }
  return undefined;
}

function computeCore(s: Scenario): CoreTimeline {
  const profile = expandProfile(s.profile);
  const model = serviceModel(s);
  const dt = s.scrapeIntervalSec;
  const n = Math.floor(profile.totalSec / dt) + 1;
  const rng = streamRng(s.seed, 'physics');
  const restarts = s.faults.flatMap((f) => (f.kind === 'restart' ? [f.atSec] : []));
  const tl: CoreTimeline = {
    n,
    dtSec: dt,
    tMs: zeros(n),
    sec: zeros(n),
    epoch: zeros(n),
    offeredRps: zeros(n),
    users: zeros(n),
    servedRps: zeros(n),
    requests: zeros(n),
    errors: zeros(n),
    latMeanMs: zeros(n),
    latSigma: zeros(n),
  };
  const roundReq = carryRounder();
  const roundErr = carryRounder();
  for (let i = 0; i < n; i++) {
    const sec = i * dt;
    tl.tMs[i] = s.startMs + sec * 1000;
    tl.sec[i] = sec;
    tl.epoch[i] = restarts.filter((r) => r < sec).length;
    const restartTick = restarts.some((r) => r < sec && r >= sec - dt);
    // Rates describe the interval ending at the sample: take the load at its midpoint.
    const offered = i === 0 ? profile.offeredAt(0) : profile.offeredAt(sec - dt / 2);
    const u = offered / model.httpCapRps;
    tl.offeredRps[i] = offered;
    tl.users[i] = Math.round(profile.offeredAt(sec) * ITERATION_SEC * jitter(rng, 0.01));

    let served = servedFor(offered, model.httpCapRps) * jitter(rng, 0.015);
    let latency = model.baseLatencyMs * latencyFactor(u) * jitter(rng, 0.05);
    let errRate = errorShare(u) * jitter(rng, 0.1);
    // Occasional hiccups (a slow query, a noisy neighbour), so the analysis must be robust.
    if (rng() < 0.02) {
      latency *= 1.8 + rng();
      served *= 0.93;
    }
    if (activeFault(s, 'stall', sec, dt)) {
      served *= 0.02;
      latency *= 15;
    }
    if (restartTick) {
      served *= 0.3;
      latency *= 5;
      errRate = Math.max(errRate, 0.2);
    }
    const burst = activeFault(s, 'error_burst', sec, dt);
    if (burst) errRate = Math.max(errRate, burst.errorRate * jitter(rng, 0.05));

    const requests = i === 0 ? 0 : roundReq(served * dt);
    tl.servedRps[i] = requests / dt;
    tl.requests[i] = requests;
    tl.errors[i] = Math.min(requests, roundErr(requests * Math.min(1, errRate)));
    tl.latMeanMs[i] = latency;
    tl.latSigma[i] = 0.45 + 0.25 * Math.min(1, Math.max(0, u - 0.8) / 0.6) + 0.02 * gaussian(rng);
  }
  return tl;
}

/** Computes the full per-tick timeline of a scenario (deterministic for its seed). */
export function computeTimeline(s: Scenario): Timeline {
  const core = computeCore(s);
  const model = serviceModel(s);
  const backends = computeBackends(s, core, model);
  const resources = computeResources(s, core, model, backends);
  return { ...core, ...backends, ...resources };
}
