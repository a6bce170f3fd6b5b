import { createServer } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { isLoadLensError } from '../../../src/core/errors.js';
import { createPrometheusSource } from '../../../src/sources/prometheus-client.js';

const SCENARIO = 'step_none';

function truth() {
  const t = inject('scenarios')[SCENARIO];
  if (!t) throw new Error(`scenario ${SCENARIO} missing from the harness`);
  return t;
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

function mean(xs: number[]): number {
  const finite = xs.filter(Number.isFinite);
  return finite.reduce((a, b) => a + b, 0) / finite.length;
}

describe('Prometheus source against a real Prometheus', () => {
  const src = () => createPrometheusSource({ url: inject('promUrl'), timeoutMs: 20_000 });

  it('lists metric names of a scenario window', async () => {
    const t = truth();
    const names = await src().labelValues('__name__', t.startMs, t.endMs, [`{scenario="${SCENARIO}"}`]);
    expect(names).toContain('k6_http_reqs_total');
    expect(names).toContain('k6_vus');
    expect(names).toContain('http_server_requests_seconds_count');
    expect([...names].sort()).toEqual(names);
  });

  it('lists label sets of matching series', async () => {
    const t = truth();
    const sets = await src().series([`k6_vus{scenario="${SCENARIO}"}`], t.startMs, t.endMs);
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) expect(s).toMatchObject({ __name__: 'k6_vus', scenario: SCENARIO });
  });

  it('returns a rate over the window that follows the truth steps', async () => {
    const t = truth();
    const r = await src().queryRange({
      query: `sum(rate(k6_http_reqs_total{scenario="${SCENARIO}"}[1m]))`,
      fromMs: t.startMs,
      toMs: t.endMs,
      stepSec: 15,
      id: 'rps',
    });
    expect(r.stepSec).toBe(15);
    expect(r.warnings).toEqual([]);
    expect(r.series).toHaveLength(1);
    const s = r.series[0]!;
    expect(s.id).toBe('rps');
    expect(s.t.length).toBeGreaterThan(100);
    expect(s.t[1]! - s.t[0]!).toBe(15_000);
    expect(t.steps.length).toBeGreaterThan(1);
    for (const step of [t.steps[0]!, t.steps[t.steps.length - 1]!]) {
      // The middle half of the plateau, away from the rate window's edge effects.
      const quarter = (step.toMs - step.fromMs) / 4;
      const inside = s.v.filter((_, i) => s.t[i]! >= step.fromMs + quarter && s.t[i]! <= step.toMs - quarter);
      expect(inside.length).toBeGreaterThan(3);
      expect(mean(inside)).toBeGreaterThan(step.throughputRps * 0.9);
      expect(mean(inside)).toBeLessThan(step.throughputRps * 1.1);
    }
  });

  it('coarsens the step for a long window instead of hitting the 11,000-point limit', async () => {
    const t = truth();
    const r = await src().queryRange({
      query: 'vector(1)',
      fromMs: t.endMs - 30 * 86_400_000,
      toMs: t.endMs,
      stepSec: 15,
      id: 'one',
    });
    expect(r.stepSec).toBeGreaterThan(15);
    expect(r.warnings[0]).toMatch(/^step raised from 15s to \d+\w to stay under 11000 points$/);
    expect(r.series[0]!.t.length).toBeLessThanOrEqual(11_000);
  });

  it('names the query in a PromQL syntax error and does not retry it', async () => {
    const t = truth();
    const err = await src()
      .queryRange({
        query: 'sum(rate(k6_http_reqs_total[1m])',
        fromMs: t.startMs,
        toMs: t.endMs,
        stepSec: 15,
        id: 'broken',
      })
      .catch((e: unknown) => e);
    expect(isLoadLensError(err, 'SOURCE_QUERY_ERROR')).toBe(true);
    expect((err as Error).message).toMatch(/^query "broken" failed: bad_data: .*parse error/);
    expect((err as { retryable: boolean }).retryable).toBe(false);
  });

  it('reports a closed port as SOURCE_UNREACHABLE quickly', async () => {
    const port = await closedPort();
    const dead = createPrometheusSource({ url: `http://127.0.0.1:${port}`, retries: 2, timeoutMs: 2_000 });
    const started = Date.now();
    const err = await dead.labelValues('__name__', 0, 1000).catch((e: unknown) => e);
    expect(isLoadLensError(err, 'SOURCE_UNREACHABLE')).toBe(true);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
