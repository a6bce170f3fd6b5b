/**
 * A fake Telegram Bot API at the HTTP level, so the real grammY client talks to it as it
 * would to api.telegram.org: `/bot<token>/<method>` with JSON, urlencoded or (chunked)
 * multipart bodies, `ok/result` envelopes, long-polled getUpdates, every call recorded
 * with a timestamp, and scriptable faults (429 with `retry_after`, 500, 502 pages).
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import { ApiFailure, FakeState, METHODS, type StoredMessage } from './telegram/methods.js';
import { parseBody, type UploadedFile } from './telegram/parse-request.js';
import {
  type CallbackUpdateOptions,
  callbackUpdate,
  type TextUpdateOptions,
  textUpdate,
} from './telegram/updates.js';

export { BOT_ID, BOT_USERNAME, type StoredMessage } from './telegram/methods.js';
export type { FakeUser } from './telegram/updates.js';

/** One recorded API call. */
export interface FakeCall {
  method: string;
  params: Record<string, unknown>;
  files: Array<Omit<UploadedFile, 'bytes'>>;
  /** When the request arrived (ms since epoch, `performance.timeOrigin`-based for precision). */
  at: number;
  /** HTTP status answered. */
  status: number;
  /** Whether the body came with chunked transfer encoding. */
  chunked: boolean;
  /** The result or error answered. */
  ok: boolean;
  result?: unknown;
  error?: string;
}

/** A scripted failure of the next calls of a method. */
export type Fault = { status: 429; retryAfter: number } | { status: 500 } | { status: 502 };

/** Options of `startFakeTelegram`. */
export interface FakeTelegramOptions {
  token?: string;
  /** Longest getUpdates wait in ms, whatever the client asks (keeps test shutdowns quick). */
  maxPollMs?: number;
}

