/**
 * One error family for LoadLens. Every error a user or the queue can see carries a stable
 * code, a message that says what to fix, and the original `cause`.
 */

/** Stable error codes; the i18n layer maps them to ru/en messages. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_UNREACHABLE'
  | 'BAD_INPUT'
  | 'BAD_INTERVAL'
  | 'INTERVAL_TOO_LONG'
  | 'UNKNOWN_SERVICE'
  | 'SERVICE_AMBIGUOUS'
  | 'UNKNOWN_COMMAND'
  | 'NOT_FOUND'
  | 'SOURCE_UNREACHABLE'
  | 'SOURCE_TIMEOUT'
  | 'SOURCE_QUERY_ERROR'
  | 'SOURCE_BAD_RESPONSE'
  | 'STORE_ERROR'
  /** The database or Redis cannot be reached right now (refused, reset, shut down): retry later. */
  | 'STORE_UNAVAILABLE'
  | 'MIGRATION_FAILED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'OVERLOADED'
  | 'RENDER_FAILED'
  | 'LLM_FAILED'
  | 'INTERNAL';

/** Codes that a retry can never fix: the queue must fail such jobs at once. */
const UNRECOVERABLE: ReadonlySet<ErrorCode> = new Set([
  'CONFIG_INVALID',
  'BAD_INPUT',
  'BAD_INTERVAL',
  'INTERVAL_TOO_LONG',
  'UNKNOWN_SERVICE',
  'SERVICE_AMBIGUOUS',
  'UNKNOWN_COMMAND',
  'NOT_FOUND',
  'SOURCE_QUERY_ERROR',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
]);

/** Base error: `code` is machine-readable, `details` feed i18n templates. */
export class LoadLensError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, string | number>;
  /** False when retrying cannot help (bad input, bad query). */
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, string | number>; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LoadLensError';
    this.code = code;
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? !UNRECOVERABLE.has(code);
  }
}

/** True when `err` is a LoadLensError, optionally with the given code. */
export function isLoadLensError(err: unknown, code?: ErrorCode): err is LoadLensError {
  return err instanceof LoadLensError && (code === undefined || err.code === code);
}

/** Wraps any thrown value into a LoadLensError, keeping the original as `cause`. */
export function toLoadLensError(err: unknown, code: ErrorCode = 'INTERNAL'): LoadLensError {
  if (err instanceof LoadLensError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new LoadLensError(code, message, { cause: err });
}
