import { LoadLensError } from '../core/errors.js';
import { fromWallClock } from '../core/tz.js';
import type { RunFilter } from '../store/store.js';
import { RUNS_TARGET } from './auth.js';
import { appendSetCookie } from './cookies.js';
import type { Route } from './http-server.js';
import { reportPdf } from './pdf-report.js';
import { parseRunsQuery } from './query-filters.js';
import { reportNav } from './report-links.js';
import { renderReportPage } from './report-page.js';
import { baselineIds, runsCompareRoutes } from './runs-compare.js';
import { type RunsQuery, renderRunsPage } from './runs-page.js';
import { applySecurityHeaders } from './security-headers.js';
import { pageHandler, sendHtml, type WebContext } from './web-context.js';

/** Runs per page of the runs list. */
export const RUNS_PAGE_SIZE = 50;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The store filter of a runs query: dates are whole days in the page's zone, `until` inclusive. */
export function runsFilter(q: RunsQuery, tz: string): RunFilter {
  const day = (v: string | undefined, plus: number) => {
    const m = v ? DATE.exec(v) : null;
    return m ? new Date(fromWallClock(tz, Number(m[1]), Number(m[2]), Number(m[3]) + plus)) : undefined;
  };
  return {
    service: q.service,
    verdict: q.verdict,
    search: q.q,
    since: day(q.since, 0),
    until: day(q.until, 1),
    limit: RUNS_PAGE_SIZE + 1,
    offset: q.page * RUNS_PAGE_SIZE,
  };
}

/** The HTML pages: report, PDF download, runs list and its compare picker (compare: `compare-routes.ts`). */
export function pageRoutes(ctx: WebContext): Route[] {
  return [
    ...runsCompareRoutes(ctx),
    {
      method: 'GET',
      path: '/r/:id',
      handler: pageHandler(ctx, async ({ req, res, url, params }, locale, langCookies) => {
        const runId = params.id ?? '';
        // Authorise first: without a link nobody learns whether a run exists.
        const access = ctx.auth.page(req, url, { kind: 'run', runId });
        const run = await ctx.store.getRun(runId);
        if (!run) throw new LoadLensError('NOT_FOUND', `no run ${runId}`);
        const [versions, votes, narrative] = await Promise.all([
          ctx.store.listSummaryVersions(runId),
          ctx.store.listVotes(runId),
          ctx.store.narratives?.getNarrative(runId).catch(() => null) ?? Promise.resolve(null),
        ]);
        const links = await reportNav(ctx, run, access.claims, locale);
        const csrf = ctx.csrf.issue(req);
        const html = renderReportPage({
          run,
          versions,
          votes,
          narrative: narrative?.narrative ?? null,
          locale,
          tz: ctx.tz,
          user: access.claims.user,
          canEdit: access.claims.scope === 'edit',
          csrf: csrf.token,
          url,
          runsLink: access.claims.target === RUNS_TARGET,
          nav: links.nav,
          baselineEndpoints: links.baselineEndpoints,
        });
        sendHtml(res, 200, html, [...access.setCookies, ...csrf.setCookies, ...langCookies]);
      }),
    },
    {
      method: 'GET',
      path: '/r/:id/pdf',
      handler: pageHandler(ctx, async ({ req, res, url, params }, locale, langCookies) => {
        const runId = params.id ?? '';
        const access = ctx.auth.page(req, url, { kind: 'run', runId });
        const file = await reportPdf(ctx.store, ctx.pdf, runId, { locale, tz: ctx.tz, logger: ctx.logger });
        applySecurityHeaders(res);
        appendSetCookie(res, [...access.setCookies, ...langCookies]);
        const ascii = file.name.replace(/[^\w.-]/g, '_');
        res.writeHead(200, {
          'content-type': 'application/pdf',
          'content-length': file.bytes.length,
          'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          'cache-control': 'no-store',
        });
        res.end(file.bytes);
      }),
    },
    {
      method: 'GET',
      path: '/runs',
      handler: pageHandler(ctx, async ({ req, res, url }, locale, langCookies) => {
        const access = ctx.auth.page(req, url, { kind: 'runs' });
        const query = parseRunsQuery(url);
        const found = await ctx.store.listRuns(runsFilter(query, ctx.tz));
        const runs = found.slice(0, RUNS_PAGE_SIZE);
        const services = new Set(Object.keys(ctx.config.file.services));
        for (const r of runs) if (r.service) services.add(r.service);
        if (query.service) services.add(query.service);
        const baselines = await baselineIds(ctx.store, runs);
        const csrf = ctx.csrf.issue(req);
        const html = renderRunsPage({
          runs,
          baselines,
          notice: url.searchParams.get('notice') === 'pickTwo' ? 'pickTwo' : undefined,
          services: [...services].sort(),
          query,
          hasMore: found.length > RUNS_PAGE_SIZE,
          locale,
          tz: ctx.tz,
          canEdit: access.claims.scope === 'edit',
          csrf: csrf.token,
          url,
        });
        sendHtml(res, 200, html, [...access.setCookies, ...csrf.setCookies, ...langCookies]);
      }),
    },
  ];
}
