import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake server saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query string. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: SeenRequest, res: ServerResponse, n: number) => void | Promise<void>;

/** A throwaway HTTP server on 127.0.0.1:0 that records requests and counts those in flight. */
export interface FakeServer {
  url: string;
  requests: SeenRequest[];
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakeServer(handler: Handler): Promise<FakeServer> {
  let inFlight = 0;
  const state: FakeServer = { url: '', requests: [], maxInFlight: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      state.requests.push(seen);
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      res.on('close', () => inFlight--);
      Promise.resolve(handler(seen, res, state.requests.length)).catch((err: unknown) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The form fields of a POST body (or the query string of a GET). */
export function formOf(req: SeenRequest): URLSearchParams {
  return req.method === 'POST' ? new URLSearchParams(req.body) : req.query;
}

/** A Prometheus success envelope holding a matrix. */
export function promMatrix(
  result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>,
  warnings?: string[],
) {
  return { status: 'success', data: { resultType: 'matrix', result }, ...(warnings ? { warnings } : {}) };
}

export const noSleep = async (): Promise<void> => {};
