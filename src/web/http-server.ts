import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { LoadLensError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

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

function match(route: Route, method: string, path: string): Record<string, string> | null {
  if (route.method !== '*' && route.method !== method) return null;
  if (route.prefix)
    return path === route.path || path.startsWith(route.path.endsWith('/') ? route.path : `${route.path}/`)
      ? {}
      : null;
  const want = route.path.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      if (!g) return null;
      params[w.slice(1)] = decodeURIComponent(g);
    } else if (w !== g) return null;
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

/** Creates the shared server. Unmatched paths answer 404; handler errors answer by code. */
export function createHttpServer(opts: { logger: Logger; routes?: Route[] }): HttpServer {
  const routes: Route[] = [...(opts.routes ?? [])];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    for (const route of routes) {
      const params = match(route, method, url.pathname);
      if (!params) continue;
      try {
        await route.handler({ req, res, url, params });
      } catch (err) {
        if (!(err instanceof LoadLensError) || (STATUS[err.code] ?? 500) >= 500) {
          opts.logger.error('http handler failed', { path: url.pathname, err });
        }
        sendError(res, err);
      }
      return;
    }
    sendError(res, new LoadLensError('NOT_FOUND', `no page at ${url.pathname}`));
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
