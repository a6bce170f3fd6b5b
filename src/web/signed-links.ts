import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { LoadLensError } from '../core/errors.js';

/** What a link lets its holder do. */
export type LinkScope = 'view' | 'edit';

/** The verified content of a signed link. */
export interface LinkClaims {
  /** What the link opens: a run id, or `runs` for the runs list, or `compare:<a>:<b>`. */
  target: string;
  scope: LinkScope;
  /** The chat user the link was made for; becomes the author of edits. */
  user: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * A token exactly: unpadded base64url payload, one dot, and the 43 characters of a 32-byte
 * MAC whose last one carries no stray bits (so each MAC has one spelling only).
 */
const TOKEN = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{42}[AEIMQUYcgkosw048])$/;

const claimsSchema = z.strictObject({
  target: z.string().min(1).max(1_000),
  scope: z.enum(['view', 'edit']),
  user: z.string().max(200),
  exp: z.number().int().positive(),
});

/**
 * Signs and verifies web links with HMAC-SHA256 under LOADLENS_SECRET. The token is
 * `base64url(json).base64url(mac)`; verification is constant-time and checks expiry.
 */
export function createLinkSigner(secret: string, opts: { now?: () => number; ttlSec?: number } = {}) {
  const now = opts.now ?? Date.now;
  const ttl = opts.ttlSec ?? 30 * 86_400;
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest();
  return {
    /** A token for `target`, valid for the default TTL unless `ttlSec` is given. */
    sign(claims: Omit<LinkClaims, 'exp'> & { ttlSec?: number }): string {
      const body: LinkClaims = {
        target: claims.target,
        scope: claims.scope,
        user: claims.user,
        exp: Math.floor(now() / 1000) + (claims.ttlSec ?? ttl),
      };
      const payload = b64(JSON.stringify(body));
      return `${payload}.${b64(mac(payload))}`;
    },
    /**
     * Verifies a token; throws UNAUTHORIZED when missing, malformed, forged or expired. The
     * parse is strict: exactly `payload.mac` in canonical base64url, a 32-byte MAC, and
     * claims of the right shape; `<token>.junk` or a re-padded MAC is refused.
     */
    verify(token: string | null | undefined): LinkClaims {
      if (!token) throw new LoadLensError('UNAUTHORIZED', 'this link is not signed');
      const m = TOKEN.exec(token);
      if (!m) throw new LoadLensError('UNAUTHORIZED', 'this link is malformed');
      const payload = m[1] as string;
      const sig = m[2] as string;
      const want = mac(payload);
      const got = Buffer.from(sig, 'base64url');
      if (got.length !== want.length || !timingSafeEqual(got, want)) {
        throw new LoadLensError('UNAUTHORIZED', 'this link has a bad signature');
      }
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch (cause) {
        throw new LoadLensError('UNAUTHORIZED', 'this link is malformed', { cause });
      }
      const parsed = claimsSchema.safeParse(json);
      if (!parsed.success) throw new LoadLensError('UNAUTHORIZED', 'this link is malformed');
      const claims = parsed.data;
      if (claims.exp * 1000 < now()) {
        throw new LoadLensError('UNAUTHORIZED', 'this link has expired; ask the bot for a new one');
      }
      return claims;
    },
  };
}

export type LinkSigner = ReturnType<typeof createLinkSigner>;

/** Builds the public URLs the bot puts in messages; null parts when PUBLIC_URL or the secret is unset. */
export function createLinkBuilder(publicUrl: string | undefined, signer: LinkSigner | undefined) {
  const base = publicUrl?.replace(/\/+$/, '');
  return {
    /** Link to a run's report page, or null when links are not configured. */
    report(runId: string, user: string, scope: LinkScope = 'edit'): string | null {
      if (!base || !signer) return null;
      return `${base}/r/${encodeURIComponent(runId)}?t=${signer.sign({ target: runId, scope, user })}`;
    },
    /** Link to the runs list (view by default; rename and delete need an edit link). */
    runs(user: string, scope: LinkScope = 'view'): string | null {
      if (!base || !signer) return null;
      return `${base}/runs?t=${signer.sign({ target: 'runs', scope, user })}`;
    },
    /** Link to a compare page of two runs. */
    compare(a: string, b: string, user: string): string | null {
      if (!base || !signer) return null;
      return `${base}/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}?t=${signer.sign({ target: `compare:${a}:${b}`, scope: 'view', user })}`;
    },
  };
}

export type LinkBuilder = ReturnType<typeof createLinkBuilder>;
