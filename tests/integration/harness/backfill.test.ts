import { describe, expect, inject, it } from 'vitest';
import type { TruthStep } from '../../../src/sim/scenario.js';

const promUrl = inject('promUrl');
const SCENARIO = 'step_none';
const truth = inject('scenarios')[SCENARIO];

/** Mean of one instant vector's values over `query_range` (the query must yield one series). */
async function meanOverRange(query: string, fromMs: number, toMs: number): Promise<number> {
  const params = new URLSearchParams({
    query,
    start: String(fromMs / 1000),
    end: String(toMs / 1000),
    step: '15',
  });
  const res = await fetch(`${promUrl}/api/v1/query_range?${params}`);
  const body = (await res.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
  };
  expect(body.status, body.error).toBe('success');
  const result = body.data?.result ?? [];
  expect(result, `${query} returns exactly one series`).toHaveLength(1);
  const values = result[0]!.values.map(([, v]) => Number(v));
  expect(values.length).toBeGreaterThan(4);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The middle half of a plateau, and never the first minute: `rate(…[1m])` must not see the ramp. */
function middle(step: TruthStep): [number, number] {
  const quarter = (step.toMs - step.fromMs) / 4;
  return [step.fromMs + Math.max(quarter, 90_000), step.toMs - quarter];
}

const QUERIES = {
  k6: `sum(rate(k6_http_reqs_total{scenario="${SCENARIO}"}[1m]))`,
  micrometer: `sum(rate(http_server_requests_seconds_count{scenario="${SCENARIO}"}[1m]))`,
};

describe(`Prometheus backfilled with ${SCENARIO}`, () => {
  it('has the ground truth of a step test', () => {
    expect(truth, `scenario ${SCENARIO} is provided`).toBeDefined();
    expect(truth!.steps.length).toBeGreaterThanOrEqual(3);
    const levels = truth!.steps.map((s) => s.throughputRps);
    expect([...levels].sort((a, b) => a - b)).toEqual(levels);
  });

  for (const [source, query] of Object.entries(QUERIES)) {
    it(`${source}: the request rate on every plateau matches the truth within 5%`, async () => {
      const measured: number[] = [];
      for (const step of truth!.steps) {
        const [from, to] = middle(step);
        const rate = await meanOverRange(query, from, to);
        measured.push(rate);
        expect(
          Math.abs(rate - step.throughputRps) / step.throughputRps,
          `${source} at ${step.offeredRps} rps offered: measured ${rate.toFixed(1)}, truth ${step.throughputRps}`,
        ).toBeLessThanOrEqual(0.05);
      }
      // The levels really differ: the check above cannot pass with one flat rate.
      expect(Math.max(...measured) / Math.min(...measured)).toBeGreaterThan(2);
    });
  }

  it('has no samples of the scenario before its start', async () => {
    const params = new URLSearchParams({
      query: `count({scenario="${SCENARIO}"})`,
      time: String((truth!.startMs - 10 * 60_000) / 1000),
    });
    const body = (await (await fetch(`${promUrl}/api/v1/query?${params}`)).json()) as {
      data: { result: unknown[] };
    };
    expect(body.data.result).toEqual([]);
  });
});
