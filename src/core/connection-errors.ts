import { LoadLensError } from './errors.js';

/*
 * Which driver errors mean "the database or Redis is not reachable right now" rather than
 * "this query is wrong". Those must be retried for as long as an outage may last, so they
 * become STORE_UNAVAILABLE; their text (hosts, ports, driver wording) goes to logs only.
 */

/** errno codes of a socket that could not connect or was cut. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CLOSED',
]);

/**
 * SQLSTATEs of a server that is going away or not accepting connections: class 08
 * (connection exception), 57P01–57P03 (admin/crash shutdown, cannot connect now),
 * 53300 (too many connections).
 */
function isOutageSqlState(state: string): boolean {
  return (
    state.startsWith('08') || state === '57P01' || state === '57P02' || state === '57P03' || state === '53300'
  );
}

/** Messages of node-postgres, pg-pool and ioredis that carry no code. */
const OUTAGE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /connection is closed/i,
  /stream isn't writeable/i,
  /max retries per request/i,
  /socket closed unexpectedly/i,
];

/** ioredis error classes that mean the connection, not the command, failed. */
const OUTAGE_NAMES = new Set(['MaxRetriesPerRequestError', 'ConnectionClosedError']);

function ownOutage(e: object): boolean {
  const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) return isOutageSqlState(code);
  }
  if (typeof name === 'string' && OUTAGE_NAMES.has(name)) return true;
  return typeof message === 'string' && OUTAGE_MESSAGES.some((re) => re.test(message));
}

/**
 * True when `err` (or its `cause` chain, or an AggregateError's members, as `net` raises for
 * several addresses) says the server could not be reached or dropped the connection.
 */
export function isConnectionError(err: unknown, depth = 0): boolean {
  if (depth > 5 || err === null || typeof err !== 'object') return false;
  if (err instanceof LoadLensError && err.code === 'STORE_UNAVAILABLE') return true;
  if (ownOutage(err)) return true;
  const { cause, errors } = err as { cause?: unknown; errors?: unknown };
  if (Array.isArray(errors) && errors.some((e) => isConnectionError(e, depth + 1))) return true;
  return isConnectionError(cause, depth + 1);
}

/** The short machine reason of a connection error (errno code or SQLSTATE), for logs and details. */
export function connectionReason(err: unknown, depth = 0): string {
  if (depth > 5 || err === null || typeof err !== 'object') return 'connection lost';
  const { code, name, cause, errors } = err as {
    code?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || /^[0-9A-Z]{5}$/.test(code))) return code;
  if (typeof name === 'string' && OUTAGE_NAMES.has(name)) return name;
  if (Array.isArray(errors) && errors.length > 0) return connectionReason(errors[0], depth + 1);
  return cause === undefined ? 'connection lost' : connectionReason(cause, depth + 1);
}

/**
 * STORE_UNAVAILABLE for a connection error (retryable; the driver text stays in `cause` for
 * the logs), or null when `err` is something else.
 */
export function asStoreUnavailable(err: unknown, what: string): LoadLensError | null {
  if (err instanceof LoadLensError && err.code === 'STORE_UNAVAILABLE') return err;
  if (!isConnectionError(err)) return null;
  const reason = connectionReason(err);
  return new LoadLensError('STORE_UNAVAILABLE', `${what}: the database is unreachable (${reason})`, {
    cause: err,
    retryable: true,
    details: { reason },
  });
}
