import { routeCounts } from './exporters/routes.js';
import { lognormalMax, lognormalQuantile, lognormalSample } from './latency.js';
import { gaussian, jitter, type Rng, streamRng } from './prng.js';
import type { Scenario } from './scenario.js';
import type { Timeline } from './timeline.js';

/** Escapes a tag key/value or measurement for InfluxDB line protocol. */
function esc(v: string): string {
  return v.replace(/([,= \\])/g, '\\$1');
}

function tagText(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `,${esc(k)}=${esc(v)}`)
    .join('');
}

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function fieldText(fields: Record<string, number>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${esc(k)}=${num(v)}`)
    .join(',');
}

/** Nanosecond timestamp as text (epoch ns exceed double precision, so no float math). */
function ns(ms: number, extraNs = 0): string {
  const extra = Math.min(999_999, Math.max(0, Math.round(extraNs)));
  return `${Math.round(ms)}${String(extra).padStart(6, '0')}`;
}

function line(
  measurement: string,
  tags: Record<string, string>,
  fields: Record<string, number>,
  ts: string,
): string {
  return `${esc(measurement)}${tagText(tags)} ${fieldText(fields)} ${ts}`;
}

/** Latency statistics (ms) of `count` requests of tick `i`, with a little sampling noise. */
function stats(tl: Timeline, i: number, count: number, rng: Rng) {
  const mean = tl.latMeanMs[i]!;
  const sigma = tl.latSigma[i]!;
  const q = (p: number) => lognormalQuantile(mean, sigma, p) * jitter(rng, 0.02);
  return {
    avg: mean * jitter(rng, 0.01),
    min: lognormalQuantile(mean, sigma, 1 / (count + 1)),
    max: lognormalMax(mean, sigma, count),
    'pct90.0': q(0.9),
    'pct95.0': q(0.95),
    'pct99.0': q(0.99),
  };
}

/**
 * JMeter's InfluxDB backend listener, one flush per tick: `jmeter` points per transaction
 * and `statut` (ok, ko, all), the cumulated `transaction=all` row with `countError` and
 * `hit`, and the `transaction=internal` thread counts. Latencies in ms.
 */
export function jmeterLines(s: Scenario, tl: Timeline): string[] {
  const rng = streamRng(s.seed, 'influx:jmeter');
  const app = s.application ?? 'orders';
  const base = { application: app, scenario: s.name };
  const routes = routeCounts(tl);
  const out: string[] = [];
  let started = 0;
  for (let i = 1; i < tl.n; i++) {
    const ts = ns(tl.tMs[i]!);
    for (const rc of routes) {
      const transaction = `${rc.route.method} ${rc.route.path}`;
      const rows: [string, number][] = [
        ['all', rc.total[i]!],
        ['ok', rc.ok[i]!],
        ['ko', rc.failed[i]!],
      ];
      for (const [statut, count] of rows) {
        if (count === 0) continue;
        out.push(
          line('jmeter', { ...base, statut, transaction }, { count, ...stats(tl, i, count, rng) }, ts),
        );
      }
    }
    const total = tl.requests[i]!;
    if (total > 0) {
      const fields = { count: total, countError: tl.errors[i]!, hit: total, ...stats(tl, i, total, rng) };
      out.push(line('jmeter', { ...base, statut: 'all', transaction: 'all' }, fields, ts));
    }
    const users = tl.users[i]!;
    started = Math.max(started, users);
    const threads = { minAT: users, maxAT: users, meanAT: users, startedT: started, endedT: started - users };
    out.push(line('jmeter', { ...base, transaction: 'internal' }, threads, ts));
  }
  return out;
}

const K6_SAMPLES_PER_TICK = 20;

/**
 * k6's InfluxDB output. k6 writes one point per request; to stay small this writes, per tick,
 * one `http_reqs` point per tag set whose `value` is the request count of the tick, and a
 * sample of 20 requests as `http_req_duration` (ms) and `http_req_failed` (0/1) points at
 * distinct nanosecond offsets inside the tick. `vus` has one point per tick.
 */
export function k6InfluxLines(s: Scenario, tl: Timeline): string[] {
  const rng = streamRng(s.seed, 'influx:k6');
  const routes = routeCounts(tl);
  const out: string[] = [];
  const dtMs = tl.dtSec * 1000;
  for (let i = 1; i < tl.n; i++) {
    const ts = ns(tl.tMs[i]!);
    const sets = routes.flatMap((rc) => [
      { method: rc.route.method, name: rc.route.k6Name, status: '200', count: rc.ok[i]! },
      {
        method: rc.route.method,
        name: rc.route.k6Name,
        status: String(rc.route.errorStatus),
        count: rc.failed[i]!,
      },
    ]);
    for (const set of sets) {
      if (set.count === 0) continue;
      out.push(
        line(
          'http_reqs',
          { method: set.method, name: set.name, scenario: s.name, status: set.status },
          { value: set.count },
          ts,
        ),
      );
    }
    const total = tl.requests[i]!;
    const samples = Math.min(K6_SAMPLES_PER_TICK, total);
    const slotMs = dtMs / (samples + 1);
    for (let j = 0; j < samples; j++) {
      // Pick the sampled request's route and status in proportion to the tick's counts.
      let pick = rng() * total;
      let set = sets[0]!;
      for (const cand of sets) {
        set = cand;
        if (pick < cand.count) break;
        pick -= cand.count;
      }
      const at = tl.tMs[i]! - dtMs + slotMs * (j + 1);
      const tsj = ns(Math.floor(at), Math.floor(rng() * 999_999));
      const tags = { method: set.method, name: set.name, scenario: s.name, status: set.status };
      const duration = lognormalSample(tl.latMeanMs[i]!, tl.latSigma[i]!, gaussian(rng));
      out.push(line('http_req_duration', tags, { value: duration }, tsj));
      out.push(line('http_req_failed', tags, { value: set.status === '200' ? 0 : 1 }, tsj));
    }
    out.push(line('vus', { scenario: s.name }, { value: tl.users[i]! }, ts));
  }
  return out;
}
