import { compareStoredPair } from '../compare/load-and-compare.js';
import { RUNS_TARGET } from './auth.js';
import { compareChartData, renderComparePage } from './compare-page.js';
import type { Route } from './http-server.js';
import { applySecurityHeaders } from './security-headers.js';
import { pageHandler, sendHtml, sendJson, type WebContext } from './web-context.js';

/**
 * The comparison of two stored runs: the page (`/compare/:a/:b`, the path the chat's
 * compare links use) and its overlay chart data below it, so the page's session cookie,
 * scoped to the page's path, reaches the data too.
 */
export function compareRoutes(ctx: WebContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/compare/:a/:b',
      handler: pageHandler(ctx, async ({ req, res, url, params }, locale, langCookies) => {
        const target = { kind: 'compare' as const, a: params.a ?? '', b: params.b ?? '' };
        const access = ctx.auth.page(req, url, target);
        const { result } = await compareStoredPair(ctx.store, target.a, target.b, { locale });
        const html = renderComparePage({
          result,
          locale,
          tz: ctx.tz,
          url,
          runsLink: access.claims.target === RUNS_TARGET,
        });
        sendHtml(res, 200, html, [...access.setCookies, ...langCookies]);
      }),
    },
    {
      method: 'GET',
      path: '/compare/:a/:b/series',
      handler: async ({ req, res, url, params }) => {
        applySecurityHeaders(res);
        const a = params.a ?? '';
        const b = params.b ?? '';
        ctx.auth.session(req, { kind: 'compare', a, b }, 'view');
        const { locale } = ctx.locale(req, url);
        const pair = await compareStoredPair(ctx.store, a, b, { locale });
        sendJson(res, 200, compareChartData(pair, { locale, tz: ctx.tz }));
      },
    },
  ];
}
