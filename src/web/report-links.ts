import type { Locale, ReportJson } from '../analysis/report.types.js';
import { baselineFor, compareWithBaselinePair } from '../compare/load-and-compare.js';
import type { RunRecord } from '../store/store.js';
import { type AccessTarget, RUNS_TARGET, targetClaim, targetPath } from './auth.js';
import { externalLinks } from './external-links.js';
import type { BaselineView, ReportNav } from './report-nav.js';
import type { LinkClaims } from './signed-links.js';
import type { WebContext } from './web-context.js';

/** Links made for a visitor never outlive the link they came with (and last a minute at least). */
function ttlOf(claims: LinkClaims, nowMs: number): number {
  return Math.max(60, Math.floor(claims.exp - nowMs / 1000));
}

/**
 * A view-only signed link to `t` for the visitor's user, valid no longer than their own
 * link. The visitor's chat already holds links to every page of the web view (the bot
 * hands them out to any allowed chat), so a view link to the runs list or a comparison
 * grants nothing a chat member could not ask for; edits still need an edit link.
 */
export function signedHref(ctx: WebContext, claims: LinkClaims, t: AccessTarget): string {
  const token = ctx.signer.sign({
    target: targetClaim(t),
    scope: 'view',
    user: claims.user,
    ttlSec: ttlOf(claims, ctx.clock.now()),
  });
  return `${targetPath(t)}?t=${encodeURIComponent(token)}`;
}

/** The baseline as the report page shows it, with the chat's "vs baseline" line. */
async function baselineView(
  ctx: WebContext,
  run: RunRecord,
  claims: LinkClaims,
  locale: Locale,
): Promise<{ view: BaselineView | null; endpoints: ReportJson['endpoints'] }> {
  if (!run.service) return { view: null, endpoints: null };
  const service = run.service;
  const stored = await ctx.store.getBaseline(service);
  if (stored?.runId === run.id) return { view: { kind: 'self', service }, endpoints: null };
  const base = await baselineFor(ctx.store, run);
  if (!base) return { view: { kind: 'none', service }, endpoints: null };
  let summary: string | null = null;
  let verdict: Extract<BaselineView, { kind: 'other' }>['verdict'] = null;
  try {
    const pair = await compareWithBaselinePair(ctx.store, run, { locale });
    summary = pair?.result.summary[locale] ?? null;
    verdict = pair?.result.verdict ?? null;
  } catch (err) {
    // The page still shows the baseline's links; the line says the comparison failed.
    ctx.logger.warn('baseline comparison failed on the report page', { runId: run.id, err });
  }
  return {
    view: {
      kind: 'other',
      service,
      name: base.name,
      href: signedHref(ctx, claims, { kind: 'run', runId: base.id }),
      compareHref: signedHref(ctx, claims, { kind: 'compare', a: base.id, b: run.id }),
      summary,
      verdict,
    },
    endpoints: base.report.endpoints ?? null,
  };
}

/**
 * Everything the report page links to: the runs list (`/runs` when the visitor came with
 * the runs link, else a signed view link), the baseline and its comparison, and the
 * window in Grafana/Prometheus (configured base URLs without credentials).
 */
export async function reportNav(
  ctx: WebContext,
  run: RunRecord,
  claims: LinkClaims,
  locale: Locale,
): Promise<{ nav: ReportNav; baselineEndpoints: ReportJson['endpoints'] }> {
  const { env } = ctx.config;
  const baseline = await baselineView(ctx, run, claims, locale);
  return {
    nav: {
      runsHref: claims.target === RUNS_TARGET ? '/runs' : signedHref(ctx, claims, { kind: 'runs' }),
      baseline: baseline.view,
      external: externalLinks(
        {
          grafanaUrl: env.GRAFANA_URL,
          grafanaDatasourceUid: env.GRAFANA_DATASOURCE_UID,
          prometheusUrl: env.PROMETHEUS_URL,
        },
        { fromMs: run.from.getTime(), toMs: run.to.getTime() },
        run.report.queries ?? [],
      ),
    },
    baselineEndpoints: baseline.endpoints,
  };
}
