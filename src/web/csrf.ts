import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { LoadLensError } from '../core/errors.js';
import { readCookies, serializeCookie } from './cookies.js';

const CSRF_COOKIE = 'll_csrf';
/** The header the page's scripts send the token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** The origin the browser believes it talks to: scheme from TLS or the proxy, host from Host. */
export function requestOrigin(req: IncomingMessage): string | null {
  const host = req.headers.host;
  if (!host) return null;
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim();
  const tls = (req.socket as TLSSocket).encrypted === true;
  return `${tls || forwarded === 'https' ? 'https' : 'http'}://${host}`;
}

/**
 * CSRF protection of every write: a signed double-submit token plus an Origin check.
 * The browser keeps a random value in an HttpOnly, SameSite=Strict cookie; the page embeds
 * HMAC(secret, value) and its scripts send it in `X-CSRF-Token`. A forged request from
 * another site has neither the cookie (SameSite) nor the token (it cannot read the page),
 * and its Origin is not ours.
 */
export function createCsrf(opts: {
  secret: string;
  /** PUBLIC_URL, whose origin is accepted besides the request's own. */
  publicUrl?: string;
  secure: (req: IncomingMessage) => boolean;
}) {
  const key = createHmac('sha256', opts.secret).update('loadlens-csrf-v1').digest();
  const tokenOf = (value: string) => createHmac('sha256', key).update(value).digest('base64url');
  const publicOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;

  return {
    /** The token to embed in a page, setting the browser's cookie when it has none yet. */
    issue(req: IncomingMessage): { token: string; setCookies: string[] } {
      const existing = readCookies(req)
        .get(CSRF_COOKIE)
        ?.find((v) => /^[A-Za-z0-9_-]{32}$/.test(v));
      if (existing) return { token: tokenOf(existing), setCookies: [] };
      const value = randomBytes(24).toString('base64url');
      const cookie = serializeCookie(CSRF_COOKIE, value, {
        path: '/',
        maxAgeSec: 30 * 86_400,
        sameSite: 'Strict',
        secure: opts.secure(req),
      });
      return { token: tokenOf(value), setCookies: [cookie] };
    },

    /** Throws FORBIDDEN unless the request comes from our origin and carries a valid token. */
    check(req: IncomingMessage): void {
      const origin = req.headers.origin;
      const allowed = [requestOrigin(req), publicOrigin].filter(Boolean);
      if (!origin || !allowed.includes(origin)) {
        throw new LoadLensError('FORBIDDEN', 'cross-site request refused (origin)');
      }
      const site = req.headers['sec-fetch-site'];
      if (site !== undefined && site !== 'same-origin') {
        throw new LoadLensError('FORBIDDEN', 'cross-site request refused (fetch site)');
      }
      const sent = req.headers[CSRF_HEADER];
      const values = readCookies(req).get(CSRF_COOKIE) ?? [];
      if (typeof sent !== 'string' || values.length === 0) {
        throw new LoadLensError('FORBIDDEN', 'missing CSRF token; reload the page');
      }
      const got = Buffer.from(sent);
      const ok = values.some((v) => {
        const want = Buffer.from(tokenOf(v));
        return want.length === got.length && timingSafeEqual(want, got);
      });
      if (!ok) throw new LoadLensError('FORBIDDEN', 'bad CSRF token; reload the page');
    },
  };
}

export type Csrf = ReturnType<typeof createCsrf>;
