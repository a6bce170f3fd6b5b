import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { clip } from '../core/clip.js';
import { LoadLensError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { parseRequestTarget, type RequestTarget } from './request-target.js';

/** A request as route handlers see it: the raw Node objects plus the parsed URL. */
export interface HttpRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters captured by `:name` segments. */
  params: Record<string, string>;
}

/** One route. `path` may hold `:name` segments; `prefix: true` matches everything below it. */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | '*';
  path: string;
  prefix?: boolean;
  handler: (r: HttpRequest) => Promise<void> | void;
}

/**
 * The one HTTP server on PORT, shared by the web view, the alert webhooks and Slack's HTTP
 * mode. Each feature contributes routes; the server owns only matching, error answers and
 * shutdown. Bodies are read by the handlers with `readBody` so each can set its own limit.
 */
export interface HttpServer {
  readonly server: Server;
  /** Adds routes (before or after listen). */
  add(...routes: Route[]): void;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

function match(route: Route, method: string, target: RequestTarget): Record<string, string> | null {
  if (route.method !== '*' && route.method !== method) return null;
  const path = target.url.pathname;
  if (route.prefix)
    return path === route.path || path.startsWith(route.path.endsWith('/') ? route.path : `${route.path}/`)
      ? {}
      : null;
  const want = route.path.split('/').slice(1);
  if (want.length !== target.raw.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    if (w.startsWith(':')) {
      // Decoded once, strictly, by parseRequestTarget: a bad escape never gets this far.
      const g = target.decoded[i] as string;
      if (!g) return null;
      params[w.slice(1)] = g;
    } else if (w !== target.raw[i]) return null;
  }
  return params;
}

const STATUS: Partial<Record<string, number>> = {
  BAD_INPUT: 400,
  BAD_INTERVAL: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  OVERLOADED: 503,
};

/** Sends a JSON error answer; never reveals internals beyond the coded message. */
export function sendError(res: ServerResponse, err: unknown): void {
  const e =
    err instanceof LoadLensError ? err : new LoadLensError('INTERNAL', 'internal error', { cause: err });
  const status = STATUS[e.code] ?? 500;
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error: e.code, message: status === 500 ? 'internal error' : e.message }));
}

/**
 * Reads a request body up to `limit` bytes; a larger one is refused with PAYLOAD_TOO_LARGE
 * as soon as the limit is crossed, without buffering the rest.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new LoadLensError('PAYLOAD_TOO_LARGE', `body of ${declared} bytes exceeds the limit of ${limit}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) {
      req.resume();
      throw new LoadLensError('PAYLOAD_TOO_LARGE', `body exceeds the limit of ${limit} bytes`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** What the log may hold of a request: its method and path, cut short (no query: it may carry a link token). */
function requestLabel(req: IncomingMessage): { method: string; path: string } {
  const target = req.url ?? '';
  const q = target.indexOf('?');
  return { method: clip(req.method ?? '', 16), path: clip(q < 0 ? target : target.slice(0, q), 200) };
}

/**
 * The one error boundary of the shared server (issue 16): every request, whatever the
 * route (web view, webhooks, Slack HTTP mode, Telegram webhook), runs inside it. A
 * malformed target is a 400 before any route sees it; a handler's coded refusal answers
 * by its code; anything else is a 500, logged once here. Nothing a request does can
 * reject a promise nobody awaits, so no request can end the process.
 */
async function handleRequest(
  routes: readonly Route[],
  logger: Logger,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const target = parseRequestTarget(req.url);
    const method = req.method ?? 'GET';
    for (const route of routes) {
      const params = match(route, method, target);
      if (!params) continue;
      await route.handler({ req, res, url: target.url, params });
      return;
    }
    throw new LoadLensError('NOT_FOUND', `no page at ${clip(target.url.pathname, 60)}`);
  } catch (err) {
    if (!(err instanceof LoadLensError) || (STATUS[err.code] ?? 500) >= 500) {
      logger.error('http handler failed', { ...requestLabel(req), err });
    }
    // A request whose body was never read must not keep the connection waiting on it.
    if (!req.complete) req.resume();
    sendError(res, err);
  }
}

/** Creates the shared server. Unmatched paths answer 404; handler errors answer by code. */
export function createHttpServer(opts: { logger: Logger; routes?: Route[] }): HttpServer {
  const routes: Route[] = [...(opts.routes ?? [])];
  const server = createServer((req, res) => {
    handleRequest(routes, opts.logger, req, res).catch((err: unknown) => {
      // Only sendError itself could get here (e.g. a socket torn down mid-answer).
      opts.logger.error('http error answer failed', { ...requestLabel(req), err });
      res.destroy();
    });
  });
  // CONNECT (authority-form) never reaches the request handler; without a listener Node
  // drops the connection silently. We are no proxy: say so.
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  // Slow-loris guard; webhook senders and browsers finish well within these.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return {
    server,
    add: (...more) => {
      routes.push(...more);
    },
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}
