import { describe, expect, it } from 'vitest';
import { ROUTES, routesFor } from '../../../src/sim/exporters/routes.js';

describe('routesFor', () => {
  it('gives every service its two routes by default, as the presets always had', () => {
    expect(routesFor('orders')).toEqual(ROUTES);
    expect(routesFor('orders', 2).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/orders/{id}',
      'POST /api/orders',
    ]);
  });

  it('adds distinct sub-resource routes and spreads requests and failures by a Zipf law', () => {
    const routes = routesFor('checkout', 30);
    expect(routes).toHaveLength(30);
    expect(new Set(routes.map((r) => `${r.method} ${r.path}`)).size).toBe(30);
    expect(new Set(routes.map((r) => r.k6Name)).size).toBe(30);
    // The service's own two routes come first and are the hottest.
    expect(routes.slice(0, 2).map((r) => r.path)).toEqual(['/api/checkout/{id}', '/api/checkout']);
    const shares = routes.map((r) => r.share);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(routes.map((r) => r.errorShare).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let k = 1; k < shares.length; k++) expect(shares[k]!).toBeLessThan(shares[k - 1]!);
    expect(shares[0]! / shares[9]!).toBeCloseTo(10, 9);
  });
});
