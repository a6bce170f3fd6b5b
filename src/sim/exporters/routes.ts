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

/**
 * The two routes of service `app`: `GET /api/<app>/{id}` (70 % of requests, 40 % of
 * failures, 503) and `POST /api/<app>` (the rest, 500). For `orders` these are the routes
 * every preset has always had.
 */
export function routesFor(app: string): readonly Route[] {
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
 * Splits the timeline's requests between the routes of service `app`. Every framework uses
 * this one split, so their throughputs agree exactly.
 */
export function routeCounts(tl: Timeline, app = 'orders'): RouteCounts[] {
  const byApp = cache.get(tl) ?? new Map<string, RouteCounts[]>();
  cache.set(tl, byApp);
  const hit = byApp.get(app);
  if (hit) return hit;
  const routes = routesFor(app);
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
  byApp.set(app, out);
  return out;
}
