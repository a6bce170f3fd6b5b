import { describe, expect, inject, it } from 'vitest';

const promUrl = inject('promUrl');
const shared = inject('shared');
const { fromMs, toMs } = shared.window;

async function api<T>(path: string, params: Record<string, string>): Promise<T> {
  const res = await fetch(`${promUrl}/api/v1/${path}?${new URLSearchParams(params)}`);
  const body = (await res.json()) as { status: string; error?: string; data: T };
  expect(body.status, body.error).toBe('success');
  return body.data;
}

type Matrix = { metric: Record<string, string>; values: [number, string][] }[];

/** Mean of a one-series range query over [a, b], 15 s steps. */
async function mean(query: string, a: number, b: number): Promise<number> {
  const result = await api<{ result: Matrix }>('query_range', {
    query,
    start: String(a / 1000),
    end: String(b / 1000),
    step: '15',
  });
  expect(result.result, query).toHaveLength(1);
  const v = result.result[0]!.values.map(([, x]) => Number(x));
  return v.reduce((s, x) => s + x, 0) / v.length;
}

/** Each busy service's request rate, by its own stack's counter and identity label. */
const RATE: Record<string, string> = {
  orders: 'sum(rate(http_server_requests_seconds_count{scenario="shared",application="orders"}[1m]))',
  payments: 'sum(rate(http_requests_total{scenario="shared",job="payments"}[1m]))',
  catalog: 'sum(rate(http_request_duration_seconds_count{scenario="shared",job="catalog"}[1m]))',
  search:
    'sum(rate(http_server_request_duration_seconds_count{scenario="shared",service_name="search"}[1m]))',
};

describe('shared Prometheus data in the harness', () => {
  it('injects the window and the roles of the six services', () => {
    const roles = Object.fromEntries(Object.values(shared.services).map((s) => [s.app, s.role]));
    expect(roles).toEqual({
      orders: 'under_load',
      payments: 'under_load',
      catalog: 'under_load',
      search: 'under_load',
      inventory: 'background',
      billing: 'before_window',
    });
    expect(shared.services.orders?.expectedVerdict).toBe('fail');
    expect(shared.services.catalog?.expectedVerdict).toBe('pass');
    expect(shared.services.search?.expectedVerdict).toBe('risk');
    expect(toMs - fromMs).toBe(40 * 60_000);
  });

  it('serves each busy service at its simulated peak, read by its own labels', async () => {
    for (const [app, query] of Object.entries(RATE)) {
      const peak = shared.services[app]!.peak!;
      // The middle half of the peak plateau, so `rate(…[1m])` sees no ramp.
      const quarter = (peak.toMs - peak.fromMs) / 4;
      const served = await mean(query, peak.fromMs + Math.max(quarter, 90_000), peak.toMs - quarter);
      expect(Math.abs(served - peak.rps) / peak.rps, `${app}: ${served} vs ${peak.rps}`).toBeLessThan(0.05);
    }
  });

  it('holds the earlier test in the same block, with no sample inside the window', async () => {
    const billing = shared.services.billing!;
    const selectors = [
      `{scenario="shared",instance=~"${billing.hostIp.replaceAll('.', '\\\\.')}:.*"}`,
      `{scenario="shared",testid="billing-step"}`,
      `{scenario="shared",container="billing"}`,
      `{scenario="shared",datname="billing"}`,
    ];
    /** Series with a sample within 5 min (the lookback) of a minute in [a, b]. */
    const seriesIn = async (selector: string, a: number, b: number) =>
      (
        await api<{ result: Matrix }>('query_range', {
          query: selector,
          start: String(a / 1000),
          end: String(b / 1000),
          step: '60',
        })
      ).result.length;
    for (const sel of selectors) {
      expect(await seriesIn(sel, billing.testFromMs, billing.testToMs), sel).toBeGreaterThan(0);
      expect(await seriesIn(sel, fromMs, toMs), sel).toBe(0);
    }
    // The label index answers per block: the window "has" Flask names it holds no sample of.
    const names = await api<string[]>('label/__name__/values', {
      'match[]': '{scenario="shared"}',
      start: String(fromMs / 1000),
      end: String(toMs / 1000),
    });
    expect(names).toContain('flask_app_request_count_total');
  });
});
