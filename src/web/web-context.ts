import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Locale } from '../analysis/report.types.js';
import type { AppConfig } from '../config/load-config.js';
import type { Clock } from '../core/clock.js';
import { LoadLensError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import { createWebAuth, type WebAuth } from './auth.js';
import { appendSetCookie } from './cookies.js';
import { type Csrf, createCsrf } from './csrf.js';
import { type HttpRequest, readBody } from './http-server.js';
import { renderErrorPage } from './layout.js';
import type { PdfRenderer } from './pdf.js';
import { applySecurityHeaders } from './security-headers.js';
import type { LinkSigner } from './signed-links.js';
import { pickWebLocale } from './web-locale.js';
import { isWebTextKey, webText } from './web-strings.js';

/** What the web view needs from the process. */
export interface WebDeps {
  config: AppConfig;
  store: Store;
  signer: LinkSigner;
  /** LOADLENS_SECRET (the CSRF key is derived from it). */
  secret: string;
  logger: Logger;
  clock: Clock;
  pdf: PdfRenderer;
}

/** The per-process web context: deps plus the auth and CSRF checkers built from them. */
export interface WebContext extends WebDeps {
  auth: WebAuth;
  csrf: Csrf;
  tz: string;
  /** Whether cookies get `Secure`: PUBLIC_URL is https or the proxy says so. */
  secure(req: IncomingMessage): boolean;
  /** The page language of a request, and the cookie remembering an explicit choice. */
  locale(req: IncomingMessage, url: URL): { locale: Locale; setCookies: string[] };
}

export function createWebContext(deps: WebDeps): WebContext {
  const { env } = deps.config;
  const httpsPublic = env.PUBLIC_URL?.startsWith('https:') ?? false;
  const secure = (req: IncomingMessage) =>
    httpsPublic || String(req.headers['x-forwarded-proto'] ?? '').startsWith('https');
  return {
    ...deps,
    tz: env.TZ,
    secure,
    auth: createWebAuth({ signer: deps.signer, now: () => deps.clock.now(), secure }),
    csrf: createCsrf({ secret: deps.secret, publicUrl: env.PUBLIC_URL, secure }),
    locale: (req, url) => pickWebLocale(req, url, env.LOCALE, secure(req)),
  };
}

/** Sends a page (HTML, never cached: it holds per-user state and a CSRF token). */
export function sendHtml(res: ServerResponse, status: number, html: string, setCookies: string[] = []): void {
  applySecurityHeaders(res);
  appendSetCookie(res, setCookies);
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** Sends a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  applySecurityHeaders(res);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * Reads a JSON body of at most `limit` bytes and validates it. A form post or text body
 * is refused: browsers cannot send `application/json` cross-site without a preflight.
 */
export async function readJson<T>(
  req: IncomingMessage,
  schema: z.ZodType<T>,
  limit = 256 * 1024,
): Promise<T> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    throw new LoadLensError('BAD_INPUT', 'send the body as application/json');
  }
  let raw: unknown;
  try {
    raw = JSON.parse((await readBody(req, limit)).toString('utf8') || 'null');
  } catch (err) {
    if (err instanceof LoadLensError) throw err;
    throw new LoadLensError('BAD_INPUT', 'the body is not valid JSON', { cause: err });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LoadLensError(
      'BAD_INPUT',
      `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/**
 * The sentence under an error page's title: the error's own web text in the page's
 * language when it names one (query filters do, see `query-filters.ts`), else its message.
 */
function pageDetail(err: LoadLensError, locale: Locale): string {
  const key = err.details.webText;
  if (typeof key !== 'string' || !isWebTextKey(key)) return err.message;
  const field = err.details.field;
  return webText(locale, key, {
    field: typeof field === 'string' && isWebTextKey(field) ? webText(locale, field) : '',
  });
}

const PAGE_STATUS: Partial<Record<string, 400 | 401 | 403 | 404>> = {
  BAD_INPUT: 400,
  BAD_INTERVAL: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
};

/**
 * Wraps a page handler: refusals and failures become a readable page in the visitor's
 * language with the right status (401/403/404/500) instead of a JSON error.
 */
export function pageHandler(
  ctx: WebContext,
  fn: (r: HttpRequest, locale: Locale, langCookies: string[]) => Promise<void>,
): (r: HttpRequest) => Promise<void> {
  return async (r) => {
    const { locale, setCookies } = ctx.locale(r.req, r.url);
    try {
      await fn(r, locale, setCookies);
    } catch (err) {
      const code = err instanceof LoadLensError ? err.code : 'INTERNAL';
      const status = PAGE_STATUS[code] ?? 500;
      if (status === 500) ctx.logger.error('web page failed', { path: r.url.pathname, err });
      if (r.res.headersSent) {
        r.res.end();
        return;
      }
      const detail = status === 500 || !(err instanceof LoadLensError) ? undefined : pageDetail(err, locale);
      sendHtml(r.res, status, renderErrorPage(locale, status, r.url, detail), setCookies);
    }
  };
}
