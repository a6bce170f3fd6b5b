/**
 * The Telegram webhook on the shared HTTP server. Telegram sends the `secret_token` given
 * to setWebhook in `X-Telegram-Bot-Api-Secret-Token`; anything without it is refused with
 * 401 before the body is read, so a stranger who finds the URL cannot inject commands.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Update } from 'grammy/types';
import { z } from 'zod';
import { LoadLensError } from '../../core/errors.js';
import { type Route, readBody } from '../../web/http-server.js';

/** The default webhook path (TELEGRAM_WEBHOOK_URL should end with it). */
export const WEBHOOK_PATH = '/telegram/webhook';
/** Updates are small; a megabyte leaves room for long messages and still bounds memory. */
export const WEBHOOK_BODY_LIMIT = 1_048_576;

const updateSchema = z.looseObject({ update_id: z.number().int().nonnegative() });

/**
 * The secret_token to use: the configured one, else one derived from the bot token, so
 * webhook mode is never unauthenticated. Telegram allows `[A-Za-z0-9_-]{1,256}`.
 */
export function webhookSecretFor(token: string, configured?: string): string {
  return configured ?? createHash('sha256').update(`loadlens-telegram-webhook:${token}`).digest('hex');
}

/** Compares secrets in constant time (hashing first makes the lengths equal). */
export function secretMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Paths to serve: the default one and the path of TELEGRAM_WEBHOOK_URL when it differs. */
export function webhookPaths(webhookUrl: string): string[] {
  const path = new URL(webhookUrl).pathname.replace(/\/+$/, '');
  return path && path !== WEBHOOK_PATH ? [WEBHOOK_PATH, path] : [WEBHOOK_PATH];
}

/** Builds the webhook routes; `onUpdate` should only dispatch (the answer goes out at once). */
export function webhookRoutes(opts: {
  webhookUrl: string;
  secret: string;
  onUpdate(update: Update): Promise<void>;
}): Route[] {
  const handler: Route['handler'] = async ({ req, res }) => {
    if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], opts.secret)) {
      req.resume();
      throw new LoadLensError('UNAUTHORIZED', 'wrong or missing secret token');
    }
    const raw = await readBody(req, WEBHOOK_BODY_LIMIT);
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      throw new LoadLensError('BAD_INPUT', 'the update is not JSON', { cause: err });
    }
    const parsed = updateSchema.safeParse(json);
    if (!parsed.success) throw new LoadLensError('BAD_INPUT', 'the body is not a Telegram update');
    await opts.onUpdate(parsed.data as unknown as Update);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  };
  return webhookPaths(opts.webhookUrl).map((path) => ({ method: 'POST' as const, path, handler }));
}
