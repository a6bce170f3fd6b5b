import { webApi } from '@slack/bolt';
import { type ErrorCode, LoadLensError } from '../../core/errors.js';

/** Slack error strings a retry cannot fix, by the code they map to. */
const PERMANENT: Record<string, ErrorCode> = {
  invalid_auth: 'UNAUTHORIZED',
  not_authed: 'UNAUTHORIZED',
  account_inactive: 'UNAUTHORIZED',
  token_revoked: 'UNAUTHORIZED',
  token_expired: 'UNAUTHORIZED',
  channel_not_found: 'FORBIDDEN',
  not_in_channel: 'FORBIDDEN',
  is_archived: 'FORBIDDEN',
  restricted_action: 'FORBIDDEN',
  missing_scope: 'FORBIDDEN',
  no_permission: 'FORBIDDEN',
  msg_too_long: 'BAD_INPUT',
  invalid_blocks: 'BAD_INPUT',
  invalid_blocks_format: 'BAD_INPUT',
  invalid_arguments: 'BAD_INPUT',
  message_not_found: 'NOT_FOUND',
  cant_update_message: 'FORBIDDEN',
  edit_window_closed: 'FORBIDDEN',
};

/**
 * Turns a Web API failure into a LoadLensError. The client has already retried 429s
 * (after `Retry-After`) and 5xx answers, so what arrives here is either permanent (bad
 * token, unknown channel, rejected blocks: not retryable) or a persisting outage
 * (retryable, so the queue tries the job again later).
 */
export function toSlackError(err: unknown, method: string): LoadLensError {
  if (err instanceof LoadLensError) return err;
  if (err instanceof webApi.WebAPIPlatformError) {
    const slack = String(err.data.error);
    if (slack === 'ratelimited') {
      return new LoadLensError('RATE_LIMITED', `Slack ${method}: rate limited`, {
        cause: err,
        details: { slack },
      });
    }
    const code = PERMANENT[slack];
    return new LoadLensError(code ?? 'INTERNAL', `Slack ${method} failed: ${slack}`, {
      cause: err,
      details: { slack, method },
      retryable: code === undefined,
    });
  }
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new LoadLensError('RATE_LIMITED', `Slack ${method}: rate limited for ${err.retryAfter} s`, {
      cause: err,
      details: { retryAfter: err.retryAfter, method },
    });
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    return new LoadLensError('INTERNAL', `Slack ${method}: HTTP ${err.statusCode}`, {
      cause: err,
      details: { status: err.statusCode, method },
      retryable: true,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new LoadLensError('INTERNAL', `Slack ${method} failed: ${message}`, {
    cause: err,
    details: { method },
    retryable: true,
  });
}
