import type { ServerResponse } from 'node:http';
import { LoadLensError } from '../core/errors.js';
import type { RunRecord, Store } from '../store/store.js';
import { appendSetCookie } from './cookies.js';
import type { Route } from './http-server.js';
import { parsePickedRuns } from './query-filters.js';
import { signedHref } from './report-links.js';
import { applySecurityHeaders } from './security-headers.js';
import { pageHandler, type WebContext } from './web-context.js';

/** Ids of the runs in `runs` that are their service's baseline (one look-up per service). */
export async function baselineIds(store: Store, runs: readonly RunRecord[]): Promise<Set<string>> {
  const services = [...new Set(runs.map((r) => r.service).filter((s): s is string => !!s))];
  const found = await Promise.all(services.map((s) => store.getBaseline(s)));
  return new Set(found.filter((b) => b !== null).map((b) => b.runId));
}

/**
 * Orders two picked runs as a comparison reads them: the baseline is A (the reference);
 * else the run whose window starts earlier.
 */
export function orderPair(
  x: RunRecord,
  y: RunRecord,
  baselines: ReadonlySet<string>,
): [RunRecord, RunRecord] {
  if (baselines.has(y.id) && !baselines.has(x.id)) return [y, x];
  if (baselines.has(x.id) && !baselines.has(y.id)) return [x, y];
  return x.from.getTime() <= y.from.getTime() ? [x, y] : [y, x];
}

/** A 303 to `location` with the cookies the request earned. */
function redirect(res: ServerResponse, location: string, setCookies: string[]): void {
  applySecurityHeaders(res);
  appendSetCookie(res, setCookies);
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

/**
 * `/runs/compare?run=<a>&run=<b>`: the runs page's compare form. Needs the runs list's
 * session; two distinct runs go to their comparison page with a signed view link (as the
 * chat's compare links), anything else back to the list with a notice.
 */
export function runsCompareRoutes(ctx: WebContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/runs/compare',
      handler: pageHandler(ctx, async ({ req, res, url }, _locale, langCookies) => {
        const access = ctx.auth.page(req, url, { kind: 'runs' });
        const ids = parsePickedRuns(url);
        if (ids.length !== 2) {
          redirect(res, '/runs?notice=pickTwo', [...access.setCookies, ...langCookies]);
          return;
        }
        const runs = await Promise.all(ids.map((id) => ctx.store.getRun(id)));
        const [x, y] = runs;
        if (!x || !y) throw new LoadLensError('NOT_FOUND', `no run ${x ? ids[1] : ids[0]}`);
        const [a, b] = orderPair(x, y, await baselineIds(ctx.store, [x, y]));
        const href = signedHref(ctx, access.claims, { kind: 'compare', a: a.id, b: b.id });
        redirect(res, href, [...access.setCookies, ...langCookies]);
      }),
    },
  ];
}
