import { z } from 'zod';
import { LoadLensError } from '../core/errors.js';
import type { Vote } from '../store/store.js';
import { buildChartData } from './chart-data.js';
import { makeWhen, summaryVersionJson } from './feedback-html.js';
import type { HttpRequest, Route } from './http-server.js';
import { MARKDOWN_MAX_CHARS } from './markdown.js';
import { applySecurityHeaders } from './security-headers.js';
import type { LinkClaims, LinkScope } from './signed-links.js';
import { readJson, sendJson, type WebContext } from './web-context.js';

const summaryBody = z.object({ body: z.string().max(MARKDOWN_MAX_CHARS) });
const restoreBody = z.object({ version: z.number().int().positive() });
const voteBody = z.object({
  target: z.string().min(1).max(200),
  value: z.union([z.literal(1), z.literal(-1)]),
  comment: z.string().max(1000).nullish(),
});
const renameBody = z.object({ name: z.string().trim().min(1).max(200) });
const deleteBody = z.object({ confirm: z.string() });

const voteJson = (v: Vote) => ({
  target: v.target,
  voter: v.voter,
  value: v.value,
  comment: v.comment,
  createdAt: v.createdAt.toISOString(),
});

/**
 * The JSON endpoints of the web view. Reads need a view session for the run, writes an
 * edit session plus the CSRF token and our Origin; the link's user is the author of every
 * write. Sessions come from cookies only (see `auth.ts`).
 */
export function apiRoutes(ctx: WebContext): Route[] {
  const access = (r: HttpRequest, need: LinkScope): { runId: string; claims: LinkClaims } => {
    const runId = r.params.id ?? '';
    const claims = ctx.auth.session(r.req, { kind: 'run', runId }, need);
    if (need === 'edit') ctx.csrf.check(r.req);
    return { runId, claims };
  };
  const existing = async (runId: string) => {
    const run = await ctx.store.getRun(runId);
    if (!run) throw new LoadLensError('NOT_FOUND', `no run ${runId}`);
    return run;
  };
  const summaries = async (r: HttpRequest, runId: string) => {
    const when = makeWhen(ctx.locale(r.req, r.url).locale, ctx.tz);
    return (await ctx.store.listSummaryVersions(runId)).map((v) => summaryVersionJson(v, when));
  };
  const votes = async (runId: string) => (await ctx.store.listVotes(runId)).map(voteJson);

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/api/runs/:id/series',
      handler: async (r) => {
        const { runId } = access(r, 'view');
        const run = await existing(runId);
        const series = await ctx.store.getSeries(runId);
        const { locale } = ctx.locale(r.req, r.url);
        sendJson(r.res, 200, buildChartData(series, run.report, { locale, tz: ctx.tz }));
      },
    },
    {
      method: 'GET',
      path: '/api/runs/:id/summary',
      handler: async (r) => {
        const { runId } = access(r, 'view');
        await existing(runId);
        sendJson(r.res, 200, { versions: await summaries(r, runId) });
      },
    },
    {
      method: 'POST',
      path: '/api/runs/:id/summary',
      handler: async (r) => {
        const { runId, claims } = access(r, 'edit');
        const { body } = await readJson(r.req, summaryBody, MARKDOWN_MAX_CHARS * 4 + 1024);
        const saved = await ctx.store.addSummaryVersion(runId, claims.user, body);
        sendJson(r.res, 201, { version: saved.version, versions: await summaries(r, runId) });
      },
    },
    {
      method: 'POST',
      path: '/api/runs/:id/summary/restore',
      handler: async (r) => {
        const { runId, claims } = access(r, 'edit');
        const { version } = await readJson(r.req, restoreBody, 1024);
        const old = (await ctx.store.listSummaryVersions(runId)).find((v) => v.version === version);
        if (!old) throw new LoadLensError('NOT_FOUND', `run ${runId} has no summary version ${version}`);
        const saved = await ctx.store.addSummaryVersion(runId, claims.user, old.body);
        sendJson(r.res, 201, { version: saved.version, versions: await summaries(r, runId) });
      },
    },
    {
      method: 'GET',
      path: '/api/runs/:id/votes',
      handler: async (r) => {
        const { runId } = access(r, 'view');
        await existing(runId);
        sendJson(r.res, 200, { votes: await votes(runId) });
      },
    },
    {
      method: 'POST',
      path: '/api/runs/:id/votes',
      handler: async (r) => {
        const { runId, claims } = access(r, 'edit');
        const v = await readJson(r.req, voteBody, 8 * 1024);
        if (v.target !== 'verdict') {
          const findings = await ctx.store.getFindings(runId);
          if (!findings.some((f) => f.id === v.target)) {
            throw new LoadLensError('BAD_INPUT', `run ${runId} has no finding ${v.target}`);
          }
        }
        await ctx.store.putVote({
          runId,
          target: v.target,
          voter: claims.user,
          value: v.value,
          comment: v.comment?.trim() || null,
        });
        sendJson(r.res, 201, { votes: await votes(runId) });
      },
    },
    {
      method: 'PUT',
      path: '/api/runs/:id',
      handler: async (r) => {
        const { runId } = access(r, 'edit');
        const { name } = await readJson(r.req, renameBody, 4 * 1024);
        if (!(await ctx.store.renameRun(runId, name)))
          throw new LoadLensError('NOT_FOUND', `no run ${runId}`);
        sendJson(r.res, 200, { id: runId, name });
      },
    },
    {
      method: 'DELETE',
      path: '/api/runs/:id',
      handler: async (r) => {
        const { runId, claims } = access(r, 'edit');
        const { confirm } = await readJson(r.req, deleteBody, 1024);
        // The page asks first; the body repeats the id so no stray request deletes a run.
        if (confirm !== runId) throw new LoadLensError('BAD_INPUT', 'confirm the deletion with the run id');
        if (!(await ctx.store.deleteRun(runId))) throw new LoadLensError('NOT_FOUND', `no run ${runId}`);
        ctx.logger.info('run deleted from the web view', { runId, by: claims.user });
        sendJson(r.res, 200, { deleted: runId });
      },
    },
  ];
  // Error answers (written by the shared server) carry the security headers too.
  return routes.map((route) => ({
    ...route,
    handler: async (r: HttpRequest) => {
      applySecurityHeaders(r.res);
      await route.handler(r);
    },
  }));
}