/** The running fake. */
export interface FakeTelegram {
  /** The value of TELEGRAM_API_ROOT. */
  apiRoot: string;
  token: string;
  calls: FakeCall[];
  state: FakeState;
  /** Queues a text message update (command or not); returns it. */
  injectText(o: TextUpdateOptions): Update;
  /** Queues a button press; returns it. */
  injectCallback(o: CallbackUpdateOptions): Update;
  /** Builds an update without queueing it (webhook tests post it themselves). */
  buildText(o: TextUpdateOptions): Update;
  /** Makes the next `times` calls of `method` fail with `fault`. */
  failNext(method: string, fault: Fault, times?: number): void;
  /** Resolves with the first call (past or future) matching `pred`. */
  waitForCall(pred: (c: FakeCall) => boolean, timeoutMs?: number): Promise<FakeCall>;
  /** Successful calls of a method. */
  callsOf(method: string): FakeCall[];
  /** Messages the bot posted to a chat, in order, with edits applied. */
  messagesIn(chatId: number | string): StoredMessage[];
  /** Updates queued and not yet confirmed by a getUpdates offset. */
  pendingUpdates(): number;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** Starts the fake on 127.0.0.1 and a free port. */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = opts.token ?? `123456:TEST-${Math.random().toString(36).slice(2, 10)}`;
  const maxPollMs = opts.maxPollMs ?? 1_000;
  const state = new FakeState();
  const calls: FakeCall[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const faults = new Map<string, Fault[]>();
  let updates: Update[] = [];
  let nextUpdateId = 500_000;
  let nextIncomingMessageId = 1;
  let closed = false;

  const record = (c: FakeCall) => {
    calls.push(c);
    events.emit('call', c);
  };

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  /** getUpdates: confirms updates below `offset`, then waits up to `timeout` s for new ones. */
  const getUpdates = async (p: Record<string, unknown>, req: IncomingMessage): Promise<Update[]> => {
    const offset = Number(p.offset ?? 0);
    if (offset > 0) updates = updates.filter((u) => u.update_id >= offset);
    const limit = Math.min(100, Number(p.limit ?? 100));
    const waitMs = Math.min(maxPollMs, Number(p.timeout ?? 0) * 1_000);
    const ready = () => updates.filter((u) => u.update_id >= offset).slice(0, limit);
    if (ready().length > 0 || waitMs <= 0 || closed) return ready();
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        events.off('update', done);
        events.off('close', done);
        req.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, waitMs);
      events.on('update', done);
      events.on('close', done);
      req.on('close', done);
    });
    return ready();
  };

  const server = createServer(async (req, res) => {
    const at = now();
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!m) {
      answer(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const method = m[2] as string;
    let body: Awaited<ReturnType<typeof parseBody>>;
    try {
      body = await parseBody(req);
    } catch (err) {
      answer(res, 400, { ok: false, error_code: 400, description: `Bad Request: ${(err as Error).message}` });
      return;
    }
    const base = {
      method,
      params: body.params,
      files: Object.values(body.files).map(({ bytes: _b, ...f }) => f),
      at,
      chunked: body.chunked,
    };
    if (m[1] !== token) {
      answer(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
      record({ ...base, status: 401, ok: false, error: 'Unauthorized' });
      return;
    }
    const fault = faults.get(method)?.shift();
    if (fault) {
      if (fault.status === 429) {
        const description = `Too Many Requests: retry after ${fault.retryAfter}`;
        answer(res, 429, {
          ok: false,
          error_code: 429,
          description,
          parameters: { retry_after: fault.retryAfter },
        });
        record({ ...base, status: 429, ok: false, error: description });
      } else if (fault.status === 500) {
        answer(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
        record({ ...base, status: 500, ok: false, error: 'Internal Server Error' });
      } else {
        // What a proxy in front of the Bot API answers: an HTML page, not JSON.
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        record({ ...base, status: 502, ok: false, error: 'Bad Gateway' });
      }
      return;
    }
    try {
      let result: unknown;
      if (method === 'getUpdates') result = await getUpdates(body.params, req);
      else {
        const handler = METHODS[method];
        if (!handler) throw new ApiFailure(404, 'Not Found');
        result = handler(state, body.params, body.files);
      }
      if (res.destroyed) return;
      answer(res, 200, { ok: true, result });
      record({ ...base, status: 200, ok: true, result });
    } catch (err) {
      const f = err instanceof ApiFailure ? err : new ApiFailure(500, (err as Error).message);
      answer(res, f.code, { ok: false, error_code: f.code, description: f.description });
      record({ ...base, status: f.code, ok: false, error: f.description });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no address');

  const enqueue = (u: Update) => {
    updates.push(u);
    events.emit('update');
    return u;
  };
  const buildText = (o: TextUpdateOptions) => textUpdate(nextUpdateId++, nextIncomingMessageId++, o);

  return {
    apiRoot: `http://127.0.0.1:${addr.port}`,
    token,
    calls,
    state,
    buildText,
    injectText: (o) => enqueue(buildText(o)),
    injectCallback: (o) => enqueue(callbackUpdate(nextUpdateId++, o)),
    failNext(method, fault, times = 1) {
      const list = faults.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(fault);
      faults.set(method, list);
    },
    waitForCall(pred, timeoutMs = 15_000) {
      const found = calls.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onCall = (c: FakeCall) => {
          if (!pred(c)) return;
          clearTimeout(timer);
          events.off('call', onCall);
          resolve(c);
        };
        const timer = setTimeout(() => {
          events.off('call', onCall);
          const seen = calls.map((c) => `${c.method}:${c.status}`).join(', ');
          reject(new Error(`no matching Telegram call within ${timeoutMs} ms; calls: ${seen}`));
        }, timeoutMs);
        events.on('call', onCall);
      });
    },
    callsOf: (method) => calls.filter((c) => c.method === method && c.ok),
    messagesIn: (chatId) =>
      [...state.messages.values()]
        .filter((msg) => msg.chatId === String(Number(chatId)))
        .sort((a, b) => a.messageId - b.messageId),
    pendingUpdates: () => updates.length,
    async close() {
      closed = true;
      events.emit('close');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
