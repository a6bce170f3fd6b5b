/**
 * Record and replay of metric sources: `record*Source` wraps a live source and keeps every
 * call with its answer; `replay*Source` answers the same calls from the document (format
 * and validation in `recording-format.ts`). Replay matches by method and normalised args.
 */
import { type Clock, systemClock } from '../core/clock.js';
import { LoadLensError } from '../core/errors.js';
import {
  callKey,
  decodeError,
  decodeResult,
  type ErrorJson,
  encodeError,
  encodeResult,
  type InfluxCall,
  type PromCall,
  parseRecording,
  type Recording,
  rangeArgs,
} from './recording-format.js';
import type { InfluxSource, PromSource } from './source.js';

export {
  type InfluxCall,
  type PromCall,
  parseRecording,
  type Recording,
  recordingSchema,
} from './recording-format.js';

async function capture<T, C>(
  calls: C[],
  make: (o: { result?: unknown; error?: ErrorJson }) => C,
  run: () => Promise<T>,
  encode: (r: T) => unknown = (r) => r,
): Promise<T> {
  try {
    const result = await run();
    calls.push(make({ result: encode(result) }));
    return result;
  } catch (err) {
    calls.push(make({ error: encodeError(err) }));
    throw err;
  }
}

function windowOf(calls: Array<{ args: object }>): { fromMs: number; toMs: number } {
  let fromMs = Number.POSITIVE_INFINITY;
  let toMs = Number.NEGATIVE_INFINITY;
  for (const c of calls) {
    const a = c.args as { fromMs?: number; toMs?: number };
    if (a.fromMs !== undefined) fromMs = Math.min(fromMs, a.fromMs);
    if (a.toMs !== undefined) toMs = Math.max(toMs, a.toMs);
  }
  return Number.isFinite(fromMs) ? { fromMs, toMs } : { fromMs: 0, toMs: 0 };
}

/** Wraps a PromSource so that every call and its answer (or error) is recorded. */
export function recordPromSource(
  src: PromSource,
  opts: { clock?: Clock } = {},
): { source: PromSource; recording(): Recording } {
  const calls: PromCall[] = [];
  const clock = opts.clock ?? systemClock;
  const source: PromSource = {
    kind: src.kind,
    labelValues: (label, fromMs, toMs, matchers) =>
      capture(
        calls,
        (o) =>
          ({
            method: 'labelValues',
            args: { label, fromMs, toMs, matchers: matchers ?? [] },
            ...o,
          }) as PromCall,
        () => src.labelValues(label, fromMs, toMs, matchers),
      ),
    series: (matchers, fromMs, toMs) =>
      capture(
        calls,
        (o) => ({ method: 'series', args: { matchers, fromMs, toMs }, ...o }) as PromCall,
        () => src.series(matchers, fromMs, toMs),
      ),
    queryRange: (q) =>
      capture(
        calls,
        (o) => ({ method: 'queryRange', args: rangeArgs(q), ...o }) as PromCall,
        () => src.queryRange(q),
        encodeResult,
      ),
  };
  return {
    source,
    recording: () => ({
      version: 1,
      createdAt: new Date(clock.now()).toISOString(),
      window: windowOf(calls),
      prom: [...calls],
      influx: [],
    }),
  };
}

/** Wraps an InfluxSource so that every call and its answer (or error) is recorded. */
export function recordInfluxSource(
  src: InfluxSource,
  opts: { clock?: Clock } = {},
): { source: InfluxSource; recording(): Recording } {
  const calls: InfluxCall[] = [];
  const clock = opts.clock ?? systemClock;
  const source: InfluxSource = {
    kind: src.kind,
    measurements: () =>
      capture(
        calls,
        (o) => ({ method: 'measurements', args: {}, ...o }) as InfluxCall,
        () => src.measurements(),
      ),
    queryRange: (q) =>
      capture(
        calls,
        (o) => ({ method: 'queryRange', args: rangeArgs(q), ...o }) as InfluxCall,
        () => src.queryRange(q),
        encodeResult,
      ),
  };
  return {
    source,
    recording: () => ({
      version: 1,
      createdAt: new Date(clock.now()).toISOString(),
      window: windowOf(calls),
      prom: [],
      influx: [...calls],
    }),
  };
}

function index<C extends { method: string; args: object }>(calls: C[]): Map<string, C> {
  const map = new Map<string, C>();
  for (const c of calls) {
    const key = callKey(c.method, c.args as Record<string, unknown>);
    if (!map.has(key)) map.set(key, c);
  }
  return map;
}

function missing(what: string): LoadLensError {
  return new LoadLensError('SOURCE_BAD_RESPONSE', `not in the recording: ${what}`, { retryable: false });
}

function answer<T>(
  call: { result?: unknown; error?: ErrorJson } | undefined,
  what: string,
  decode: (r: never) => T,
): T {
  if (!call) throw missing(what);
  if (call.error) throw decodeError(call.error);
  if (call.result === undefined) throw missing(what);
  return decode(call.result as never);
}

/** A PromSource answering from a recording (accepts a parsed recording or raw JSON). */
export function replayPromSource(rec: Recording | unknown): PromSource {
  const r = parseRecording(rec);
  const calls = index(r.prom);
  return {
    kind: 'replay',
    async labelValues(label, fromMs, toMs, matchers = []) {
      const call = calls.get(callKey('labelValues', { label, fromMs, toMs, matchers }));
      const what = `label values of ${label}${matchers.length ? ` for ${matchers.join(', ')}` : ''}`;
      return answer(call, what, (x: string[]) => [...x]);
    },
    async series(matchers, fromMs, toMs) {
      const call = calls.get(callKey('series', { matchers, fromMs, toMs }));
      return answer(call, `series ${matchers.join(', ')}`, (x: Array<Record<string, string>>) =>
        x.map((l) => ({ ...l })),
      );
    },
    async queryRange(q) {
      const call = calls.get(callKey('queryRange', rangeArgs(q)));
      return answer(call, q.query, decodeResult);
    },
  };
}

/** An InfluxSource answering from a recording (accepts a parsed recording or raw JSON). */
export function replayInfluxSource(rec: Recording | unknown): InfluxSource {
  const r = parseRecording(rec);
  const calls = index(r.influx);
  return {
    kind: 'replay',
    async measurements() {
      return answer(calls.get(callKey('measurements', {})), 'measurements', (x: string[]) => [...x]);
    },
    async queryRange(q) {
      return answer(calls.get(callKey('queryRange', rangeArgs(q))), q.query, decodeResult);
    },
  };
}
