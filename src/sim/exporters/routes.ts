import type { Timeline } from '../timeline.js';
import { splitCounts } from './family.js';

/** One HTTP route of the simulated `orders` service, as each framework would name it. */
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

export const ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/api/orders/{id}',
    handler: '/api/orders/{order_id}',
    endpoint: '/api/orders/<order_id>',
    // k6 names a `http.url` template request by its literal template.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${} is what k6 reports
    k6Name: 'http://orders:8080/api/orders/${}',
    share: 0.7,
    errorShare: 0.4,
    errorStatus: 503,
  },
  {
    method: 'POST',
    path: '/api/orders',
    handler: '/api/orders',
    endpoint: '/api/orders',
    k6Name: 'http://orders:8080/api/orders',
    share: 0.3,
    errorShare: 0.6,
    errorStatus: 500,
  },
];

/** Per-route request counts of one tick stream: successes and failures (integers). */
export interface RouteCounts {
  route: Route;
  ok: number[];
  failed: number[];
  /** ok + failed. */
  total: number[];
}

const cache = new WeakMap<Timeline, RouteCounts[]>();

/**
 * Splits the timeline's requests between routes. Every framework uses this one split, so
 * their throughputs agree exactly.
 */
export function routeCounts(tl: Timeline): RouteCounts[] {
  const hit = cache.get(tl);
  if (hit) return hit;
  const okTotal = tl.requests.map((r, i) => r - tl.errors[i]!);
  const ok = splitCounts(
    okTotal,
    ROUTES.map((r) => r.share),
  );
  const failed = splitCounts(
    tl.errors,
    ROUTES.map((r) => r.errorShare),
  );
  const out = ROUTES.map((route, k) => ({
    route,
    ok: ok[k]!,
    failed: failed[k]!,
    total: ok[k]!.map((v, i) => v + failed[k]![i]!),
  }));
  cache.set(tl, out);
  return out;
}
