import { describe, expect, it } from 'vitest';
import {
  endpointDeltas,
  endpointTable,
  MAX_ENDPOINT_ROWS,
  routeOf,
} from '../../../src/analysis/endpoints.js';
import type { PanelData, Series } from '../../../src/sources/series.js';

const T0 = Date.UTC(2026, 11, 1, 15, 0, 0);
const STEP = 15_000;
const N = 40; // 10 minutes

const times = () => Array.from({ length: N }, (_, i) => T0 + i * STEP);
function s(labels: Record<string, string>, v: (i: number) => number): Series {
  const t = times();
  return {
    id: JSON.stringify(labels),
    name: Object.values(labels).join(','),
    labels,
    t,
    v: t.map((_, i) => v(i)),
  };
}
function panel(id: string, unit: PanelData['unit'], series: Series[]): PanelData {
  return { domain: 'http', panel: id, title: id, role: 'gauge', unit, pack: 'micrometer', query: id, series };
}
const window = { fromMs: T0, toMs: T0 + N * STEP };

describe('endpointTable', () => {
  it('gives rps, p95 and error rate per route over the window, sorted by load', () => {
    const panels = [
      panel('rps_by_route', 'rps', [
        s({ uri: '/health' }, () => 2),
        s({ uri: '/api/orders' }, () => 120),
        s({ uri: '/api/orders/{id}' }, (i) => (i < 20 ? 40 : 60)),
      ]),
      panel('p95_by_route', 's', [
        s({ uri: '/health' }, () => 0.002),
        s({ uri: '/api/orders' }, () => 0.25),
        s({ uri: '/api/orders/{id}' }, () => 0.08),
      ]),
      panel('errors_by_route', 'rps', [s({ uri: '/api/orders' }, () => 6)]),
    ];
    const table = endpointTable({ panels, ...window });
    expect(table).not.toBeNull();
    expect(table!.span.kind).toBe('window');
    expect(table!.hasErrors).toBe(true);
    expect(table!.rows).toEqual([
      { route: '/api/orders', rps: 120, p95Ms: 250, errorRate: 0.05 },
      { route: '/api/orders/{id}', rps: 50, p95Ms: 80, errorRate: 0 },
      { route: '/health', rps: 2, p95Ms: 2, errorRate: 0 },
    ]);
  });

  it('aggregates over the peak step when one is given, and leaves error rates out when not fetched', () => {
    const panels = [
      panel('rps_by_route', 'rps', [s({ handler: '/a' }, (i) => (i < 20 ? 10 : 30))]),
      panel('p95_by_route', 'ms', [s({ handler: '/a' }, (i) => (i < 20 ? 100 : 300))]),
    ];
    const span = { fromMs: T0 + 20 * STEP, toMs: T0 + N * STEP };
    const table = endpointTable({ panels, ...window, span })!;
    expect(table.span).toEqual({
      kind: 'peak',
      from: new Date(span.fromMs).toISOString(),
      to: new Date(span.toMs).toISOString(),
    });
    expect(table.hasErrors).toBe(false);
    expect(table.rows).toEqual([{ route: '/a', rps: 30, p95Ms: 300, errorRate: null }]);
  });

  it('adds up one route seen under several label sets and keeps the worst p95', () => {
    const panels = [
      panel('rps_by_route', 'rps', [
        s({ uri: '/x', method: 'GET' }, () => 5),
        s({ uri: '/x', method: 'POST' }, () => 7),
      ]),
      panel('p95_by_route', 's', [
        s({ uri: '/x', method: 'GET' }, () => 0.1),
        s({ uri: '/x', method: 'POST' }, () => 0.4),
      ]),
    ];
    expect(endpointTable({ panels, ...window })!.rows).toEqual([
      { route: '/x', rps: 12, p95Ms: 400, errorRate: null },
    ]);
  });

  it('is null without per-route data, and caps the rows', () => {
    expect(endpointTable({ panels: [], ...window })).toBeNull();
    expect(
      endpointTable({
        panels: [panel('rps_by_route', 'rps', [s({ uri: '/a' }, () => Number.NaN)])],
        ...window,
      }),
    ).toBeNull();
    const many = Array.from({ length: MAX_ENDPOINT_ROWS + 7 }, (_, k) => s({ uri: `/r${k}` }, () => k + 1));
    const table = endpointTable({ panels: [panel('rps_by_route', 'rps', many)], ...window })!;
    expect(table.rows).toHaveLength(MAX_ENDPOINT_ROWS);
    expect(table.omitted).toBe(7);
    expect(table.rows[0]!.route).toBe(`/r${MAX_ENDPOINT_ROWS + 6}`);
  });

  it('names a route by its route label, else its only label, else the series name', () => {
    expect(routeOf({ http_route: '/o', job: 'x' }, 'n')).toBe('/o');
    expect(routeOf({ something: '/p' }, 'n')).toBe('/p');
    expect(routeOf({ a: '1', b: '2' }, 'n')).toBe('n');
  });
});

describe('endpointDeltas', () => {
  it('compares each route with the same route of the baseline', () => {
    const span = { kind: 'window' as const, from: '', to: '' };
    const current = {
      span,
      omitted: 0,
      hasErrors: true,
      rows: [
        { route: '/a', rps: 110, p95Ms: 300, errorRate: 0.02 },
        { route: '/new', rps: 5, p95Ms: 10, errorRate: 0 },
      ],
    };
    const base = {
      span,
      omitted: 0,
      hasErrors: true,
      rows: [{ route: '/a', rps: 100, p95Ms: 200, errorRate: 0.005 }],
    };
    expect(endpointDeltas(current, base)).toEqual([
      { route: '/a', rpsPct: 10, p95Pct: 50, errorRatePp: 1.5, inBaseline: true },
      { route: '/new', rpsPct: null, p95Pct: null, errorRatePp: null, inBaseline: false },
    ]);
    expect(endpointDeltas(current, null).every((d) => !d.inBaseline)).toBe(true);
  });
});
