import type { IncomingMessage } from 'node:http';
import { LoadLensError } from '../core/errors.js';
import { readCookies, serializeCookie } from './cookies.js';
import type { LinkClaims, LinkScope, LinkSigner } from './signed-links.js';

/** Target of the runs list link; it also opens every run (the list links to them). */
export const RUNS_TARGET = 'runs';

/** What a request asks for: a run, the runs list, or a comparison of two runs. */
export type AccessTarget =
  | { kind: 'run'; runId: string }
  | { kind: 'runs' }
  | { kind: 'compare'; a: string; b: string };

/** The verified link behind a request, and the cookies that keep it for later requests. */
export interface Access {
  claims: LinkClaims;
  /** `Set-Cookie` values to send (only when the request carried `?t=`). */
  setCookies: string[];
}

const RUN_COOKIE = 'll_run';
const RUNS_COOKIE = 'll_runs';
const COMPARE_COOKIE = 'll_cmp';

/** The page a target is shown on (also the cookie path of its session). */
export function targetPath(t: AccessTarget): string {
  if (t.kind === 'runs') return '/runs';
  if (t.kind === 'compare') return `/compare/${encodeURIComponent(t.a)}/${encodeURIComponent(t.b)}`;
  return `/r/${encodeURIComponent(t.runId)}`;
}

/** The link target string a target is signed for. */
export function targetClaim(t: AccessTarget): string {
  if (t.kind === 'runs') return RUNS_TARGET;
  if (t.kind === 'compare') return `compare:${t.a}:${t.b}`;
  return t.runId;
}

/** Whether verified claims open a target: the exact target, or the runs list link for any run. */
function grants(claims: LinkClaims, t: AccessTarget): boolean {
  if (claims.target === targetClaim(t)) return true;
  return t.kind !== 'runs' && claims.target === RUNS_TARGET;
}

function needScope(claims: LinkClaims, need: LinkScope): void {
  if (need === 'edit' && claims.scope !== 'edit') {
    throw new LoadLensError('FORBIDDEN', 'this link is view-only; editing needs an edit link from the bot');
  }
}

/**
 * Signed-link access for the web view. A link's token (`?t=`) is verified once and then
 * kept in HttpOnly, SameSite=Strict cookies whose paths are the target's page and its
 * JSON endpoints, so the page's own requests carry it without tokens in URLs and a browser
 * sends each run's session only to that run. Missing, forged or expired → 401
 * (UNAUTHORIZED); a valid link for another page, or a view link on a write → 403 (FORBIDDEN).
 */
export function createWebAuth(opts: {
  signer: LinkSigner;
  now: () => number;
  /** Whether cookies get `Secure` (the page is served over https). */
  secure: (req: IncomingMessage) => boolean;
}) {
  const { signer } = opts;

  /** Cookies holding a verified token, placed by the token's own target. */
  function cookiesFor(claims: LinkClaims, token: string, req: IncomingMessage): string[] {
    const base = {
      maxAgeSec: claims.exp - opts.now() / 1000,
      sameSite: 'Strict' as const,
      secure: opts.secure(req),
    };
    if (claims.target === RUNS_TARGET) return [serializeCookie(RUNS_COOKIE, token, { ...base, path: '/' })];
    const cmp = /^compare:([^:]+):([^:]+)$/.exec(claims.target);
    if (cmp) {
      const path = targetPath({ kind: 'compare', a: cmp[1]!, b: cmp[2]! });
      return [serializeCookie(COMPARE_COOKIE, token, { ...base, path })];
    }
    const id = encodeURIComponent(claims.target);
    return [
      serializeCookie(RUN_COOKIE, token, { ...base, path: `/r/${id}` }),
      serializeCookie(RUN_COOKIE, token, { ...base, path: `/api/runs/${id}` }),
    ];
  }

  /**
   * Verified claims from the request's cookies that open `t` with scope `need`: the run's
   * own session first, then the runs list's. A session that opens `t` but only for viewing
   * makes the refusal a 403; no usable session at all, a 401.
   */
  function fromCookies(req: IncomingMessage, t: AccessTarget, need: LinkScope): LinkClaims {
    const jar = readCookies(req);
    const own = t.kind === 'run' ? RUN_COOKIE : t.kind === 'compare' ? COMPARE_COOKIE : RUNS_COOKIE;
    const candidates = [
      ...(jar.get(own) ?? []),
      ...(own === RUNS_COOKIE ? [] : (jar.get(RUNS_COOKIE) ?? [])),
    ];
    let failure: LoadLensError | null = null;
    let forbidden: LoadLensError | null = null;
    for (const token of candidates) {
      try {
        const claims = signer.verify(token);
        if (!grants(claims, t)) {
          forbidden ??= new LoadLensError('FORBIDDEN', 'this link is for another page');
          continue;
        }
        needScope(claims, need);
        return claims;
      } catch (err) {
        if (err instanceof LoadLensError && err.code === 'FORBIDDEN') forbidden = err;
        else
          failure ??= err instanceof LoadLensError ? err : new LoadLensError('UNAUTHORIZED', 'bad session');
      }
    }
    throw forbidden ?? failure ?? new LoadLensError('UNAUTHORIZED', 'this link is not signed');
  }

  return {
    /**
     * Access to a page: the `?t=` token when present (it replaces older sessions), else
     * the session cookies. Throws UNAUTHORIZED or FORBIDDEN.
     */
    page(req: IncomingMessage, url: URL, t: AccessTarget, need: LinkScope = 'view'): Access {
      const token = url.searchParams.get('t');
      if (token !== null) {
        const claims = signer.verify(token);
        if (!grants(claims, t)) throw new LoadLensError('FORBIDDEN', 'this link is for another page');
        needScope(claims, need);
        return { claims, setCookies: cookiesFor(claims, token, req) };
      }
      return { claims: fromCookies(req, t, need), setCookies: [] };
    },

    /** Access for a JSON endpoint or download: session cookies only, never tokens in URLs. */
    session(req: IncomingMessage, t: AccessTarget, need: LinkScope): LinkClaims {
      return fromCookies(req, t, need);
    },
  };
}

export type WebAuth = ReturnType<typeof createWebAuth>;
