import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/core/clock.js';
import { isLoadLensError, LoadLensError } from '../../../src/core/errors.js';
import {
  parseRecording,
  recordInfluxSource,
  recordPromSource,
  replayInfluxSource,
  replayPromSource,
} from '../../../src/sources/recording.js';
import type { InfluxSource, PromSource, RangeQuery } from '../../../src/sources/source.js';

const FROM = Date.UTC(2024, 0, 1, 10);
const TO = FROM + 3600_000;

/** A deterministic fake: answers depend on the arguments, so a wrong match shows. */
function fakeProm(): PromSource & { calls: number } {
  const src = {
    kind: 'prometheus' as const,
    calls: 0,
    async labelValues(label: string, _f: number, _t: number, matchers: string[] = []) {
      src.calls++;
      return [`${label}:${matchers.join('|')}`];
    },
    async series(matchers: string[]) {
      src.calls++;
      return matchers.map((m) => ({ __name__: m }));
    },
    async queryRange(q: RangeQuery) {
      src.calls++;
      if (q.query.includes('bad'))
        throw new LoadLensError('SOURCE_QUERY_ERROR', `query "${q.id}" failed: parse error`);
      return {
        series: [
          {
            id: q.id ?? 's',
            name: q.query,
            labels: { q: q.query },
            t: [q.fromMs, q.fromMs + q.stepSec * 1000, q.toMs],
            v: [1.5, Number.NaN, Number.POSITIVE_INFINITY],
          },
        ],
        stepSec: q.stepSec,
        warnings: ['w1'],
      };
    },
  };
  return src;
}

describe('recording', () => {
  it('replays what was recorded, through JSON, with NaN and Infinity intact', async () => {
    const live = fakeProm();
    const rec = recordPromSource(live, { clock: fixedClock(TO + 1000) });
    const q: RangeQuery = { query: 'sum(rate(x[1m]))', fromMs: FROM, toMs: TO, stepSec: 15, id: 'rps' };
    const a1 = await rec.source.labelValues('__name__', FROM, TO, ['{a="1"}', '{b="2"}']);
    const a2 = await rec.source.series(['up'], FROM, TO);
    const a3 = await rec.source.queryRange(q);
    await expect(rec.source.queryRange({ ...q, query: 'bad(', id: 'oops' })).rejects.toThrow('parse error');

    const doc = rec.recording();
    expect(doc.version).toBe(1);
    expect(doc.createdAt).toBe(new Date(TO + 1000).toISOString());
    expect(doc.window).toEqual({ fromMs: FROM, toMs: TO });
    expect(doc.prom).toHaveLength(4);

    const replay = replayPromSource(parseRecording(JSON.parse(JSON.stringify(doc)), 'test.json'));
    expect(replay.kind).toBe('replay');
    // Matcher order and query whitespace are normalised.
    expect(await replay.labelValues('__name__', FROM, TO, ['{b="2"}', '{a="1"}'])).toEqual(a1);
    expect(await replay.series(['up'], FROM, TO)).toEqual(a2);
    expect(await replay.queryRange({ ...q, query: '  sum(rate(x[1m]))\n' })).toEqual(a3);
    const err = await replay.queryRange({ ...q, query: 'bad(', id: 'oops' }).catch((e) => e);
    expect(isLoadLensError(err, 'SOURCE_QUERY_ERROR')).toBe(true);
    expect(err.retryable).toBe(false);
    expect(live.calls).toBe(4);
  });

  it('answers an unknown call with SOURCE_BAD_RESPONSE naming the query', async () => {
    const rec = recordPromSource(fakeProm());
    await rec.source.queryRange({ query: 'up', fromMs: FROM, toMs: TO, stepSec: 15 });
    const replay = replayPromSource(rec.recording());
    const err = await replay.queryRange({ query: 'up', fromMs: FROM, toMs: TO, stepSec: 30 }).catch((e) => e);
    expect(isLoadLensError(err, 'SOURCE_BAD_RESPONSE')).toBe(true);
    expect(err.message).toBe('not in the recording: up');
    await expect(replay.labelValues('job', FROM, TO)).rejects.toThrow(
      'not in the recording: label values of job',
    );
  });

  it('records and replays an InfluxSource', async () => {
    const live: InfluxSource = {
      kind: 'influx1',
      measurements: async () => ['jmeter'],
      queryRange: async (q) => ({
        series: [{ id: 'a', name: 'a', labels: {}, t: [q.fromMs], v: [Number.NEGATIVE_INFINITY] }],
        stepSec: q.stepSec,
        warnings: [],
      }),
    };
    const rec = recordInfluxSource(live);
    const q: RangeQuery = {
      query: 'SELECT 1 WHERE $timeFilter',
      fromMs: FROM,
      toMs: TO,
      stepSec: 15,
      id: 'u',
    };
    const m = await rec.source.measurements();
    const r = await rec.source.queryRange(q);
    const replay = replayInfluxSource(JSON.parse(JSON.stringify(rec.recording())));
    expect(await replay.measurements()).toEqual(m);
    expect(await replay.queryRange(q)).toEqual(r);
    expect(r.series[0]!.v[0]).toBe(Number.NEGATIVE_INFINITY);
  });

  it('rejects a document that is not a recording', () => {
    expect(() => parseRecording({ version: 2 }, 'x.json')).toThrow(/x\.json is not a LoadLens recording/);
    const ok = parseRecording({
      version: 1,
      createdAt: 'now',
      window: { fromMs: 0, toMs: 1 },
      service: 'orders',
    });
    expect(ok.prom).toEqual([]);
    expect((ok as Record<string, unknown>).service).toBe('orders');
  });
});
