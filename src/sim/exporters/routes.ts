import type { Timeline } from '../timeline.js';
import { splitCounts } from './family.js';

/** One HTTP route of a simulated service, as each framework would name it. */
export interface Route {
  method: 'GET' | 'POST';
  /** Spring / OpenTelemetry route template. */
  path: string;
  /** FastAPI handler path. */
  handler: string;
  /** Flask endpoint. */
  endpoint: string;
  /** k6 `name` tag (the `http.url` template) and Locust request name. */
  k6Name: string;
  /** Share of all requests. */
  share: number;
  /** Share of all failures. */
  errorShare: number;
  errorStatus: 500 | 503;
}

/** Singular of a resource name, for path parameters: `orders` → `order`. */
function singular(app: string): string {
  return app.endsWith('s') && app.length > 1 ? app.slice(0, -1) : app;
}

/** The two routes every service has: its resource read by id and created. */
function baseRoutes(app: string): Route[] {
  const param = `${singular(app).replace(/[^a-z0-9]/gi, '_')}_id`;
  return [
    {
      method: 'GET',
      path: `/api/${app}/{id}`,
      handler: `/api/${app}/{${param}}`,
      endpoint: `/api/${app}/<${param}>`,
      // k6 names a `http.url` template request by its literal template, `${}` included.
      k6Name: `http://${app}:8080/api/${app}/\${}`,
      share: 0.7,
      errorShare: 0.4,
      errorStatus: 503,
    },
    {
      method: 'POST',
      path: `/api/${app}`,
      handler: `/api/${app}`,
      endpoint: `/api/${app}`,
      k6Name: `http://${app}:8080/api/${app}`,
      share: 0.3,
      errorShare: 0.6,
      errorStatus: 500,
    },
  ];
}

/** Sub-resources of the extra routes of a many-route service. */
const SUB_RESOURCES = ['items', 'status', 'history', 'notes', 'events', 'lines', 'tags', 'files'];

/** Extra route `k` (from 0): a sub-resource read by id (even `k`) or listed by a POST search (odd). */
function extraRoute(app: string, k: number): Route {
  const sub = `${SUB_RESOURCES[k % SUB_RESOURCES.length]}${k >= SUB_RESOURCES.length ? Math.floor(k / SUB_RESOURCES.length) : ''}`;
  const get = k % 2 === 0;
  const path = get ? `/api/${app}/${sub}/{id}` : `/api/${app}/${sub}/search`;
  return {
    method: get ? 'GET' : 'POST',
    path,
    handler: get ? `/api/${app}/${sub}/{${sub}_id}` : path,
    endpoint: get ? `/api/${app}/${sub}/<${sub}_id>` : path,
    k6Name: get ? `http://${app}:8080/api/${app}/${sub}/\${}` : `http://${app}:8080${path}`,
    share: 0,
    errorShare: 0,
    errorStatus: get ? 503 : 500,
  };
}

/**
 * The routes of service `app`. With the default `count` of 2: `GET /api/<app>/{id}` (70 % of
 * requests, 40 % of failures, 503) and `POST /api/<app>` (the rest, 500); for `orders` these
 * are the routes every preset has always had. A larger `count` adds sub-resource routes and
 * spreads requests and failures over all of them by a Zipf law (route `k` weighs 1/(k+1)),
 * as a real API's traffic is spread: a few hot routes, a long tail.
 */
export function routesFor(app: string, count = 2): readonly Route[] {
  const base = baseRoutes(app);
  if (count <= 2) return base;
  const routes = [...base, ...Array.from({ length: count - 2 }, (_, k) => extraRoute(app, k))];
  const weights = routes.map((_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return routes.map((r, k) => ({ ...r, share: weights[k]! / total, errorShare: weights[k]! / total }));
}

/** The routes of the default `orders` service. */
export const ROUTES: readonly Route[] = routesFor('orders');

/** Per-route request counts of one tick stream: successes and failures (integers). */
export interface RouteCounts {
  route: Route;
  ok: number[];
  failed: number[];
  /** ok + failed. */
  total: number[];
}

const cache = new WeakMap<Timeline, Map<string, RouteCounts[]>>();

/**
 * Splits the timeline's requests between the `count` routes of service `app`. Every framework uses
 * this one split, so their throughputs agree exactly.
 */
export function routeCounts(tl: Timeline, app = 'orders', count = 2): RouteCounts[] {
  const byApp = cache.get(tl) ?? new Map<string, RouteCounts[]>();
  cache.set(tl, byApp);
  const key = `${app}/${count}`;
  const hit = byApp.get(key);
  if (hit) return hit;
  const routes = routesFor(app, count);
  const okTotal = tl.requests.map((r, i) => r - tl.errors[i]!);
  const ok = splitCounts(
    okTotal,
    routes.map((r) => r.share),
  );
  const failed = splitCounts(
    tl.errors,
    routes.map((r) => r.errorShare),
  );
  const out = routes.map((route, k) => ({
    route,
    ok: ok[k]!,
    failed: failed[k]!,
    total: ok[k]!.map((v, i) => v + failed[k]![i]!),
  }));
  byApp.set(key, out);
  return out;
}
